import type { ContextValue } from '@kms-logs-api/iam-policy';

/** Which kind of policy a document is, in the words AWS's refusals use. */
export type PolicyKind = 'identity' | 'resource' | 'session' | 'boundary';

/** One policy the authorizer consulted, named so a refusal can say where it came from. */
export interface NamedPolicy {
  readonly kind: PolicyKind;
  /** `role/R inline policy P`, `arn:aws:iam::aws:policy/AdministratorAccess`, `key policy of arn:…`, … */
  readonly name: string;
  /** The document as stored (JSON text) or as shipped (object). */
  readonly document: string | object;
}

/**
 * How a resource-based policy takes part (IAM User Guide, "Policy evaluation logic" and "Cross-account policy
 * evaluation logic"; KMS Developer Guide, "Key policies"):
 * - `key-policy`: the key policy must allow; a statement naming only the account delegates to identity policies
 *   (the account root included: KMS does not give the account anything its key policy does not);
 * - `trust-policy`: a role's trust policy for `sts:AssumeRole`, decided like a key policy;
 * - `resource-policy`: within one account, a statement naming the principal allows on its own; one naming only
 *   the account delegates to identity policies; the root may do anything it does not deny.
 */
export type ResourcePolicyMode = 'key-policy' | 'trust-policy' | 'resource-policy';

export interface ResourcePolicy extends NamedPolicy {
  readonly kind: 'resource';
  readonly mode: ResourcePolicyMode;
}

/** Who a call acts as, with every policy that applies to them. */
export interface PrincipalPolicies {
  readonly type: 'Account' | 'AssumedRole' | 'User';
  /** The ARN refusals name: the root, the user, or `arn:aws:sts::<acct>:assumed-role/<role>/<session>`. */
  readonly arn: string;
  /** `aws:PrincipalArn`: the role ARN for a role session, else `arn`. */
  readonly principalArn: string;
  readonly accountId: string;
  /** `aws:userid`: the account id (root), `<RoleId>:<session>` (role session), the user's id (user). */
  readonly userId: string;
  /** `aws:username`: an IAM user's name. */
  readonly userName?: string;
  readonly identity: readonly NamedPolicy[];
  /** The session policies passed to AssumeRole; undefined when none were (then nothing limits the session). */
  readonly session?: readonly NamedPolicy[];
  readonly boundary?: NamedPolicy;
  /** Attached managed policies local-cloud has no document for (they grant nothing; explain says so). */
  readonly unknownManaged: readonly string[];
}

export type RequestContext = Record<string, ContextValue>;
