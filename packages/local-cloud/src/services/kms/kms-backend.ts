import { randomBytes, randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import type { Scope } from '../../core/scope';
import { lengthAtMost, validationMessage, valueAtLeast, valueAtMost } from '../../core/validation/constraints';
import { InvalidCiphertextError, openCiphertext, readCiphertextHeader, sealCiphertext } from './ciphertext';
import { KeyAccess, type KmsCaller, requireEnabled } from './key-access';
import { checkPolicyLockout, defaultKeyPolicy, type IdentityPolicyDecider, validateKeyPolicy } from './key-policy';
import { type AliasRecord, aliasArn, keyArn, type KeyMaterialRecord, type KeyRecord, KeyStore } from './key-store';
import { currentKeyMaterialId, keyMaterialId, keyMetadata, type KeyMetadata, SYMMETRIC_DEFAULT } from './shapes';
import type { Store } from '../../store/store';

const DAY_MS = 24 * 60 * 60 * 1000;
/** KMS allows 25 on-demand rotations per key, a quota that cannot be raised (KMS Developer Guide, "Resource quotas"). */
export const MAX_ON_DEMAND_ROTATIONS = 25;

/** A tag as KMS takes and lists them. */
export interface KmsTag {
  readonly TagKey: string;
  readonly TagValue: string;
}

/** What CreateKey asks for (the model has checked each member's form). */
export interface NewKey {
  readonly description?: string;
  readonly keyUsage?: string;
  readonly keySpec?: string;
  readonly origin?: string;
  readonly multiRegion?: boolean;
  readonly policy?: string;
  readonly bypassPolicyLockoutSafetyCheck?: boolean;
  readonly tags?: readonly KmsTag[];
}

/** A cryptographic call: who, and the encryption context and algorithm it names. */
export interface CryptoRequest extends KmsCaller {
  readonly encryptionContext?: Record<string, string>;
  readonly encryptionAlgorithm?: string;
}

/** A cryptographic result: the key used and the material version it used. */
export interface KeyUseResult {
  readonly keyArn: string;
  readonly keyMaterialId: string;
}

/**
 * AWS KMS's domain: symmetric keys with real AES-256-GCM, key states, aliases, tags, rotation (automatic flag and
 * on-demand rotation of the material), and every use of a key checked against its key policy. The wire operations
 * (`operations.ts`) and other services (CloudWatch Logs' envelope encryption) call it; methods throw `AwsError`.
 *
 * @example
 * const kms = new KmsBackend(store, () => 'Allow');
 * const key = kms.createKey(caller, {});
 * const dk = kms.generateDataKey({ ...kms.serviceCaller('logs', scope), keyId: key.arn, encryptionContext: { 'aws:logs:arn': arn } });
 */
export class KmsBackend {
  private readonly keys: KeyStore;
  private readonly access: KeyAccess;
  /** Cryptographic calls since start (for tests and benchmarks). */
  public readonly stats = { generateDataKey: 0, encrypt: 0, decrypt: 0, checkAccess: 0 };

  constructor(store: Store, private readonly identityPolicies: IdentityPolicyDecider) {
    this.keys = new KeyStore(store);
    this.access = new KeyAccess(this.keys, identityPolicies);
  }

  // ---------- keys ----------

  public createKey(caller: KmsCaller & { principalArn: string; callerArn: string }, request: NewKey): KeyRecord {
    const keySpec = request.keySpec ?? SYMMETRIC_DEFAULT;
    // AWS's refusal comes before local-cloud's own (recorded on AWS: LocalStack kms/test_kms.snapshot.json,
    // test_hmac_create_key_invalid_operations/create-hmac-key-without-key-usage)
    if (request.keyUsage === undefined && keySpec !== SYMMETRIC_DEFAULT) {
      throw new AwsError('ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    }
    const keyUsage = request.keyUsage ?? 'ENCRYPT_DECRYPT';
    if (keyUsage !== 'ENCRYPT_DECRYPT' || keySpec !== SYMMETRIC_DEFAULT || (request.origin ?? 'AWS_KMS') !== 'AWS_KMS' || request.multiRegion === true) {
      throw new AwsError('UnsupportedOperationException', 'local-cloud supports single-Region SYMMETRIC_DEFAULT keys with KeyUsage ENCRYPT_DECRYPT and Origin AWS_KMS.');
    }
    const tags = checkTags(request.tags ?? []);
    const keyId = randomUUID();
    const arn = keyArn(caller.region, caller.accountId, keyId);
    if (request.policy !== undefined) {
      validateKeyPolicy(request.policy);
      if (request.bypassPolicyLockoutSafetyCheck !== true) {
        checkPolicyLockout(request.policy, { keyArn: arn, keyAccountId: caller.accountId }, { AWS: caller.principalArn }, caller.callerArn, this.identityPolicies);
      }
    }
    const key: KeyRecord = {
      keyId, accountId: caller.accountId, region: caller.region, arn, description: request.description ?? '', keyUsage, keySpec,
      keyState: 'Enabled', creationDate: Date.now(), policy: request.policy ?? defaultKeyPolicy(caller.accountId), rotationEnabled: false,
      material: randomBytes(32), materialVersion: 1,
    };
    this.keys.insertKey(key, tags);
    return key;
  }

  public describeKey(caller: KmsCaller, keyId: string): KeyRecord {
    return this.access.use(keyId, 'kms:DescribeKey', caller, 'any');
  }

  /** Live keys of the caller's account and Region, by key id. */
  public listKeys(where: Scope): KeyRecord[] {
    return this.keys.listKeys(where.accountId, where.region).filter((k) => this.access.live(k.keyId));
  }

  public updateKeyDescription(caller: KmsCaller, keyId: string, description: string): void {
    const key = this.access.use(keyId, 'kms:UpdateKeyDescription', caller, 'notPendingDeletion');
    this.keys.updateKey(key.keyId, { description });
  }

  public enableKey(caller: KmsCaller, keyId: string): void {
    const key = this.access.use(keyId, 'kms:EnableKey', caller, 'notPendingDeletion');
    this.keys.updateKey(key.keyId, { keyState: 'Enabled' });
  }

  public disableKey(caller: KmsCaller, keyId: string): void {
    const key = this.access.use(keyId, 'kms:DisableKey', caller, 'notPendingDeletion');
    this.keys.updateKey(key.keyId, { keyState: 'Disabled' });
  }

  /** Schedules deletion after 7 to 30 days (30 by default), as KMS's PendingWindowInDays allows. */
  public scheduleKeyDeletion(caller: KmsCaller, keyId: string, pendingWindowInDays = 30): KeyRecord {
    const key = this.access.use(keyId, 'kms:ScheduleKeyDeletion', caller, 'notPendingDeletion');
    checkRange('PendingWindowInDays', pendingWindowInDays, 7, 30);
    const deletionDate = Date.now() + pendingWindowInDays * DAY_MS;
    this.keys.updateKey(key.keyId, { keyState: 'PendingDeletion', deletionDate, pendingWindowInDays });
    return { ...key, keyState: 'PendingDeletion', deletionDate, pendingWindowInDays };
  }

  public cancelKeyDeletion(caller: KmsCaller, keyId: string): KeyRecord {
    const key = this.access.use(keyId, 'kms:CancelKeyDeletion', caller, 'any');
    if (key.keyState !== 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
    // as AWS does: a key that leaves PendingDeletion is Disabled until someone enables it
    this.keys.updateKey(key.keyId, { keyState: 'Disabled', deletionDate: null, pendingWindowInDays: null });
    return key;
  }

  // ---------- key policies ----------

  /** The key's one policy; KMS names it `default`. */
  public getKeyPolicy(caller: KmsCaller, keyId: string, policyName?: string): string {
    const key = this.access.use(keyId, 'kms:GetKeyPolicy', caller, 'any');
    checkPolicyName(policyName);
    return key.policy;
  }

  public listKeyPolicies(caller: KmsCaller, keyId: string): string[] {
    this.access.use(keyId, 'kms:ListKeyPolicies', caller, 'any');
    return ['default'];
  }

  public putKeyPolicy(caller: KmsCaller & { principalArn: string; callerArn: string }, keyId: string, policy: string, options: { policyName?: string; bypassPolicyLockoutSafetyCheck?: boolean } = {}): void {
    const key = this.access.use(keyId, 'kms:PutKeyPolicy', caller, 'any');
    checkPolicyName(options.policyName);
    validateKeyPolicy(policy);
    if (options.bypassPolicyLockoutSafetyCheck !== true) {
      checkPolicyLockout(policy, { keyArn: key.arn, keyAccountId: key.accountId }, { AWS: caller.principalArn }, caller.callerArn, this.identityPolicies);
    }
    this.keys.updateKey(key.keyId, { policy });
  }

  // ---------- rotation ----------

  /** Turns automatic rotation on (period 90..2560 days, by the model; 365 by default). */
  public enableKeyRotation(caller: KmsCaller, keyId: string, rotationPeriodInDays = 365): void {
    const key = this.access.use(keyId, 'kms:EnableKeyRotation', caller, 'enabled');
    // enabling again only changes the period: the schedule still counts from when rotation was turned on
    this.keys.updateKey(key.keyId, { rotationEnabled: true, rotationPeriodInDays, ...(key.rotationEnabled ? {} : { rotationEnabledDate: Date.now() }) });
  }

  public disableKeyRotation(caller: KmsCaller, keyId: string): void {
    const key = this.access.use(keyId, 'kms:DisableKeyRotation', caller, 'enabled');
    this.keys.updateKey(key.keyId, { rotationEnabled: false, rotationPeriodInDays: null, rotationEnabledDate: null });
  }

  public getKeyRotationStatus(caller: KmsCaller, keyId: string): KeyRecord {
    return this.access.use(keyId, 'kms:GetKeyRotationStatus', caller, 'any');
  }

  /**
   * RotateKeyOnDemand: new key material now, whatever the automatic schedule (which it leaves as is). Earlier material
   * still decrypts what it sealed. Symmetric keys only (all keys here are); an Enabled key only; 25 times per key.
   */
  public rotateKeyOnDemand(caller: KmsCaller, keyId: string): KeyRecord {
    const key = this.access.use(keyId, 'kms:RotateKeyOnDemand', caller, 'enabled');
    const done = this.keys.listMaterials(key).filter((m) => m.rotationType === 'ON_DEMAND').length;
    if (done >= MAX_ON_DEMAND_ROTATIONS) {
      throw new AwsError('LimitExceededException', `${key.arn} has reached the limit of ${MAX_ON_DEMAND_ROTATIONS} on-demand rotations.`);
    }
    this.keys.rotateMaterial(key, randomBytes(32), 'ON_DEMAND', Date.now());
    return key;
  }

  /** The key's materials, oldest first: those made by rotations, or with `includeFirst` every one. */
  public listKeyRotations(caller: KmsCaller, keyId: string, includeFirst = false): { key: KeyRecord; materials: KeyMaterialRecord[] } {
    const key = this.access.use(keyId, 'kms:ListKeyRotations', caller, 'any');
    const materials = this.keys.listMaterials(key).filter((m) => includeFirst || m.rotationType !== undefined);
    return { key, materials };
  }

  // ---------- aliases ----------

  public createAlias(caller: KmsCaller, aliasName: string, targetKeyId: string): void {
    checkAliasName(aliasName);
    const key = this.access.use(targetKeyId, 'kms:CreateAlias', caller, 'notPendingDeletion');
    if (this.keys.getAlias(caller.accountId, caller.region, aliasName)) {
      throw new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn(caller.region, caller.accountId, aliasName)} already exists`);
    }
    const now = Date.now();
    this.keys.insertAlias({ accountId: caller.accountId, region: caller.region, aliasName, keyId: key.keyId, creationDate: now, lastUpdatedDate: now });
  }

  public updateAlias(caller: KmsCaller, aliasName: string, targetKeyId: string): void {
    checkAliasName(aliasName);
    const alias = this.existingAlias(caller, aliasName);
    this.access.authorize(this.access.resolve(alias.keyId, caller), 'kms:UpdateAlias', caller);
    const to = this.access.use(targetKeyId, 'kms:UpdateAlias', caller, 'notPendingDeletion');
    this.keys.deleteAlias(caller.accountId, caller.region, aliasName);
    this.keys.insertAlias({ ...alias, keyId: to.keyId, lastUpdatedDate: Date.now() });
  }

  public deleteAlias(caller: KmsCaller, aliasName: string): void {
    const alias = this.existingAlias(caller, aliasName);
    const key = this.keys.getKey(alias.keyId);
    if (key) this.access.authorize(key, 'kms:DeleteAlias', caller);
    this.keys.deleteAlias(caller.accountId, caller.region, aliasName);
  }

  /** Aliases of live keys in the caller's account and Region (of one key, when `keyId` is given). */
  public listAliases(where: Scope, keyId?: string): AliasRecord[] {
    const target = keyId === undefined ? undefined : this.access.resolve(keyId, where).keyId;
    return this.keys.listAliases(where.accountId, where.region, target).filter((a) => this.access.live(a.keyId));
  }

  private existingAlias(where: Scope, aliasName: string): AliasRecord {
    const alias = this.keys.getAlias(where.accountId, where.region, aliasName);
    if (!alias || !this.access.live(alias.keyId)) {
      throw new AwsError('NotFoundException', `Alias ${aliasArn(where.region, where.accountId, aliasName)} is not found.`);
    }
    return alias;
  }

  // ---------- tags ----------

  public tagResource(caller: KmsCaller, keyId: string, tags: readonly KmsTag[]): void {
    const key = this.access.use(keyId, 'kms:TagResource', caller, 'notPendingDeletion');
    this.keys.putTags(key.keyId, checkTags(tags));
  }

  public untagResource(caller: KmsCaller, keyId: string, tagKeys: readonly string[]): void {
    const key = this.access.use(keyId, 'kms:UntagResource', caller, 'notPendingDeletion');
    this.keys.removeTags(key.keyId, tagKeys);
  }

  public listResourceTags(caller: KmsCaller, keyId: string): KmsTag[] {
    const key = this.access.use(keyId, 'kms:ListResourceTags', caller, 'any');
    return this.keys.listTags(key.keyId);
  }

  // ---------- cryptography ----------

  /** Encrypt (ReEncrypt's second half as `kms:ReEncryptTo`). */
  public encrypt(request: CryptoRequest & { keyId: string; plaintext: Uint8Array }, action = 'kms:Encrypt'): { ciphertextBlob: Buffer } & KeyUseResult {
    this.stats.encrypt++;
    const plaintext = Buffer.from(request.plaintext);
    checkPlaintext(plaintext);
    checkAlgorithm(request.encryptionAlgorithm);
    return this.seal(request, request.keyId, plaintext, action);
  }

  /** Decrypt: the blob names its key (and material version); `keyId`, when given, must be that key. */
  public decrypt(request: CryptoRequest & { ciphertextBlob: Uint8Array; keyId?: string }, action = 'kms:Decrypt'): { plaintext: Buffer } & KeyUseResult {
    this.stats.decrypt++;
    checkAlgorithm(request.encryptionAlgorithm);
    const blob = Buffer.from(request.ciphertextBlob);
    let header;
    try {
      header = readCiphertextHeader(blob);
    } catch {
      throw invalidCiphertext();
    }
    const key = this.access.live(header.keyId);
    if (!key || key.region !== request.region) {
      if (request.keyId !== undefined) this.access.resolve(request.keyId, request);
      throw new AwsError('AccessDeniedException', 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.');
    }
    if (request.keyId !== undefined && this.access.resolve(request.keyId, request).keyId !== key.keyId) {
      throw new AwsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
    this.access.authorize(key, action, request, { encryptionContext: request.encryptionContext, encryptionAlgorithm: SYMMETRIC_DEFAULT });
    requireEnabled(key);
    const material = this.keys.materialOf(key, header.materialVersion);
    if (!material) throw invalidCiphertext();
    try {
      return { plaintext: openCiphertext(material, blob, request.encryptionContext), keyArn: key.arn, keyMaterialId: keyMaterialId(material, header.materialVersion) };
    } catch (e) {
      if (e instanceof InvalidCiphertextError) throw invalidCiphertext();
      throw e;
    }
  }

  /** ReEncrypt: decrypt as `kms:ReEncryptFrom`, encrypt under the destination key as `kms:ReEncryptTo`. */
  public reEncrypt(caller: KmsCaller, request: {
    ciphertextBlob: Uint8Array; sourceKeyId?: string; sourceEncryptionContext?: Record<string, string>; sourceEncryptionAlgorithm?: string;
    destinationKeyId: string; destinationEncryptionContext?: Record<string, string>; destinationEncryptionAlgorithm?: string;
  }): { ciphertextBlob: Buffer; source: KeyUseResult; destination: KeyUseResult } {
    checkAlgorithm(request.destinationEncryptionAlgorithm);
    const source = this.decrypt({ ...caller, ciphertextBlob: request.ciphertextBlob, keyId: request.sourceKeyId,
      encryptionContext: request.sourceEncryptionContext, encryptionAlgorithm: request.sourceEncryptionAlgorithm }, 'kms:ReEncryptFrom');
    const destination = this.seal({ ...caller, encryptionContext: request.destinationEncryptionContext }, request.destinationKeyId, source.plaintext, 'kms:ReEncryptTo');
    return { ciphertextBlob: destination.ciphertextBlob, source, destination };
  }

  /** GenerateDataKey(WithoutPlaintext): a fresh data key, in plaintext and sealed under the KMS key. */
  public generateDataKey(request: CryptoRequest & { keyId: string; numberOfBytes?: number }, action = 'kms:GenerateDataKey'): { plaintext: Buffer; ciphertextBlob: Buffer } & KeyUseResult {
    this.stats.generateDataKey++;
    const plaintext = randomBytes(request.numberOfBytes ?? 32);
    return { plaintext, ...this.seal(request, request.keyId, plaintext, action) };
  }

  /**
   * Would each of `actions` be allowed now? Resolves the key, checks its key policy for every action and that its
   * state allows cryptographic use. No cryptography: cheap enough for every request.
   */
  public checkAccess(request: CryptoRequest & { keyId: string; actions: readonly string[] }): { keyArn: string } {
    this.stats.checkAccess++;
    const key = this.access.resolve(request.keyId, request);
    for (const action of request.actions) {
      this.access.authorize(key, action, request, { encryptionContext: request.encryptionContext, encryptionAlgorithm: SYMMETRIC_DEFAULT });
    }
    requireEnabled(key);
    return { keyArn: key.arn };
  }

  private seal(request: CryptoRequest, keyId: string, plaintext: Buffer, action: string): { ciphertextBlob: Buffer } & KeyUseResult {
    const context = request.encryptionContext;
    const key = this.access.use(keyId, action, request, 'enabled', { encryptionContext: context, encryptionAlgorithm: SYMMETRIC_DEFAULT });
    return {
      ciphertextBlob: sealCiphertext(key.material, { keyId: key.keyId, materialVersion: key.materialVersion }, plaintext, context),
      keyArn: key.arn,
      keyMaterialId: currentKeyMaterialId(key),
    };
  }

  /** The key's metadata without any policy check (for services that must resolve a key id), or undefined. */
  public findKey(keyIdInput: string, where: Scope): KeyMetadata | undefined {
    try {
      return keyMetadata(this.access.resolve(keyIdInput, where));
    } catch (e) {
      if (e instanceof AwsError && e.code === 'NotFoundException') return undefined;
      throw e;
    }
  }

  /** The caller for a service principal acting on its own: `{ Service: '<service>.<region>.amazonaws.com' }`. */
  public serviceCaller(service: string, where: Scope): KmsCaller {
    return { principal: { Service: `${service}.${where.region}.amazonaws.com` }, region: where.region, accountId: where.accountId };
  }
}

/** AWS answers it without a message (recorded on AWS: LocalStack tests/aws/services/kms/test_kms.snapshot.json). */
export function invalidCiphertext(): AwsError {
  return new AwsError('InvalidCiphertextException', '');
}

/** A range KMS checks beyond its model (the model allows PendingWindowInDays 1..365; KMS takes 7..30). */
export function checkRange(member: string, value: number, min: number, max: number): void {
  const path = member.charAt(0).toLowerCase() + member.slice(1);
  if (value < min) throw validation(path, value, valueAtLeast(min));
  if (value > max) throw validation(path, value, valueAtMost(max));
}

/** KMS's one algorithm for symmetric keys. */
function checkAlgorithm(algorithm: string | undefined): void {
  if (algorithm !== undefined && algorithm !== SYMMETRIC_DEFAULT) {
    throw new AwsError('InvalidKeyUsageException', `The encryption algorithm ${algorithm} is not supported by a SYMMETRIC_DEFAULT key.`);
  }
}

/** GenerateDataKey's length: exactly one of NumberOfBytes and KeySpec (AES_256 = 32 bytes, AES_128 = 16). */
export function dataKeyLength(numberOfBytes: number | undefined, keySpec: string | undefined): number {
  if ((keySpec === undefined) === (numberOfBytes === undefined)) throw new AwsError('ValidationException', 'Please specify either number of bytes or key spec.');
  return numberOfBytes ?? (keySpec === 'AES_128' ? 16 : 32);
}

/** A 4096-byte plaintext limit for in-process callers (wire calls meet it in the model first). */
export function checkPlaintext(plaintext: Buffer): void {
  if (plaintext.length > 4096) throw new AwsError('ValidationException', validationMessage([{ path: 'plaintext', shown: undefined, constraint: lengthAtMost(4096) }]));
}

function validation(path: string, value: unknown, constraint: string): AwsError {
  return new AwsError('ValidationException', validationMessage([{ path, shown: `'${String(value)}'`, constraint }]));
}

function checkPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== 'default') throw new AwsError('NotFoundException', `No such policy exists: ${name}`);
}

/** What the model's AliasNameType pattern does not say: the `alias/` prefix and the reserved `alias/aws/`. */
function checkAliasName(aliasName: string): void {
  // a ValidationException with a pointer to the guide, not InvalidAliasNameException (recorded on AWS)
  if (!aliasName.startsWith('alias/')) {
    throw new AwsError('ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  if (aliasName.startsWith('alias/aws/')) {
    throw new AwsError('InvalidAliasNameException', "Alias names that begin with 'alias/aws/' are reserved for AWS managed keys.");
  }
}

/** Tag keys starting `aws:` are AWS's (lengths are the model's). */
function checkTags(tags: readonly KmsTag[]): KmsTag[] {
  // KMS's words and its 50-tag limit (recorded on AWS: LocalStack test_kms.snapshot.json, 2025)
  if (tags.length > 50) throw new AwsError('TagException', 'Too many tags');
  if (new Set(tags.map((tag) => tag.TagKey)).size !== tags.length) throw new AwsError('TagException', 'Duplicate tag keys');
  return tags.map((tag) => {
    if (tag.TagKey.toLowerCase().startsWith('aws:')) throw new AwsError('TagException', 'Tags beginning with aws: are reserved');
    return { TagKey: tag.TagKey, TagValue: tag.TagValue };
  });
}
