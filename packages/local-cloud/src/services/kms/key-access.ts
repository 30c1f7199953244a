import { AwsError } from '../../core/aws-error';
import { parseKmsArn } from '../../core/arns/kms';
import type { Scope } from '../../core/scope';
import { authorizeKeyUse, type IdentityPolicyDecider, type KeyPrincipal } from './key-policy';
import { aliasArn, keyArn, type KeyRecord, type KeyStore } from './key-store';

/** Who uses a key, and from where (a wire call's identity, or a service acting in-process). */
export interface KmsCaller extends Scope {
  /** `{ AWS: <principal ARN> }`, or `{ Service: 'logs.<region>.amazonaws.com' }` for a service acting itself. */
  readonly principal: KeyPrincipal;
  /** Shown in AccessDenied messages; defaults to the principal ARN, or `arn:aws:<service>:<region>:<acct>:*`. */
  readonly callerArn?: string;
  /** `kms:ViaService`, when a principal's request reaches KMS through a service. */
  readonly viaService?: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  /** The server's authorizer has decided this call already (a wire call of an IAM principal). */
  readonly authorized?: boolean;
}

/** The key state an operation needs. */
export type RequiredState = 'any' | 'notPendingDeletion' | 'enabled';

/** Extra request context a key policy may test. */
export interface UseContext {
  readonly encryptionContext?: Record<string, string>;
  readonly encryptionAlgorithm?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// a multi-Region key id: well-formed, so a missing one "does not exist" rather than being an "Invalid keyId" (recorded on AWS)
const MULTI_REGION_KEY_ID = /^mrk-[0-9a-f]{32}$/;

/**
 * Operations whose KeyId is a key id or key ARN only, not an alias (botocore kms/2014-11-01/service-2.json: "Specify
 * the key ID or key ARN of the KMS key"); an alias is not found there.
 */
const KEY_ID_OR_ARN_ONLY = new Set([
  'kms:EnableKeyRotation', 'kms:DisableKeyRotation', 'kms:GetKeyRotationStatus', 'kms:ListKeyRotations', 'kms:RotateKeyOnDemand',
]);

/**
 * The preamble of every operation on one key, in AWS's order: resolve the key (`NotFoundException`) → its key policy
 * (`AccessDeniedException`) → its state (`DisabledException` / `KMSInvalidStateException`).
 */
export class KeyAccess {
  constructor(private readonly keys: KeyStore, private readonly identityPolicies: IdentityPolicyDecider) {}

  /** Resolve, authorize, check state. */
  public use(keyIdInput: string, action: string, caller: KmsCaller, state: RequiredState, extra: UseContext = {}): KeyRecord {
    const key = this.resolve(keyIdInput, caller, KEY_ID_OR_ARN_ONLY.has(action));
    this.authorize(key, action, caller, extra);
    if (state === 'enabled') requireEnabled(key);
    if (state === 'notPendingDeletion' && key.keyState === 'PendingDeletion') throw pendingDeletion(key);
    return key;
  }

  /**
   * The key a KeyId names (id, key ARN, alias name, alias ARN; `keyOnly`: id or key ARN), or NotFoundException.
   */
  public resolve(keyIdInput: string, where: Scope, keyOnly = false): KeyRecord {
    const arn = parseKmsArn(keyIdInput);
    const isAlias = arn?.kind === 'alias' || (!arn && keyIdInput.startsWith('alias/'));
    if (keyOnly && isAlias) throw new AwsError('NotFoundException', `Invalid keyId '${keyIdInput}'`);
    if (arn?.kind === 'key') {
      const key = this.live(arn.keyId);
      if (!key || key.region !== arn.region || key.accountId !== arn.accountId) {
        throw new AwsError('NotFoundException', `Key '${keyIdInput}' does not exist`);
      }
      return key;
    }
    if (isAlias) {
      const [region, accountId, aliasName] = arn?.kind === 'alias' ? [arn.region, arn.accountId, arn.aliasName] : [where.region, where.accountId, keyIdInput];
      const alias = this.keys.getAlias(accountId, region, aliasName);
      const key = alias && this.live(alias.keyId);
      if (!key) throw new AwsError('NotFoundException', `Alias '${aliasArn(region, accountId, aliasName)}' is not found.`);
      return key;
    }
    if (UUID.test(keyIdInput) || MULTI_REGION_KEY_ID.test(keyIdInput)) {
      const key = this.live(keyIdInput);
      if (!key || key.region !== where.region || key.accountId !== where.accountId) {
        throw new AwsError('NotFoundException', `Key '${keyArn(where.region, where.accountId, keyIdInput)}' does not exist`);
      }
      return key;
    }
    throw new AwsError('NotFoundException', `Invalid keyId '${keyIdInput}'`);
  }

  /** The key, or undefined once it is gone; a key whose deletion window has passed is deleted now. */
  public live(keyId: string): KeyRecord | undefined {
    const key = this.keys.getKey(keyId);
    if (key && key.keyState === 'PendingDeletion' && key.deletionDate !== undefined && key.deletionDate <= Date.now()) {
      this.keys.deleteKey(keyId);
      return undefined;
    }
    return key;
  }

  /** The key policy (and, through the account, IAM) must allow `action` for the caller. */
  public authorize(key: KeyRecord, action: string, caller: KmsCaller, extra: UseContext = {}): void {
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
      this.identityPolicies,
    );
  }
}

function callerArnOf(caller: KmsCaller): string {
  if (caller.callerArn) return caller.callerArn;
  if ('AWS' in caller.principal) return caller.principal.AWS;
  const service = caller.principal.Service.split('.')[0];
  return `arn:aws:${service}:${caller.region}:${caller.accountId}:*`;
}

/** A cryptographic operation (and on-demand rotation) needs an Enabled key. */
export function requireEnabled(key: KeyRecord): void {
  if (key.keyState === 'Disabled') throw new AwsError('DisabledException', `${key.arn} is disabled.`);
  if (key.keyState === 'PendingDeletion') throw pendingDeletion(key);
}

export function pendingDeletion(key: KeyRecord): AwsError {
  return new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
}
