import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import type { AwsService, CallContext, Operation, ServiceDeps } from '../../core/service';
import { InvalidCiphertextError, openCiphertext, readCiphertextHeader, sealCiphertext } from './ciphertext';
import {
  optionalInteger,
  optionalString,
  optionalStringMap,
  page,
  requiredBlob,
  requiredString,
  validationError,
} from './input';
import {
  authorizeKeyUse,
  checkPolicyLockout,
  defaultKeyPolicy,
  IdentityPolicyDecider,
  KeyPrincipal,
  validateKeyPolicy,
} from './key-policy';
import type { IamService } from '../iam';
import { identityPoliciesFromIam } from './identity-policies';
import { AliasRecord, aliasArn, KeyRecord, keyArn, KeyStore } from './key-store';

/** What the KMS service needs: the store, and optionally IAM's identity-policy decision for delegated keys. */
export interface KmsServiceDeps extends ServiceDeps {
  /**
   * Decides an IAM principal's identity policies. Asked only when a key policy allows a user or role through
   * the account ("root") statement.
   * @default the roles' policies from the IAM service of `services`; without one, delegation is granted
   */
  readonly identityPolicies?: IdentityPolicyDecider;
}

/** Who uses a key through the in-process API, and from where. */
export interface KmsCaller {
  /** `{ AWS: <principal ARN> }`, or `{ Service: 'logs.<region>.amazonaws.com' }` for a service acting itself. */
  readonly principal: KeyPrincipal;
  /** Shown in AccessDenied messages; defaults to the principal ARN, or `arn:aws:<service>:<region>:<acct>:*`. */
  readonly callerArn?: string;
  /** Region of the call: a key id or alias name is looked up here. */
  readonly region: string;
  /** Account of the call: a key id or alias name is looked up here. */
  readonly accountId: string;
  /** `kms:ViaService`, when a principal's request reaches KMS through a service. */
  readonly viaService?: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  /** The server's authorizer has decided this call already (a wire call of an IAM principal). */
  readonly authorized?: boolean;
}

/** KMS as other local-cloud services call it: the same checks and cryptography as the wire operations. */
export interface KmsInternalApi {
  /** GenerateDataKey: a fresh data key, in plaintext and sealed under the KMS key. */
  generateDataKey(request: KmsCaller & {
    keyId: string;
    encryptionContext?: Record<string, string>;
    numberOfBytes?: number;
  }): { keyArn: string; plaintext: Buffer; ciphertextBlob: Buffer };
  /** Encrypt. */
  encrypt(request: KmsCaller & {
    keyId: string;
    plaintext: Uint8Array;
    encryptionContext?: Record<string, string>;
  }): { keyArn: string; ciphertextBlob: Buffer };
  /** Decrypt: the blob names its key; `keyId`, when given, must be that key. */
  decrypt(request: KmsCaller & {
    ciphertextBlob: Uint8Array;
    encryptionContext?: Record<string, string>;
    keyId?: string;
  }): { keyArn: string; plaintext: Buffer };
  /**
   * Would each of `actions` be allowed now? Resolves the key, checks its key policy for every action and that
   * its state allows cryptographic use. No cryptography: cheap enough for every request.
   *
   * @throws AwsError NotFoundException, AccessDeniedException, DisabledException, KMSInvalidStateException
   */
  checkAccess(request: KmsCaller & {
    keyId: string;
    actions: readonly string[];
    encryptionContext?: Record<string, string>;
  }): { keyArn: string };
  /** The key's metadata without any policy check (for services that must resolve a key id), or undefined. */
  findKey(keyId: string, where: { region: string; accountId: string }): KeyMetadata | undefined;
  /** The caller for a service principal acting on its own: `{ Service: '<service>.<region>.amazonaws.com' }`. */
  serviceCaller(service: string, where: { region: string; accountId: string }): KmsCaller;
  /** Cryptographic calls made through this API since start (for tests and benchmarks). */
  readonly stats: { generateDataKey: number; encrypt: number; decrypt: number; checkAccess: number };
}

/** KMS: an AwsService for the wire, plus the in-process API for other services. */
export interface KmsService extends AwsService {
  readonly internal: KmsInternalApi;
}

/** DescribeKey's `KeyMetadata`. */
export interface KeyMetadata {
  AWSAccountId: string;
  KeyId: string;
  Arn: string;
  CreationDate: Date;
  Enabled: boolean;
  Description: string;
  KeyUsage: string;
  KeyState: string;
  DeletionDate?: Date;
  PendingDeletionWindowInDays?: number;
  Origin: 'AWS_KMS';
  KeyManager: 'CUSTOMER';
  CustomerMasterKeySpec: string;
  KeySpec: string;
  EncryptionAlgorithms: string[];
  MultiRegion: boolean;
  /** The id of the key material in use (AWS, 2025): 64 hex characters. */
  CurrentKeyMaterialId: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// a multi-Region key id: well-formed, so a missing one "does not exist" rather than being an "Invalid keyId" (recorded on AWS)
const MULTI_REGION_KEY_ID = /^mrk-[0-9a-f]{32}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:([^:]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:([^:]+):(\d{12}):(alias\/.+)$/;
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;
const SYMMETRIC_DEFAULT = 'SYMMETRIC_DEFAULT';
/**
 * Operations whose KeyId is a key id or key ARN only, not an alias (botocore kms/2014-11-01/service-2.json: "Specify
 * the key ID or key ARN of the KMS key"); an alias is not found there.
 */
const KEY_ID_OR_ARN_ONLY = new Set(['EnableKeyRotation', 'DisableKeyRotation', 'GetKeyRotationStatus']);

/**
 * The KeyMaterialId of a key's material version: 64 hex characters as AWS's (BackingKeyIdType), derived one-way
 * from the material so it is stable and reveals nothing.
 */
function keyMaterialId(key: KeyRecord, version: number): string {
  return createHmac('sha256', key.material).update(`local-cloud key material ${version}`).digest('hex');
}

/**
 * GetKeyRotationStatus's NextRotationDate: the first whole rotation period after rotation was enabled that is still
 * ahead (material is not actually rotated here, so the schedule just moves on).
 */
function nextRotationDate(key: KeyRecord, now = Date.now()): Date {
  const start = key.rotationEnabledDate ?? key.creationDate;
  const period = (key.rotationPeriodInDays ?? 365) * DAY_MS;
  return new Date(start + Math.max(1, Math.ceil((now - start) / period)) * period);
}

/**
 * AWS KMS (awsJson1_1, `TrentService`): symmetric keys with real AES-256-GCM, key states, aliases, tags,
 * the rotation flag, and every use of a key checked against its key policy.
 *
 * @example
 * const kms = createKmsService({ store });
 * const { KeyMetadata } = await kms.operations.CreateKey({}, ctx);
 * kms.internal.generateDataKey({ ...kms.internal.serviceCaller('logs', ctx), keyId: KeyMetadata.Arn,
 *   encryptionContext: { 'aws:logs:arn': groupArn } });
 */
export function createKmsService(deps: KmsServiceDeps): KmsService {
  const keys = new KeyStore(deps.store);
  const identityPolicies: IdentityPolicyDecider = deps.identityPolicies ?? ((request) => {
    const iam = deps.services?.get<IamService>('iam');
    return iam ? identityPoliciesFromIam(iam)(request) : 'Allow';
  });
  const stats = { generateDataKey: 0, encrypt: 0, decrypt: 0, checkAccess: 0 };

  // ---------- keys, their states and their policies ----------

  /**
   * Finds the key a KeyId names (id, key ARN, alias name, alias ARN; `keyOnly`: id or key ARN), or throws
   * NotFoundException.
   */
  function resolveKey(keyIdInput: string, where: { region: string; accountId: string }, keyOnly = false): KeyRecord {
    let key: KeyRecord | undefined;
    const arn = KEY_ARN.exec(keyIdInput);
    const aliasArnMatch = ALIAS_ARN.exec(keyIdInput);
    if (keyOnly && (aliasArnMatch || keyIdInput.startsWith('alias/'))) {
      throw new AwsError('NotFoundException', `Invalid keyId '${keyIdInput}'`);
    }
    if (arn) {
      key = liveKey(arn[3]);
      if (!key || key.region !== arn[1] || key.accountId !== arn[2]) {
        throw new AwsError('NotFoundException', `Key '${keyIdInput}' does not exist`);
      }
      return key;
    }
    if (aliasArnMatch || keyIdInput.startsWith('alias/')) {
      const [region, accountId, aliasName] = aliasArnMatch
        ? [aliasArnMatch[1], aliasArnMatch[2], aliasArnMatch[3]]
        : [where.region, where.accountId, keyIdInput];
      const alias = keys.getAlias(accountId, region, aliasName);
      key = alias && liveKey(alias.keyId);
      if (!key) throw new AwsError('NotFoundException', `Alias '${aliasArn(region, accountId, aliasName)}' is not found.`);
      return key;
    }
    if (UUID.test(keyIdInput) || MULTI_REGION_KEY_ID.test(keyIdInput)) {
      key = liveKey(keyIdInput);
      if (!key || key.region !== where.region || key.accountId !== where.accountId) {
        throw new AwsError('NotFoundException', `Key '${keyArn(where.region, where.accountId, keyIdInput)}' does not exist`);
      }
      return key;
    }
    throw new AwsError('NotFoundException', `Invalid keyId '${keyIdInput}'`);
  }

  /** The key, or undefined once it is gone; a key whose deletion window has passed is deleted now. */
  function liveKey(keyId: string): KeyRecord | undefined {
    const key = keys.getKey(keyId);
    if (key && key.keyState === 'PendingDeletion' && key.deletionDate !== undefined && key.deletionDate <= Date.now()) {
      keys.deleteKey(keyId);
      return undefined;
    }
    return key;
  }

  function callerOf(ctx: CallContext): KmsCaller {
    return { principal: { AWS: ctx.principalArn }, callerArn: ctx.callerArn, region: ctx.region, accountId: ctx.accountId, authorized: true };
  }

  function callerArnOf(caller: KmsCaller): string {
    if (caller.callerArn) return caller.callerArn;
    if ('AWS' in caller.principal) return caller.principal.AWS;
    const service = caller.principal.Service.split('.')[0];
    return `arn:aws:${service}:${caller.region}:${caller.accountId}:*`;
  }

  function authorize(
    key: KeyRecord,
    action: string,
    caller: KmsCaller,
    extra: { encryptionContext?: Record<string, string>; encryptionAlgorithm?: string } = {},
  ): void {
    // a wire call is decided by the server's authorizer (services/iam/authorizer), not here
    if (caller.authorized) return;
    authorizeKeyUse(
      {
        keyArn: key.arn,
        keyAccountId: key.accountId,
        policy: key.policy,
        action,
        principal: caller.principal,
        callerArn: callerArnOf(caller),
        encryptionContext: extra.encryptionContext,
        encryptionAlgorithm: extra.encryptionAlgorithm,
        viaService: caller.viaService,
        sourceArn: caller.sourceArn,
        sourceAccount: caller.sourceAccount,
      },
      identityPolicies,
    );
  }

  /** A cryptographic operation needs an Enabled key. */
  function requireEnabled(key: KeyRecord): void {
    if (key.keyState === 'Disabled') throw new AwsError('DisabledException', `${key.arn} is disabled.`);
    if (key.keyState === 'PendingDeletion') throw pendingDeletion(key);
  }

  function requireNotPendingDeletion(key: KeyRecord): void {
    if (key.keyState === 'PendingDeletion') throw pendingDeletion(key);
  }

  function pendingDeletion(key: KeyRecord): AwsError {
    return new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
  }

  /** Resolve, authorize, check state: the preamble of every operation on one key. */
  function useKey(
    keyIdInput: string,
    action: string,
    caller: KmsCaller,
    state: 'any' | 'notPendingDeletion' | 'enabled',
    extra: { encryptionContext?: Record<string, string>; encryptionAlgorithm?: string } = {},
  ): KeyRecord {
    const key = resolveKey(keyIdInput, caller, KEY_ID_OR_ARN_ONLY.has(action.slice('kms:'.length)));
    authorize(key, action, caller, extra);
    if (state === 'enabled') requireEnabled(key);
    if (state === 'notPendingDeletion') requireNotPendingDeletion(key);
    return key;
  }

  function metadata(key: KeyRecord): KeyMetadata {
    const meta: KeyMetadata = {
      AWSAccountId: key.accountId,
      KeyId: key.keyId,
      Arn: key.arn,
      CreationDate: new Date(key.creationDate),
      Enabled: key.keyState === 'Enabled',
      Description: key.description,
      KeyUsage: key.keyUsage,
      KeyState: key.keyState,
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: key.keySpec,
      KeySpec: key.keySpec,
      EncryptionAlgorithms: [SYMMETRIC_DEFAULT],
      MultiRegion: false,
      CurrentKeyMaterialId: keyMaterialId(key, key.materialVersion),
    };
    if (key.keyState === 'PendingDeletion' && key.deletionDate !== undefined) {
      meta.DeletionDate = new Date(key.deletionDate);
      meta.PendingDeletionWindowInDays = key.pendingWindowInDays;
    }
    return meta;
  }

  // ---------- cryptography ----------

  function checkAlgorithm(algorithm: string | undefined): void {
    if (algorithm !== undefined && algorithm !== SYMMETRIC_DEFAULT) {
      throw new AwsError('InvalidKeyUsageException', `The encryption algorithm ${algorithm} is not supported by a SYMMETRIC_DEFAULT key.`);
    }
  }

  function checkPlaintextLength(plaintext: Buffer): void {
    if (plaintext.length < 1) throw validationError('Plaintext', undefined, 'Member must have length greater than or equal to 1');
    if (plaintext.length > 4096) {
      throw new AwsError('ValidationException', "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
    }
  }

  function encryptWith(
    caller: KmsCaller,
    keyIdInput: string,
    plaintext: Buffer,
    context: Record<string, string> | undefined,
    action = 'kms:Encrypt',
  ): { key: KeyRecord; blob: Buffer } {
    const key = useKey(keyIdInput, action, caller, 'enabled', { encryptionContext: context, encryptionAlgorithm: SYMMETRIC_DEFAULT });
    return { key, blob: sealCiphertext(key.material, { keyId: key.keyId, materialVersion: key.materialVersion }, plaintext, context) };
  }

  function decryptWith(
    caller: KmsCaller,
    blob: Buffer,
    context: Record<string, string> | undefined,
    keyIdInput: string | undefined,
    action = 'kms:Decrypt',
  ): { key: KeyRecord; plaintext: Buffer } {
    let header;
    try {
      header = readCiphertextHeader(blob);
    } catch {
      throw invalidCiphertext();
    }
    const key = liveKey(header.keyId);
    if (!key || key.region !== caller.region) {
      if (keyIdInput !== undefined) resolveKey(keyIdInput, caller);
      throw new AwsError(
        'AccessDeniedException',
        'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
      );
    }
    if (keyIdInput !== undefined && resolveKey(keyIdInput, caller).keyId !== key.keyId) {
      throw new AwsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
    authorize(key, action, caller, { encryptionContext: context, encryptionAlgorithm: SYMMETRIC_DEFAULT });
    requireEnabled(key);
    if (header.materialVersion !== key.materialVersion) throw invalidCiphertext();
    try {
      return { key, plaintext: openCiphertext(key.material, blob, context) };
    } catch (e) {
      if (e instanceof InvalidCiphertextError) throw invalidCiphertext();
      throw e;
    }
  }

  /** AWS answers it without a message (recorded on AWS: LocalStack tests/aws/services/kms/test_kms.snapshot.json). */
  function invalidCiphertext(): AwsError {
    return new AwsError('InvalidCiphertextException', '');
  }

  function dataKeyLength(input: Record<string, unknown>): number {
    const keySpec = optionalString(input, 'KeySpec');
    const numberOfBytes = optionalInteger(input, 'NumberOfBytes', 1, 1024);
    if ((keySpec === undefined) === (numberOfBytes === undefined)) {
      throw new AwsError('ValidationException', 'Please specify either number of bytes or key spec.');
    }
    if (numberOfBytes !== undefined) return numberOfBytes;
    if (keySpec === 'AES_256') return 32;
    if (keySpec === 'AES_128') return 16;
    throw validationError('KeySpec', keySpec, 'Member must satisfy enum value set: [AES_256, AES_128]');
  }

  function dryRun(input: Record<string, unknown>): void {
    if (input.DryRun === true) {
      throw new AwsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
    }
  }

  function validateTags(tags: unknown): Array<{ TagKey: string; TagValue: string }> {
    if (tags === undefined || tags === null) return [];
    if (!Array.isArray(tags)) throw new AwsError('SerializationException', 'Tags must be a list');
    // KMS's words and its 50-tag limit (recorded on AWS: LocalStack test_kms.snapshot.json, 2025)
    if (tags.length > 50) throw new AwsError('TagException', 'Too many tags');
    if (new Set(tags.map((tag: { TagKey?: unknown }) => tag?.TagKey)).size !== tags.length) throw new AwsError('TagException', 'Duplicate tag keys');
    return tags.map((tag: { TagKey?: unknown; TagValue?: unknown }) => {
      if (typeof tag?.TagKey !== 'string' || typeof tag.TagValue !== 'string') {
        throw new AwsError('TagException', 'Each tag needs a TagKey and a TagValue.');
      }
      if (tag.TagKey.length < 1 || tag.TagKey.length > 128 || tag.TagValue.length > 256) {
        throw new AwsError('TagException', `Invalid tag: key must be 1-128 characters and value 0-256 characters.`);
      }
      if (tag.TagKey.toLowerCase().startsWith('aws:')) {
        throw new AwsError('TagException', 'Tags beginning with aws: are reserved');
      }
      return { TagKey: tag.TagKey, TagValue: tag.TagValue };
    });
  }

  function policyName(input: Record<string, unknown>): string {
    const name = optionalString(input, 'PolicyName') ?? 'default';
    if (name !== 'default') throw new AwsError('NotFoundException', `No such policy exists: ${name}`);
    return name;
  }

  // ---------- operations ----------

  const operations: Record<string, Operation> = {
    CreateKey: (input: Record<string, unknown>, ctx) => {
      const keyUsage = optionalString(input, 'KeyUsage') ?? 'ENCRYPT_DECRYPT';
      const keySpec = optionalString(input, 'KeySpec') ?? optionalString(input, 'CustomerMasterKeySpec') ?? SYMMETRIC_DEFAULT;
      const origin = optionalString(input, 'Origin') ?? 'AWS_KMS';
      if (keyUsage !== 'ENCRYPT_DECRYPT' || keySpec !== SYMMETRIC_DEFAULT || origin !== 'AWS_KMS' || input.MultiRegion === true) {
        throw new AwsError(
          'UnsupportedOperationException',
          'local-cloud supports single-Region SYMMETRIC_DEFAULT keys with KeyUsage ENCRYPT_DECRYPT and Origin AWS_KMS.',
        );
      }
      const description = optionalString(input, 'Description') ?? '';
      if (description.length > 8192) {
        throw validationError('Description', '…', 'Member must have length less than or equal to 8192');
      }
      const tags = validateTags(input.Tags);
      const keyId = randomUUID();
      const arn = keyArn(ctx.region, ctx.accountId, keyId);
      const given = optionalString(input, 'Policy');
      if (given !== undefined) {
        validateKeyPolicy(given);
        if (input.BypassPolicyLockoutSafetyCheck !== true) {
          checkPolicyLockout(given, { keyArn: arn, keyAccountId: ctx.accountId }, { AWS: ctx.principalArn },
            ctx.callerArn, identityPolicies);
        }
      }
      const key: KeyRecord = {
        keyId,
        accountId: ctx.accountId,
        region: ctx.region,
        arn,
        description,
        keyUsage,
        keySpec,
        keyState: 'Enabled',
        creationDate: Date.now(),
        policy: given ?? defaultKeyPolicy(ctx.accountId),
        rotationEnabled: false,
        material: randomBytes(32),
        materialVersion: 1,
      };
      keys.insertKey(key, tags);
      return { KeyMetadata: metadata(key) };
    },

    DescribeKey: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:DescribeKey', callerOf(ctx), 'any');
      return { KeyMetadata: metadata(key) };
    },

    ListKeys: (input: Record<string, unknown>, ctx) => {
      const limit = optionalInteger(input, 'Limit', 1, 1000) ?? 100;
      const all = keys.listKeys(ctx.accountId, ctx.region).filter((k) => liveKey(k.keyId));
      const result = page(all, limit, optionalString(input, 'Marker'));
      return {
        Keys: result.items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })),
        Truncated: result.truncated,
        ...(result.nextMarker !== undefined ? { NextMarker: result.nextMarker } : {}),
      };
    },

    UpdateKeyDescription: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:UpdateKeyDescription', callerOf(ctx), 'notPendingDeletion');
      keys.updateKey(key.keyId, { description: requiredString(input, 'Description') });
      return {};
    },

    GetKeyPolicy: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:GetKeyPolicy', callerOf(ctx), 'any');
      return { Policy: key.policy, PolicyName: policyName(input) };
    },

    ListKeyPolicies: (input: Record<string, unknown>, ctx) => {
      useKey(requiredString(input, 'KeyId'), 'kms:ListKeyPolicies', callerOf(ctx), 'any');
      return { PolicyNames: ['default'], Truncated: false };
    },

    PutKeyPolicy: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:PutKeyPolicy', callerOf(ctx), 'any');
      policyName(input);
      const policy = requiredString(input, 'Policy');
      validateKeyPolicy(policy);
      if (input.BypassPolicyLockoutSafetyCheck !== true) {
        checkPolicyLockout(policy, { keyArn: key.arn, keyAccountId: key.accountId }, { AWS: ctx.principalArn },
          ctx.callerArn, identityPolicies);
      }
      keys.updateKey(key.keyId, { policy });
      return {};
    },

    EnableKey: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:EnableKey', callerOf(ctx), 'notPendingDeletion');
      keys.updateKey(key.keyId, { keyState: 'Enabled' });
      return {};
    },

    DisableKey: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:DisableKey', callerOf(ctx), 'notPendingDeletion');
      keys.updateKey(key.keyId, { keyState: 'Disabled' });
      return {};
    },

    EnableKeyRotation: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:EnableKeyRotation', callerOf(ctx), 'enabled');
      const period = optionalInteger(input, 'RotationPeriodInDays', 90, 2560) ?? 365;
      // enabling again only changes the period: the schedule still counts from when rotation was turned on
      keys.updateKey(key.keyId, { rotationEnabled: true, rotationPeriodInDays: period, ...(key.rotationEnabled ? {} : { rotationEnabledDate: Date.now() }) });
      return {};
    },

    DisableKeyRotation: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:DisableKeyRotation', callerOf(ctx), 'enabled');
      keys.updateKey(key.keyId, { rotationEnabled: false, rotationPeriodInDays: null, rotationEnabledDate: null });
      return {};
    },

    // enabled: RotationPeriodInDays and NextRotationDate (recorded on AWS, LocalStack test_kms.snapshot.json 2025-03)
    GetKeyRotationStatus: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:GetKeyRotationStatus', callerOf(ctx), 'any');
      return {
        KeyRotationEnabled: key.rotationEnabled,
        KeyId: key.arn,
        ...(key.rotationEnabled ? { RotationPeriodInDays: key.rotationPeriodInDays ?? 365, NextRotationDate: nextRotationDate(key) } : {}),
      };
    },

    ScheduleKeyDeletion: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:ScheduleKeyDeletion', callerOf(ctx), 'notPendingDeletion');
      const days = optionalInteger(input, 'PendingWindowInDays', 7, 30) ?? 30;
      const deletionDate = Date.now() + days * DAY_MS;
      keys.updateKey(key.keyId, { keyState: 'PendingDeletion', deletionDate, pendingWindowInDays: days });
      return { KeyId: key.arn, DeletionDate: new Date(deletionDate), KeyState: 'PendingDeletion', PendingWindowInDays: days };
    },

    CancelKeyDeletion: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:CancelKeyDeletion', callerOf(ctx), 'any');
      if (key.keyState !== 'PendingDeletion') {
        throw new AwsError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
      }
      // as AWS does: a key that leaves PendingDeletion is Disabled until someone enables it
      keys.updateKey(key.keyId, { keyState: 'Disabled', deletionDate: null, pendingWindowInDays: null });
      return { KeyId: key.arn };
    },

    CreateAlias: (input: Record<string, unknown>, ctx) => {
      const aliasName = checkAliasName(requiredString(input, 'AliasName'));
      const key = useKey(requiredString(input, 'TargetKeyId'), 'kms:CreateAlias', callerOf(ctx), 'notPendingDeletion');
      if (keys.getAlias(ctx.accountId, ctx.region, aliasName)) {
        throw new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn(ctx.region, ctx.accountId, aliasName)} already exists`);
      }
      const now = Date.now();
      keys.insertAlias({ accountId: ctx.accountId, region: ctx.region, aliasName, keyId: key.keyId, creationDate: now, lastUpdatedDate: now });
      return {};
    },

    UpdateAlias: (input: Record<string, unknown>, ctx) => {
      const aliasName = checkAliasName(requiredString(input, 'AliasName'));
      const alias = existingAlias(ctx, aliasName);
      const caller = callerOf(ctx);
      const from = resolveKey(alias.keyId, ctx);
      authorize(from, 'kms:UpdateAlias', caller);
      const to = useKey(requiredString(input, 'TargetKeyId'), 'kms:UpdateAlias', caller, 'notPendingDeletion');
      keys.deleteAlias(ctx.accountId, ctx.region, aliasName);
      keys.insertAlias({ ...alias, keyId: to.keyId, lastUpdatedDate: Date.now() });
      return {};
    },

    DeleteAlias: (input: Record<string, unknown>, ctx) => {
      const aliasName = requiredString(input, 'AliasName');
      const alias = existingAlias(ctx, aliasName);
      const key = keys.getKey(alias.keyId);
      if (key) authorize(key, 'kms:DeleteAlias', callerOf(ctx));
      keys.deleteAlias(ctx.accountId, ctx.region, aliasName);
      return {};
    },

    ListAliases: (input: Record<string, unknown>, ctx) => {
      const limit = optionalInteger(input, 'Limit', 1, 100) ?? 50;
      const keyIdInput = optionalString(input, 'KeyId');
      const keyId = keyIdInput === undefined ? undefined : resolveKey(keyIdInput, ctx).keyId;
      const aliases = keys.listAliases(ctx.accountId, ctx.region, keyId).filter((a) => liveKey(a.keyId));
      const result = page(aliases, limit, optionalString(input, 'Marker'));
      return {
        Aliases: result.items.map((a) => ({
          AliasName: a.aliasName,
          AliasArn: aliasArn(a.region, a.accountId, a.aliasName),
          TargetKeyId: a.keyId,
          CreationDate: new Date(a.creationDate),
          LastUpdatedDate: new Date(a.lastUpdatedDate),
        })),
        Truncated: result.truncated,
        ...(result.nextMarker !== undefined ? { NextMarker: result.nextMarker } : {}),
      };
    },

    TagResource: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:TagResource', callerOf(ctx), 'notPendingDeletion');
      if (input.Tags === undefined || input.Tags === null) throw validationError('Tags', undefined, 'Member must not be null');
      keys.putTags(key.keyId, validateTags(input.Tags));
      return {};
    },

    UntagResource: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:UntagResource', callerOf(ctx), 'notPendingDeletion');
      const tagKeys = input.TagKeys;
      if (!Array.isArray(tagKeys) || tagKeys.some((k) => typeof k !== 'string')) {
        throw validationError('TagKeys', undefined, 'Member must not be null');
      }
      keys.removeTags(key.keyId, tagKeys as string[]);
      return {};
    },

    ListResourceTags: (input: Record<string, unknown>, ctx) => {
      const key = useKey(requiredString(input, 'KeyId'), 'kms:ListResourceTags', callerOf(ctx), 'any');
      const limit = optionalInteger(input, 'Limit', 1, 50) ?? 50;
      const result = page(keys.listTags(key.keyId), limit, optionalString(input, 'Marker'));
      return {
        Tags: result.items,
        Truncated: result.truncated,
        ...(result.nextMarker !== undefined ? { NextMarker: result.nextMarker } : {}),
      };
    },

    Encrypt: (input: Record<string, unknown>, ctx) => {
      const plaintext = requiredBlob(input, 'Plaintext');
      checkPlaintextLength(plaintext);
      checkAlgorithm(optionalString(input, 'EncryptionAlgorithm'));
      const context = optionalStringMap(input, 'EncryptionContext');
      const { key, blob } = encryptWith(callerOf(ctx), requiredString(input, 'KeyId'), plaintext, context);
      dryRun(input);
      return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: SYMMETRIC_DEFAULT };
    },

    Decrypt: (input: Record<string, unknown>, ctx) => {
      checkAlgorithm(optionalString(input, 'EncryptionAlgorithm'));
      const { key, plaintext } = decryptWith(
        callerOf(ctx),
        requiredBlob(input, 'CiphertextBlob'),
        optionalStringMap(input, 'EncryptionContext'),
        optionalString(input, 'KeyId'),
      );
      dryRun(input);
      return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: SYMMETRIC_DEFAULT, KeyMaterialId: keyMaterialId(key, key.materialVersion) };
    },

    ReEncrypt: (input: Record<string, unknown>, ctx) => {
      checkAlgorithm(optionalString(input, 'SourceEncryptionAlgorithm'));
      checkAlgorithm(optionalString(input, 'DestinationEncryptionAlgorithm'));
      const caller = callerOf(ctx);
      const destination = requiredString(input, 'DestinationKeyId');
      const source = decryptWith(
        caller,
        requiredBlob(input, 'CiphertextBlob'),
        optionalStringMap(input, 'SourceEncryptionContext'),
        optionalString(input, 'SourceKeyId'),
        'kms:ReEncryptFrom',
      );
      const target = encryptWith(caller, destination, source.plaintext,
        optionalStringMap(input, 'DestinationEncryptionContext'), 'kms:ReEncryptTo');
      dryRun(input);
      return {
        CiphertextBlob: target.blob,
        SourceKeyId: source.key.arn,
        KeyId: target.key.arn,
        SourceEncryptionAlgorithm: SYMMETRIC_DEFAULT,
        DestinationEncryptionAlgorithm: SYMMETRIC_DEFAULT,
        SourceKeyMaterialId: keyMaterialId(source.key, source.key.materialVersion),
        DestinationKeyMaterialId: keyMaterialId(target.key, target.key.materialVersion),
      };
    },

    GenerateDataKey: (input: Record<string, unknown>, ctx) => {
      const length = dataKeyLength(input);
      const plaintext = randomBytes(length);
      const { key, blob } = encryptWith(callerOf(ctx), requiredString(input, 'KeyId'), plaintext,
        optionalStringMap(input, 'EncryptionContext'), 'kms:GenerateDataKey');
      dryRun(input);
      return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: key.arn, KeyMaterialId: keyMaterialId(key, key.materialVersion) };
    },

    GenerateDataKeyWithoutPlaintext: (input: Record<string, unknown>, ctx) => {
      const length = dataKeyLength(input);
      const { key, blob } = encryptWith(callerOf(ctx), requiredString(input, 'KeyId'), randomBytes(length),
        optionalStringMap(input, 'EncryptionContext'), 'kms:GenerateDataKeyWithoutPlaintext');
      dryRun(input);
      return { CiphertextBlob: blob, KeyId: key.arn, KeyMaterialId: keyMaterialId(key, key.materialVersion) };
    },

    GenerateRandom: (input: Record<string, unknown>) => {
      const length = optionalInteger(input, 'NumberOfBytes', 1, 1024);
      // KMS's own text for a missing NumberOfBytes, not the generic "Member must not be null" (recorded on AWS)
      if (length === undefined) throw new AwsError('ValidationException', 'NumberOfBytes is required.');
      return { Plaintext: randomBytes(length) };
    },
  };

  function checkAliasName(aliasName: string): string {
    if (!aliasName.startsWith('alias/')) {
      // a ValidationException with a pointer to the guide, not InvalidAliasNameException (recorded on AWS)
      throw new AwsError('ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
    }
    if (aliasName.startsWith('alias/aws/')) {
      throw new AwsError('InvalidAliasNameException', "Alias names that begin with 'alias/aws/' are reserved for AWS managed keys.");
    }
    if (aliasName.length > 256 || !ALIAS_NAME.test(aliasName)) {
      throw validationError('AliasName', aliasName, 'Member must satisfy regular expression pattern: ^alias/[a-zA-Z0-9/_-]+$');
    }
    return aliasName;
  }

  function existingAlias(ctx: CallContext, aliasName: string): AliasRecord {
    const alias = keys.getAlias(ctx.accountId, ctx.region, aliasName);
    if (!alias || !liveKey(alias.keyId)) {
      throw new AwsError('NotFoundException', `Alias ${aliasArn(ctx.region, ctx.accountId, aliasName)} is not found.`);
    }
    return alias;
  }

  // ---------- the in-process API ----------

  const internal: KmsInternalApi = {
    generateDataKey(request) {
      stats.generateDataKey++;
      const plaintext = randomBytes(request.numberOfBytes ?? 32);
      const { key, blob } = encryptWith(request, request.keyId, plaintext, request.encryptionContext, 'kms:GenerateDataKey');
      return { keyArn: key.arn, plaintext, ciphertextBlob: blob };
    },
    encrypt(request) {
      stats.encrypt++;
      const plaintext = Buffer.from(request.plaintext);
      checkPlaintextLength(plaintext);
      const { key, blob } = encryptWith(request, request.keyId, plaintext, request.encryptionContext);
      return { keyArn: key.arn, ciphertextBlob: blob };
    },
    decrypt(request) {
      stats.decrypt++;
      const blob = Buffer.from(request.ciphertextBlob);
      const { key, plaintext } = decryptWith(request, blob, request.encryptionContext, request.keyId);
      return { keyArn: key.arn, plaintext };
    },
    checkAccess(request) {
      stats.checkAccess++;
      const key = resolveKey(request.keyId, request);
      for (const action of request.actions) {
        authorize(key, action, request, { encryptionContext: request.encryptionContext, encryptionAlgorithm: SYMMETRIC_DEFAULT });
      }
      requireEnabled(key);
      return { keyArn: key.arn };
    },
    findKey(keyIdInput, where) {
      try {
        return metadata(resolveKey(keyIdInput, where));
      } catch (e) {
        if (e instanceof AwsError && e.code === 'NotFoundException') return undefined;
        throw e;
      }
    },
    serviceCaller(service, where) {
      return {
        principal: { Service: `${service}.${where.region}.amazonaws.com` },
        region: where.region,
        accountId: where.accountId,
      };
    },
    stats,
  };

  return { signingName: 'kms', protocol: 'awsJson1_1', targetPrefix: 'TrentService', operations, internal };
}
