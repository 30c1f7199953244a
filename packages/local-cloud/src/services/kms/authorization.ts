import { type AuthorizationRequest, one, type AuthorizationEnv, type AuthorizationTable } from '../../core/operation';
import { buildArn } from '../../core/arn';
import type { CallContext } from '../../core/service';
import { readCiphertextHeader } from './ciphertext';
import type { KmsService } from './kms-service';

/**
 * KMS's IAM facts per operation (Service Authorization Reference, "Actions, resources, and condition keys for
 * AWS Key Management Service": https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html).
 * Actions on a key name its key ARN (an alias is resolved to its key); CreateKey, ListKeys, ListAliases and
 * GenerateRandom have no resource type (`*`); alias operations also name the alias ARN.
 */
type Input = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The ARN of the key `keyId` names (key id, key ARN, alias name or alias ARN), resolved when the key exists. */
function keyArn(keyId: unknown, ctx: CallContext, env: AuthorizationEnv): string {
  const id = str(keyId) ?? '';
  const kms = env.services?.get<KmsService>('kms');
  const found = findKey(kms, id, ctx);
  if (found) return found;
  if (id.startsWith('arn:')) return id;
  return buildArn('kms', ctx.region, ctx.accountId, id.startsWith('alias/') ? id : `key/${id}`);
}

/** The key's ARN when it exists; an input KMS refuses anyway resolves to nothing. */
function findKey(kms: KmsService | undefined, id: string, ctx: CallContext): string | undefined {
  try {
    return kms?.backend.findKey(id, ctx)?.Arn;
  } catch {
    return undefined;
  }
}

const aliasArn = (name: unknown, ctx: CallContext): string => {
  const n = str(name) ?? '';
  return n.startsWith('arn:') ? n : buildArn('kms', ctx.region, ctx.accountId, n);
};

/** `kms:EncryptionContext:<key>`, `kms:EncryptionContextKeys`, `kms:EncryptionAlgorithm` of a cryptographic call. */
function cryptoKeys(input: Input, contextMember = 'EncryptionContext'): Record<string, string | string[]> {
  const keys: Record<string, string | string[]> = { 'kms:EncryptionAlgorithm': str(input.EncryptionAlgorithm) ?? 'SYMMETRIC_DEFAULT' };
  const context = input[contextMember];
  if (context && typeof context === 'object') {
    const names = Object.keys(context);
    for (const k of names) keys[`kms:EncryptionContext:${k}`] = String((context as Record<string, unknown>)[k]);
    if (names.length > 0) keys['kms:EncryptionContextKeys'] = names;
  }
  return keys;
}

/** The key a ciphertext blob was sealed under (or the KeyId the call names). */
function blobKeyArn(blob: unknown, keyId: unknown, ctx: CallContext, env: AuthorizationEnv): string {
  if (str(keyId)) return keyArn(keyId, ctx, env);
  try {
    const bytes = typeof blob === 'string' ? Buffer.from(blob, 'base64') : blob instanceof Uint8Array ? blob : Buffer.alloc(0);
    return keyArn(readCiphertextHeader(bytes).keyId, ctx, env);
  } catch {
    return '*'; // not a ciphertext of any key: the operation answers InvalidCiphertextException
  }
}

const onKey = (action: string) => (input: Input, ctx: CallContext, env: AuthorizationEnv) => one(action, keyArn(input.KeyId, ctx, env));
const crypto = (action: string) => (input: Input, ctx: CallContext, env: AuthorizationEnv) => one(action, keyArn(input.KeyId, ctx, env), cryptoKeys(input));

/** The alias's current key, when the alias exists. */
const aliasTarget = (name: unknown, ctx: CallContext, env: AuthorizationEnv): string[] => {
  const found = findKey(env.services?.get<KmsService>('kms'), str(name) ?? '', ctx);
  return found ? [found] : [];
};

export const KMS_AUTHORIZATION: AuthorizationTable = {
  CreateKey: () => one('kms:CreateKey', '*'),
  ListKeys: () => one('kms:ListKeys', '*'),
  ListAliases: () => one('kms:ListAliases', '*'),
  GenerateRandom: () => one('kms:GenerateRandom', '*'),
  DescribeKey: onKey('kms:DescribeKey'),
  UpdateKeyDescription: onKey('kms:UpdateKeyDescription'),
  GetKeyPolicy: onKey('kms:GetKeyPolicy'),
  ListKeyPolicies: onKey('kms:ListKeyPolicies'),
  PutKeyPolicy: onKey('kms:PutKeyPolicy'),
  EnableKey: onKey('kms:EnableKey'),
  DisableKey: onKey('kms:DisableKey'),
  EnableKeyRotation: onKey('kms:EnableKeyRotation'),
  DisableKeyRotation: onKey('kms:DisableKeyRotation'),
  GetKeyRotationStatus: onKey('kms:GetKeyRotationStatus'),
  ListKeyRotations: onKey('kms:ListKeyRotations'),
  RotateKeyOnDemand: onKey('kms:RotateKeyOnDemand'),
  ScheduleKeyDeletion: onKey('kms:ScheduleKeyDeletion'),
  CancelKeyDeletion: onKey('kms:CancelKeyDeletion'),
  TagResource: onKey('kms:TagResource'),
  UntagResource: onKey('kms:UntagResource'),
  ListResourceTags: onKey('kms:ListResourceTags'),
  CreateAlias: (input: Input, ctx, env) => one('kms:CreateAlias', [aliasArn(input.AliasName, ctx), keyArn(input.TargetKeyId, ctx, env)]),
  UpdateAlias: (input: Input, ctx, env) =>
    one('kms:UpdateAlias', [aliasArn(input.AliasName, ctx), ...aliasTarget(input.AliasName, ctx, env), keyArn(input.TargetKeyId, ctx, env)]),
  DeleteAlias: (input: Input, ctx, env) => one('kms:DeleteAlias', [aliasArn(input.AliasName, ctx), ...aliasTarget(input.AliasName, ctx, env)]),
  Encrypt: crypto('kms:Encrypt'),
  GenerateDataKey: crypto('kms:GenerateDataKey'),
  GenerateDataKeyWithoutPlaintext: crypto('kms:GenerateDataKeyWithoutPlaintext'),
  Decrypt: (input: Input, ctx, env) => one('kms:Decrypt', blobKeyArn(input.CiphertextBlob, input.KeyId, ctx, env), cryptoKeys(input)),
  ReEncrypt: (input: Input, ctx, env): AuthorizationRequest[] => [
    ...one('kms:ReEncryptFrom', blobKeyArn(input.CiphertextBlob, input.SourceKeyId, ctx, env), cryptoKeys(input, 'SourceEncryptionContext')),
    ...one('kms:ReEncryptTo', keyArn(input.DestinationKeyId, ctx, env), cryptoKeys(input, 'DestinationEncryptionContext')),
  ],
};
