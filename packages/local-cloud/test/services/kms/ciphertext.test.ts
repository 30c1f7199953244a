import { randomBytes, randomUUID } from 'node:crypto';
import {
  canonicalEncryptionContext,
  InvalidCiphertextError,
  MIN_CIPHERTEXT_LENGTH,
  openCiphertext,
  readCiphertextHeader,
  sealCiphertext,
} from '../../../src/services/kms/ciphertext';

describe('KMS ciphertext format', () => {
  const material = randomBytes(32);
  const keyId = randomUUID();
  const header = { keyId, materialVersion: 1 };

  it('round-trips plaintext and carries the key id and material version', () => {
    // Prepare
    const plaintext = Buffer.from('attack at dawn');

    // Act
    const blob = sealCiphertext(material, header, plaintext, { purpose: 'test' });

    // Assess
    expect(readCiphertextHeader(blob)).toEqual({ keyId, materialVersion: 1 });
    expect(openCiphertext(material, blob, { purpose: 'test' }).toString()).toBe('attack at dawn');
    expect(blob.subarray(0, 3)).toEqual(Buffer.from([0x4c, 0x4b, 0x01]));
    expect(blob.length).toBe(MIN_CIPHERTEXT_LENGTH + plaintext.length);
    expect(blob.includes(plaintext)).toBe(false);
  });

  it('uses a fresh IV each time', () => {
    const a = sealCiphertext(material, header, Buffer.from('x'), undefined);
    const b = sealCiphertext(material, header, Buffer.from('x'), undefined);
    expect(a.equals(b)).toBe(false);
  });

  it('binds the encryption context regardless of key order', () => {
    const blob = sealCiphertext(material, header, Buffer.from('secret'), { b: '2', a: '1' });
    expect(openCiphertext(material, blob, { a: '1', b: '2' }).toString()).toBe('secret');
    expect(canonicalEncryptionContext({ b: '2', a: '1' }).toString()).toBe('[["a","1"],["b","2"]]');
  });

  it.each([
    ['a different value', { a: '1', b: 'x' }],
    ['a missing pair', { a: '1' }],
    ['an extra pair', { a: '1', b: '2', c: '3' }],
    ['no context', undefined],
  ])('refuses %s in the encryption context', (_name, context) => {
    const blob = sealCiphertext(material, header, Buffer.from('secret'), { a: '1', b: '2' });
    expect(() => openCiphertext(material, blob, context)).toThrow(InvalidCiphertextError);
  });

  it('refuses the wrong key material', () => {
    const blob = sealCiphertext(material, header, Buffer.from('secret'), undefined);
    expect(() => openCiphertext(randomBytes(32), blob, undefined)).toThrow(InvalidCiphertextError);
  });

  it('refuses a blob whose header was moved to another key id (the header is authenticated)', () => {
    const blob = sealCiphertext(material, header, Buffer.from('secret'), undefined);
    const other = Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
    const moved = Buffer.from(blob);
    other.copy(moved, 3);
    expect(() => openCiphertext(material, moved, undefined)).toThrow(InvalidCiphertextError);
  });

  it('refuses a flipped bit anywhere in the body', () => {
    const blob = sealCiphertext(material, header, Buffer.from('secret message'), undefined);
    for (const offset of [30, 40, blob.length - 1]) {
      const tampered = Buffer.from(blob);
      tampered[offset] ^= 1;
      expect(() => openCiphertext(material, tampered, undefined)).toThrow(InvalidCiphertextError);
    }
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['too short', Buffer.from('LK\u0001abc')],
    ['wrong magic', Buffer.concat([Buffer.from('XX\u0001'), randomBytes(60)])],
    ['unknown version', Buffer.concat([Buffer.from('LK\u0009'), randomBytes(60)])],
    ['random bytes', randomBytes(100)],
  ])('rejects garbage: %s', (_name, blob) => {
    expect(() => readCiphertextHeader(blob)).toThrow(InvalidCiphertextError);
    expect(() => openCiphertext(material, blob, undefined)).toThrow(InvalidCiphertextError);
  });

  it('reads a header from a Uint8Array view into a larger buffer', () => {
    const blob = sealCiphertext(material, header, Buffer.from('x'), undefined);
    const big = Buffer.concat([Buffer.from('padding'), blob]);
    const view = new Uint8Array(big.buffer, big.byteOffset + 7, blob.length);
    expect(readCiphertextHeader(view).keyId).toBe(keyId);
    expect(openCiphertext(material, view, undefined).toString()).toBe('x');
  });
});
