import { AwsError } from '../../src/core/aws-error';
import { decodeAwsChunked, isAwsChunked } from '../../src/protocols/aws-chunked';

describe('aws-chunked', () => {
  it('decodes unsigned chunks with a trailing checksum (SDK v3)', () => {
    const raw = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    expect(decodeAwsChunked(raw)).toEqual({ body: Buffer.from('hello world'), trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' } });
  });

  it('decodes signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
    const sig = 'a'.repeat(64);
    const raw = Buffer.from(`3;chunk-signature=${sig}\r\nabc\r\n0;chunk-signature=${sig}\r\n\r\n`);
    expect(decodeAwsChunked(raw).body.toString()).toBe('abc');
  });

  it('recognises aws-chunked by Content-Encoding or a STREAMING payload hash', () => {
    expect(isAwsChunked({ 'content-encoding': 'gzip, aws-chunked' })).toBe(true);
    expect(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' })).toBe(true);
    expect(isAwsChunked({ 'content-encoding': 'gzip' })).toBe(false);
  });

  it.each(['', 'zz\r\nabc', '5\r\nabc\r\n0\r\n\r\n', '3\r\nabcX\r\n', '3\r\nabc\r\n0\r\nno-colon\r\n\r\n'])('refuses malformed framing %j as IncompleteBody', (raw) => {
    expect(() => decodeAwsChunked(Buffer.from(raw))).toThrow(AwsError);
  });
});
