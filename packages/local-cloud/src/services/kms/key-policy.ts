import { evaluatePolicy, MalformedPolicyDocumentError, parsePolicy } from '@kms-logs-api/iam-policy';
import { AwsError } from '../../core/aws-error';
import { accountRootArn, isPrincipalArn, parseArn } from '../../core/arn';

/** Who a key policy is evaluated for: an IAM principal (user, role, account root) or an AWS service. */
export type KeyPrincipal = { readonly AWS: string } | { readonly Service: string };

/** An IAM principal's identity policies, asked only when the key policy delegates to the account ("root"). */
export type IdentityPolicyDecider = (request: {
  principalArn: string;
  action: string;
  resource: string;
  context: Record<string, ContextValue>;
}) => 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

type ContextValue = string | number | boolean | Date | Array<string | number | boolean | Date>;

/** One use of a key to authorize. */
export interface KeyUse {
  readonly keyArn: string;
  readonly keyAccountId: string;
  readonly policy: string;
  /** `kms:Encrypt`, `kms:ReEncryptFrom`, … */
  readonly action: string;
  readonly principal: KeyPrincipal;
  /** The ARN named in AccessDenied messages (the STS caller ARN, or the service's own ARN). */
  readonly callerArn: string;
  readonly encryptionContext?: Record<string, string>;
  readonly viaService?: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  /** The algorithm of a cryptographic operation (`kms:EncryptionAlgorithm`). */
  readonly encryptionAlgorithm?: string;
}

/** What AWS KMS writes when a key is created without a policy: the account may use IAM policies for it. */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: accountRootArn(accountId) },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

/** KMS's words for the policies it refuses (as real CreateKey/PutKeyPolicy responses show them). */
export const KEY_POLICY_MESSAGES = {
  noPrincipal: 'Policy contains a statement with no principal.',
  invalidPrincipals: 'Policy contains a statement with one or more invalid principals.',
  lockout: 'The new key policy will not allow you to update the key policy in the future.',
} as const;

/** "Up to 32 kilobytes (32,768 bytes)" (KMS Developer Guide, Key policy format); beyond → LimitExceededException. */
export const MAX_KEY_POLICY_LENGTH = 32768;

// a service principal names a service endpoint (`logs.ap-southeast-1.amazonaws.com`), never a wildcard
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/**
 * Validates a key policy the way CreateKey/PutKeyPolicy do (KMS Developer Guide, "Key policy format" and
 * "Elements in a key policy"; the PutKeyPolicy API reference):
 *
 * - over 32,768 characters → `LimitExceededException`;
 * - not a policy document (JSON, Version, Statement, Effect, Condition, ...) → `MalformedPolicyDocumentException`
 *   with the parser's message, which names statement and element (KMS's own wording for these is not published);
 * - a statement without `Principal` (nor `NotPrincipal`) → `Policy contains a statement with no principal.`;
 * - a principal that is not `*`, an account, an IAM user/role/root or STS session ARN (no wildcards), or a service
 *   endpoint name → `Policy contains a statement with one or more invalid principals.`;
 * - a statement without `Action` or without `Resource` is accepted but has no effect, as PutKeyPolicy documents
 *   ("the PutKeyPolicy API request succeeds, even though the policy statement is ineffective").
 *
 * @throws AwsError with KMS's error code and, where known, its message
 */
export function validateKeyPolicy(policy: string): void {
  if (policy.length > MAX_KEY_POLICY_LENGTH) {
    throw new AwsError('LimitExceededException', `The key policy exceeds the maximum size of ${MAX_KEY_POLICY_LENGTH} characters.`);
  }
  const malformed = (message: string) => new AwsError('MalformedPolicyDocumentException', message);
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch (e) {
    throw malformed(`Policy document is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw malformed('Policy document must be a JSON object');
  const statements = statementsOf(doc);
  // the grammar of every statement, with stand-ins for the elements KMS treats on its own (below)
  let noPrincipal = false;
  const checked = statements.map((statement) => {
    if (!isObject(statement)) return statement;
    const copy: Record<string, unknown> = { ...statement };
    if (copy.Principal === undefined && copy.NotPrincipal === undefined) {
      noPrincipal = true;
      copy.Principal = '*';
    }
    if (copy.Action === undefined && copy.NotAction === undefined) copy.Action = 'kms:*';
    return copy;
  });
  try {
    parsePolicy(doc.Statement !== undefined ? { ...doc, Statement: Array.isArray(doc.Statement) ? checked : checked[0] } : doc);
  } catch (e) {
    if (!(e instanceof MalformedPolicyDocumentError)) throw e;
    if (e.field === 'Principal' || e.field === 'NotPrincipal') throw malformed(KEY_POLICY_MESSAGES.invalidPrincipals);
    throw malformed(e.message);
  }
  if (noPrincipal) throw malformed(KEY_POLICY_MESSAGES.noPrincipal);
  for (const statement of statements as Array<Record<string, unknown>>) {
    for (const element of [statement.Principal, statement.NotPrincipal]) {
      if (element !== undefined && !validPrincipals(element)) throw malformed(KEY_POLICY_MESSAGES.invalidPrincipals);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The document's statements as a list (JSON allows a single object); [] when there are none. */
function statementsOf(doc: unknown): unknown[] {
  if (!isObject(doc) || doc.Statement === undefined) return [];
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** The principals KMS can resolve (parsePolicy has checked the element's shape already). */
function validPrincipals(element: unknown): boolean {
  if (element === '*') return true;
  const byType = element as Record<string, string | string[]>;
  const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  const awsOk = list(byType.AWS).every((p) => p === '*' || /^\d{12}$/.test(p) || /^A[A-Z]{3}[A-Z0-9]{12,124}$/.test(p) || isPrincipalArn(p));
  const serviceOk = list(byType.Service).every((p) => SERVICE_PRINCIPAL.test(p));
  return awsOk && serviceOk;
}

/**
 * A statement that takes part in decisions: KMS ignores one without Action or Resource, and never stores one
 * without a principal (a database from before that check still must not let such a statement grant everyone).
 */
function effective(statement: unknown): boolean {
  if (!isObject(statement)) return false;
  const has = (a: string, b: string) => statement[a] !== undefined || statement[b] !== undefined;
  return has('Principal', 'NotPrincipal') && has('Action', 'NotAction') && has('Resource', 'NotResource');
}

/**
 * Decides a use of a key by its key policy, as AWS KMS does:
 *
 * - an explicit Deny anywhere wins;
 * - a statement that names the principal (or `*`, or the service) allows on its own;
 * - a statement that names only the account (`arn:aws:iam::<acct>:root` or `<acct>`) allows an IAM principal
 *   of that account only if its identity policies allow too ("the key policy delegates to IAM"); the account
 *   root itself needs nothing more. Identity policies are asked through `identityPolicies` when given;
 *   without it the delegation is taken as granted.
 *
 * @throws AwsError AccessDeniedException with AWS's message
 */
export function authorizeKeyUse(use: KeyUse, identityPolicies?: IdentityPolicyDecider): void {
  const decision = decideKeyUse(use, identityPolicies);
  if (decision === 'Allow') return;
  const head = `User: ${use.callerArn} is not authorized to perform: ${use.action} on resource: ${use.keyArn}`;
  switch (decision) {
    case 'ExplicitDeny':
      throw new AwsError('AccessDeniedException', `${head} with an explicit deny in a resource-based policy`);
    case 'IdentityImplicitDeny':
      throw new AwsError('AccessDeniedException', `${head} because no identity-based policy allows the ${use.action} action`);
    case 'IdentityExplicitDeny':
      throw new AwsError('AccessDeniedException', `${head} with an explicit deny in an identity-based policy`);
    default:
      throw new AwsError('AccessDeniedException', `${head} because no resource-based policy allows the ${use.action} action`);
  }
}

type KeyDecision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny' | 'IdentityImplicitDeny' | 'IdentityExplicitDeny';

/** The decision without the error: see `authorizeKeyUse`. */
export function decideKeyUse(use: KeyUse, identityPolicies?: IdentityPolicyDecider): KeyDecision {
  const context = requestContext(use);
  const evaluate = (policy: object | undefined, principal: KeyPrincipal) =>
    policy === undefined
      ? 'ImplicitDeny'
      : evaluatePolicy(policy, { principal: principal as { AWS: string }, action: use.action, resource: use.keyArn, context }).decision;

  const asCaller = evaluate(parsedPolicy(use.policy), use.principal);
  if (asCaller === 'ExplicitDeny') return 'ExplicitDeny';
  if (!('AWS' in use.principal)) return asCaller;

  const principalArn = use.principal.AWS;
  const principalAccount = accountOf(principalArn);
  const root = accountRootArn(principalAccount);
  if (principalArn === root) return asCaller;

  // an IAM user or role: a Deny aimed at its whole account applies to it as well
  const asAccount = evaluate(parsedPolicy(use.policy), { AWS: root });
  if (asAccount === 'ExplicitDeny') return 'ExplicitDeny';
  const direct = withoutAccountStatements(use.policy, principalAccount);
  if (direct && evaluate(direct, use.principal) === 'Allow') return 'Allow';
  if (asAccount !== 'Allow') return 'ImplicitDeny';
  if (!identityPolicies) return 'Allow';
  const identity = identityPolicies({ principalArn, action: use.action, resource: use.keyArn, context });
  if (identity === 'Allow') return 'Allow';
  return identity === 'ExplicitDeny' ? 'IdentityExplicitDeny' : 'IdentityImplicitDeny';
}

/**
 * CreateKey/PutKeyPolicy's safety check: the caller must still be allowed `kms:PutKeyPolicy` under the new
 * policy, unless `BypassPolicyLockoutSafetyCheck` is set.
 */
export function checkPolicyLockout(
  policy: string,
  key: { keyArn: string; keyAccountId: string },
  principal: KeyPrincipal,
  callerArn: string,
  identityPolicies?: IdentityPolicyDecider,
): void {
  const decision = decideKeyUse(
    { keyArn: key.keyArn, keyAccountId: key.keyAccountId, policy, action: 'kms:PutKeyPolicy', principal, callerArn },
    identityPolicies,
  );
  if (decision !== 'Allow') {
    throw new AwsError('MalformedPolicyDocumentException', KEY_POLICY_MESSAGES.lockout);
  }
}

function requestContext(use: KeyUse): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': new Date(),
    'aws:EpochTime': Math.floor(Date.now() / 1000),
    // every request to AWS KMS arrives over TLS
    'aws:SecureTransport': true,
  };
  if ('AWS' in use.principal) {
    const account = accountOf(use.principal.AWS);
    context['aws:PrincipalArn'] = use.principal.AWS;
    context['aws:PrincipalAccount'] = account;
    context['kms:CallerAccount'] = account;
  } else {
    context['aws:PrincipalServiceName'] = use.principal.Service;
    context['aws:PrincipalIsAWSService'] = true;
  }
  if (use.encryptionContext) {
    const keys = Object.keys(use.encryptionContext);
    for (const k of keys) context[`kms:EncryptionContext:${k}`] = use.encryptionContext[k];
    if (keys.length > 0) context['kms:EncryptionContextKeys'] = keys;
  }
  if (use.viaService) context['kms:ViaService'] = use.viaService;
  if (use.sourceArn) context['aws:SourceArn'] = use.sourceArn;
  if (use.sourceAccount) context['aws:SourceAccount'] = use.sourceAccount;
  if (use.encryptionAlgorithm) context['kms:EncryptionAlgorithm'] = use.encryptionAlgorithm;
  return context;
}

/** `123456789012` from `arn:aws:iam::123456789012:role/x` (or an STS ARN). */
function accountOf(arn: string): string {
  return parseArn(arn)?.account ?? '';
}

// Key policies are evaluated on every use of a key: keep the parsed JSON per policy text.
const parsedCache = new Map<string, object | undefined>();
const withoutAccountCache = new Map<string, object | undefined>();
const CACHE_LIMIT = 500;

/** The policy with only its effective statements (see `effective`); undefined when none is left. */
function parsedPolicy(policy: string): object | undefined {
  if (parsedCache.has(policy)) return parsedCache.get(policy);
  const doc = JSON.parse(policy) as Record<string, unknown>;
  const kept = statementsOf(doc).filter(effective);
  const parsed = kept.length > 0 ? { ...doc, Statement: kept } : undefined;
  remember(parsedCache, policy, parsed);
  return parsed;
}

/**
 * The policy minus the statements whose principal is only `accountId` itself (its root or bare id);
 * undefined when nothing is left.
 */
function withoutAccountStatements(policy: string, accountId: string): object | undefined {
  const cacheKey = `${accountId}\n${policy}`;
  let filtered = withoutAccountCache.get(cacheKey);
  if (!withoutAccountCache.has(cacheKey)) {
    const doc = parsedPolicy(policy) ?? {};
    const statements = statementsOf(doc);
    const accountNames = new Set([accountId, accountRootArn(accountId)]);
    const namesOnlyAccount = (statement: { Principal?: unknown }) => {
      const principal = statement.Principal as { AWS?: string | string[] } | string | undefined;
      if (!principal || typeof principal === 'string' || principal.AWS === undefined) return false;
      if (Object.keys(principal).length !== 1) return false;
      const names = Array.isArray(principal.AWS) ? principal.AWS : [principal.AWS];
      return names.length > 0 && names.every((n) => accountNames.has(n));
    };
    const kept = (statements as Array<{ Principal?: unknown }>).filter((s) => !namesOnlyAccount(s));
    filtered = kept.length > 0 ? { ...doc, Statement: kept } : undefined;
    remember(withoutAccountCache, cacheKey, filtered);
  }
  return filtered;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}
