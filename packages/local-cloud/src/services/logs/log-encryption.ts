import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import type { KmsCaller, KmsBackend } from '../kms';
import { logGroupArn } from '../../core/arns/logs';
import type { LogGroupRecord, LogStore } from './log-store';

/**
 * Envelope encryption of an encrypted log group's events, the way CloudWatch Logs uses a customer key:
 *
 * - a data key comes from KMS GenerateDataKey, asked as `logs.<region>.amazonaws.com` with the encryption
 *   context `{ "aws:logs:arn": <group ARN> }`; only its KMS-sealed form is stored, the plaintext stays in memory;
 * - each PutLogEvents batch is one chunk: its messages sealed together with AES-256-GCM under the data key;
 * - a data key serves `DATA_KEY_EVENTS` events, then (and after a restart) a new one is generated;
 * - reading opens a data key with KMS Decrypt (as the logs principal) once, then keeps it in memory.
 *
 * The memory caches never decide access: every write batch and every read request first asks KMS whether the
 * logs principal may still use the key (policy and key state, no cryptography), so DisableKey or a policy
 * change takes effect on the next call.
 */
export const DATA_KEY_EVENTS = 10_000;

/** Opened data keys kept for reads (each 32 bytes). */
const READ_CACHE_LIMIT = 1024;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

interface WriteKey {
  readonly dataKeyId: number;
  readonly kmsKeyArn: string;
  readonly key: Buffer;
  events: number;
}

/** One read request: which KMS keys were checked, and the chunks opened so far. */
export interface ReadSession {
  readonly checkedKeys: Set<string>;
  readonly chunks: Map<number, string[]>;
}

export class LogEncryption {
  private readonly writeKeys = new Map<number, WriteKey>();
  private readonly readKeys = new Map<number, Buffer>();

  /** `kms` is resolved on use: the KMS service may be registered after this one. */
  constructor(private readonly store: LogStore, private readonly kmsApi: () => KmsBackend) {}

  private get kms(): KmsBackend {
    return this.kmsApi();
  }

  /** CloudWatch Logs' encryption context for a group. */
  public static encryptionContext(group: LogGroupRecord): Record<string, string> {
    return { 'aws:logs:arn': logGroupArn(group, group.name) };
  }

  /** The logs service principal of the group's region. */
  public caller(group: { region: string; accountId: string }): KmsCaller {
    return this.kms.serviceCaller('logs', group);
  }

  /**
   * Seals one batch of an encrypted group's messages; checks the key first.
   *
   * @throws AwsError AccessDeniedException when the logs principal may no longer use the key
   */
  public sealBatch(group: LogGroupRecord & { kmsKeyArn: string }, messages: readonly string[]): { dataKeyId: number; sealed: Buffer } {
    this.checkWrite(group);
    const writeKey = this.writeKey(group, messages.length);
    const sizes = messages.map((m) => Buffer.byteLength(m, 'utf8'));
    const payload = Buffer.allocUnsafe(sizes.reduce((sum, n) => sum + 4 + n, 0));
    let offset = 0;
    messages.forEach((m, i) => {
      payload.writeUInt32BE(sizes[i], offset);
      offset += 4;
      offset += payload.write(m, offset, 'utf8');
    });
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', writeKey.key, iv);
    cipher.setAAD(chunkAad(group, writeKey.dataKeyId));
    const body = Buffer.concat([cipher.update(payload), cipher.final()]);
    writeKey.events += messages.length;
    return { dataKeyId: writeKey.dataKeyId, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  }

  /**
   * Whether the logs principal may write under the group's key now (policy and state; no cryptography).
   *
   * @throws AwsError AccessDeniedException when it may not
   */
  public checkWrite(group: LogGroupRecord & { kmsKeyArn: string }): void {
    this.check(group, group.kmsKeyArn, 'kms:GenerateDataKey', 'write');
  }

  public beginRead(): ReadSession {
    return { checkedKeys: new Set(), chunks: new Map() };
  }

  /**
   * The messages of a chunk, opened once per read request; the chunk's KMS key is checked once per request.
   *
   * @throws AwsError AccessDeniedException when the logs principal may no longer use the key
   */
  public openChunk(session: ReadSession, group: LogGroupRecord, chunkId: number): string[] {
    const cached = session.chunks.get(chunkId);
    if (cached) return cached;
    const chunk = this.store.getChunk(chunkId);
    if (!chunk) throw new AwsError('ServiceUnavailableException', 'A stored chunk of log events is missing.', { status: 500 });
    const dataKey = this.store.getDataKey(chunk.dataKeyId);
    if (!dataKey) throw new AwsError('ServiceUnavailableException', 'A data key of log events is missing.', { status: 500 });
    if (!session.checkedKeys.has(dataKey.kmsKeyArn)) {
      this.check(group, dataKey.kmsKeyArn, 'kms:Decrypt', 'read');
      session.checkedKeys.add(dataKey.kmsKeyArn);
    }
    let key = this.readKeys.get(dataKey.id);
    if (!key) {
      try {
        key = this.kms.decrypt({
          ...this.caller(group),
          ciphertextBlob: dataKey.encryptedKey,
          encryptionContext: LogEncryption.encryptionContext(group),
          keyId: dataKey.kmsKeyArn,
        }).plaintext;
      } catch (e) {
        throw this.refusal(group, dataKey.kmsKeyArn, 'read', e);
      }
      this.rememberReadKey(dataKey.id, key);
    }
    const iv = chunk.sealed.subarray(0, IV_LENGTH);
    const tag = chunk.sealed.subarray(IV_LENGTH, IV_LENGTH + TAG_LENGTH);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(chunkAad(group, dataKey.id));
    decipher.setAuthTag(tag);
    const payload = Buffer.concat([decipher.update(chunk.sealed.subarray(IV_LENGTH + TAG_LENGTH)), decipher.final()]);
    const messages: string[] = [];
    for (let offset = 0; offset < payload.length;) {
      const size = payload.readUInt32BE(offset);
      offset += 4;
      messages.push(payload.toString('utf8', offset, offset + size));
      offset += size;
    }
    session.chunks.set(chunkId, messages);
    return messages;
  }

  /** Forgets a deleted group's write key. */
  public forgetGroup(groupId: number): void {
    this.writeKeys.delete(groupId);
  }

  /**
   * Whether the logs principal may use `kmsKeyArn` for this group now: the key policy allows `action` with
   * the group's encryption context, and the key is Enabled.
   */
  private check(group: LogGroupRecord, kmsKeyArn: string, action: string, use: 'read' | 'write'): void {
    try {
      this.kms.checkAccess({
        ...this.caller(group),
        keyId: kmsKeyArn,
        actions: [action],
        encryptionContext: LogEncryption.encryptionContext(group),
      });
    } catch (e) {
      throw this.refusal(group, kmsKeyArn, use, e);
    }
  }

  private writeKey(group: LogGroupRecord & { kmsKeyArn: string }, events: number): WriteKey {
    const current = this.writeKeys.get(group.id);
    if (current && current.kmsKeyArn === group.kmsKeyArn && current.events + events <= DATA_KEY_EVENTS) return current;
    let generated;
    try {
      generated = this.kms.generateDataKey({
        ...this.caller(group),
        keyId: group.kmsKeyArn,
        encryptionContext: LogEncryption.encryptionContext(group),
        numberOfBytes: 32,
      });
    } catch (e) {
      throw this.refusal(group, group.kmsKeyArn, 'write', e);
    }
    const dataKeyId = this.store.insertDataKey(group.id, group.kmsKeyArn, generated.ciphertextBlob);
    const next: WriteKey = { dataKeyId, kmsKeyArn: group.kmsKeyArn, key: generated.plaintext, events: 0 };
    this.writeKeys.set(group.id, next);
    this.rememberReadKey(dataKeyId, generated.plaintext);
    return next;
  }

  private rememberReadKey(dataKeyId: number, key: Buffer): void {
    if (this.readKeys.size >= READ_CACHE_LIMIT) this.readKeys.delete(this.readKeys.keys().next().value as number);
    this.readKeys.set(dataKeyId, key);
  }

  /**
   * What CloudWatch Logs answers when KMS refuses: AccessDeniedException naming the key, the group and KMS's
   * own reason (AWS's exact wording for this case is not documented).
   */
  private refusal(group: LogGroupRecord, kmsKeyArn: string, use: 'read' | 'write', e: unknown): Error {
    if (!(e instanceof AwsError)) return e as Error;
    const arn = logGroupArn(group, group.name);
    return new AwsError(
      'AccessDeniedException',
      `The KMS key '${kmsKeyArn}' of log group Arn '${arn}' cannot be used to ${use} log events: ${e.code}${e.message ? `: ${e.message}` : ''}`,
    );
  }
}

function chunkAad(group: LogGroupRecord, dataKeyId: number): Buffer {
  return Buffer.from(`${logGroupArn(group, group.name)}\n${dataKeyId}`, 'utf8');
}
