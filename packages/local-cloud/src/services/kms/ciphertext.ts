import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * local-cloud's KMS ciphertext blob (our own format; AWS's is opaque and undocumented).
 *
 * ```
 * offset size field
 *      0    2 magic 'LK'
 *      2    1 format version (1)
 *      3   16 key id (the UUID's 16 raw bytes), so Decrypt needs no KeyId
 *     19    4 key material version (uint32 BE), so rotated material can be told apart
 *     23   12 AES-GCM IV
 *     35   16 AES-GCM tag
 *     51    n AES-256-GCM ciphertext
 * ```
 *
 * The additional authenticated data is the 23-byte header followed by the canonical encryption context,
 * so a blob cannot be moved to another key id and opens only with exactly the context it was sealed with.
 */
export interface CiphertextHeader {
  /** The KMS key id (UUID, lower case). */
  readonly keyId: string;
  /** Which material of the key sealed the blob. */
  readonly materialVersion: number;
}

const MAGIC = Buffer.from('LK', 'latin1');
const FORMAT_VERSION = 1;
const HEADER_LENGTH = 2 + 1 + 16 + 4;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Smallest valid blob: header, IV, tag and an empty ciphertext. */
export const MIN_CIPHERTEXT_LENGTH = HEADER_LENGTH + IV_LENGTH + TAG_LENGTH;

/** Raised for anything that is not a blob this format can open; KMS maps it to `InvalidCiphertextException`. */
export class InvalidCiphertextError extends Error {}

/**
 * The encryption context as bytes that do not depend on key order: `[[k, v], …]` sorted by key, as JSON.
 *
 * @example
 * canonicalEncryptionContext({ b: '2', a: '1' }).toString() // '[["a","1"],["b","2"]]'
 */
export function canonicalEncryptionContext(context: Record<string, string> | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

/** Seals `plaintext` under `material` (32 bytes) for `header`, binding `context`. */
export function sealCiphertext(
  material: Buffer,
  header: CiphertextHeader,
  plaintext: Uint8Array,
  context: Record<string, string> | undefined,
): Buffer {
  const head = encodeHeader(header);
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(Buffer.concat([head, canonicalEncryptionContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, cipher.getAuthTag(), body]);
}

/** Reads the header of a blob without opening it: which key (and material) sealed it. */
export function readCiphertextHeader(blob: Uint8Array): CiphertextHeader {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < MIN_CIPHERTEXT_LENGTH || !buf.subarray(0, 2).equals(MAGIC) || buf[2] !== FORMAT_VERSION) {
    throw new InvalidCiphertextError('not a local-cloud KMS ciphertext');
  }
  const hex = buf.subarray(3, 19).toString('hex');
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { keyId, materialVersion: buf.readUInt32BE(19) };
}

/** Opens a blob sealed by `sealCiphertext`; any tampering, wrong material or wrong context throws. */
export function openCiphertext(material: Buffer, blob: Uint8Array, context: Record<string, string> | undefined): Buffer {
  readCiphertextHeader(blob);
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const head = buf.subarray(0, HEADER_LENGTH);
  const iv = buf.subarray(HEADER_LENGTH, HEADER_LENGTH + IV_LENGTH);
  const tag = buf.subarray(HEADER_LENGTH + IV_LENGTH, MIN_CIPHERTEXT_LENGTH);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, iv);
    decipher.setAAD(Buffer.concat([head, canonicalEncryptionContext(context)]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(buf.subarray(MIN_CIPHERTEXT_LENGTH)), decipher.final()]);
  } catch {
    throw new InvalidCiphertextError('authentication failed');
  }
}

function encodeHeader(header: CiphertextHeader): Buffer {
  if (!UUID.test(header.keyId)) throw new Error(`key id is not a UUID: ${header.keyId}`);
  const head = Buffer.alloc(HEADER_LENGTH);
  MAGIC.copy(head, 0);
  head[2] = FORMAT_VERSION;
  Buffer.from(header.keyId.replace(/-/g, ''), 'hex').copy(head, 3);
  head.writeUInt32BE(header.materialVersion, 19);
  return head;
}
