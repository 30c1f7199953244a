import { evaluatePolicy, parsePolicy } from '@kms-logs-api/iam-policy';
import { AwsError } from '../../core/aws-error';

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
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

/**
 * Parses a key policy the way PutKeyPolicy/CreateKey do.
 *
 * @throws AwsError MalformedPolicyDocumentException with the parser's message (it names statement and field)
 */
export function validateKeyPolicy(policy: string): void {
  if (policy.length > 32768) {
    throw new AwsError('LimitExceededException', 'The key policy exceeds the maximum size of 32768 characters.');
  }
  try {
    parsePolicy(policy);
  } catch (e) {
    throw new AwsError('MalformedPolicyDocumentException', (e as Error).message);
  }
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
  const evaluate = (policy: string | object, principal: KeyPrincipal) =>
    evaluatePolicy(policy, { principal: principal as { AWS: string }, action: use.action, resource: use.keyArn, context })
      .decision;

  const asCaller = evaluate(parsedPolicy(use.policy), use.principal);
  if (asCaller === 'ExplicitDeny') return 'ExplicitDeny';
  if (!('AWS' in use.principal)) return asCaller;

  const principalArn = use.principal.AWS;
  const principalAccount = accountOf(principalArn);
  const root = `arn:aws:iam::${principalAccount}:root`;
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
    throw new AwsError(
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
    );
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
  return arn.split(':')[4] ?? '';
}

// Key policies are evaluated on every use of a key: keep the parsed JSON per policy text.
const parsedCache = new Map<string, object>();
const withoutAccountCache = new Map<string, object | undefined>();
const CACHE_LIMIT = 500;

function parsedPolicy(policy: string): object {
  let parsed = parsedCache.get(policy);
  if (!parsed) {
    parsed = JSON.parse(policy) as object;
    remember(parsedCache, policy, parsed);
  }
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
    const doc = parsedPolicy(policy) as { Statement?: unknown };
    const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    const accountNames = new Set([accountId, `arn:aws:iam::${accountId}:root`]);
    const namesOnlyAccount = (statement: { Principal?: unknown }) => {
      const principal = statement.Principal as { AWS?: string | string[] } | string | undefined;
      if (!principal || typeof principal === 'string' || principal.AWS === undefined) return false;
      if (Object.keys(principal).length !== 1) return false;
      const names = Array.isArray(principal.AWS) ? principal.AWS : [principal.AWS];
      return names.length > 0 && names.every((n) => accountNames.has(n));
    };
    const kept = statements.filter((s: { Principal?: unknown; Effect?: string }) => !namesOnlyAccount(s));
    filtered = kept.length > 0 ? { ...doc, Statement: kept } : undefined;
    remember(withoutAccountCache, cacheKey, filtered);
  }
  return filtered;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}
