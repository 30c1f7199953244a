import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { AwsError } from '../../core/aws-error';

/** The flexible checksums S3 accepts, by the header suffix (`x-amz-checksum-<name>`). */
export type ChecksumName = 'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256';
export const CHECKSUM_NAMES: readonly ChecksumName[] = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];

/** Output member names (`ChecksumCRC32`, …) by checksum. */
export const CHECKSUM_MEMBERS: Readonly<Record<ChecksumName, string>> = {
  crc32: 'ChecksumCRC32',
  crc32c: 'ChecksumCRC32C',
  crc64nvme: 'ChecksumCRC64NVME',
  sha1: 'ChecksumSHA1',
  sha256: 'ChecksumSHA256',
};

function table32(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
}

const CRC32_TABLE = table32(0xedb88320);
const CRC32C_TABLE = table32(0x82f63b78);

function crc32With(table: Uint32Array, data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5) as two 32-bit halves, for speed without BigInt. */
const CRC64_HI = new Uint32Array(256);
const CRC64_LO = new Uint32Array(256);
(() => {
  const POLY_HI = 0x9a6c9329;
  const POLY_LO = 0xac4bc9b5;
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let k = 0; k < 8; k++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        hi = (hi ^ POLY_HI) >>> 0;
        lo = (lo ^ POLY_LO) >>> 0;
      }
    }
    CRC64_HI[i] = hi;
    CRC64_LO[i] = lo;
  }
})();

function crc64nvme(data: Uint8Array): Buffer {
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const idx = (lo ^ data[i]) & 0xff;
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ CRC64_LO[idx]) >>> 0;
    hi = ((hi >>> 8) ^ CRC64_HI[idx]) >>> 0;
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
  out.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
  return out;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** The checksum of `data`, base64 of its big-endian bytes, as S3 writes it in `x-amz-checksum-*`. */
export function checksum(name: ChecksumName, data: Uint8Array): string {
  switch (name) {
    case 'crc32': {
      const native = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;
      return u32(native ? native(data) : crc32With(CRC32_TABLE, data)).toString('base64');
    }
    case 'crc32c':
      return u32(crc32With(CRC32C_TABLE, data)).toString('base64');
    case 'crc64nvme':
      return crc64nvme(data).toString('base64');
    case 'sha1':
      return createHash('sha1').update(data).digest('base64');
    case 'sha256':
      return createHash('sha256').update(data).digest('base64');
  }
}

/**
 * Verifies the checksums a request declared for its body (`Content-MD5`, `x-amz-checksum-*`); returns the
 * verified flexible checksums by name, to store and echo. A mismatch is `BadDigest`, as S3 answers.
 */
export function verifyChecksums(body: Uint8Array, declared: { contentMd5?: string; checksums: Partial<Record<ChecksumName, string>> }): Partial<Record<ChecksumName, string>> {
  if (declared.contentMd5 !== undefined) {
    const md5 = Buffer.from(declared.contentMd5, 'base64');
    if (md5.length !== 16 || md5.toString('base64') !== declared.contentMd5.trim()) {
      throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.');
    }
    if (!md5.equals(createHash('md5').update(body).digest())) {
      throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
  }
  const verified: Partial<Record<ChecksumName, string>> = {};
  for (const name of CHECKSUM_NAMES) {
    const value = declared.checksums[name];
    if (value === undefined) continue;
    if (checksum(name, body) !== value.trim()) {
      throw new AwsError('BadDigest', `The ${name.toUpperCase()} you specified did not match the calculated checksum.`);
    }
    verified[name] = value.trim();
  }
  return verified;
}
