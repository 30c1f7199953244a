import { checksum, verifyChecksums } from '../../../src/services/s3/checksums';

describe('S3 checksums', () => {
  const check = Buffer.from('123456789');
  const hex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

  it('computes the standard check values', () => {
    expect(hex(checksum('crc32', check))).toBe('cbf43926');
    expect(hex(checksum('crc32c', check))).toBe('e3069283');
    expect(hex(checksum('crc64nvme', check))).toBe('ae8b14860a799888');
    expect(hex(checksum('sha1', check))).toBe('f7c3bc1d808e04732adf679965ccc34ca7ae3441');
  });

  it('verifies declared checksums and names the one that does not match', () => {
    expect(verifyChecksums(check, { checksums: { crc32: checksum('crc32', check) } })).toEqual({ crc32: 'y/Q5Jg==' });
    expect(() => verifyChecksums(check, { checksums: { crc32c: 'AAAAAA==' } })).toThrow('The CRC32C you specified did not match the calculated checksum.');
    expect(() => verifyChecksums(check, { contentMd5: 'not-base64', checksums: {} })).toThrow('The Content-MD5 you specified was invalid.');
  });
});
