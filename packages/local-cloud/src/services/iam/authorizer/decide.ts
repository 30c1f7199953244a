import { evaluatePolicies, type DecidingStatement, type EvaluationResult, type RequestPrincipal } from '@kms-logs-api/iam-policy';
import { accountRootArn } from '../../../core/arn';
import type { NamedPolicy, PrincipalPolicies, RequestContext, ResourcePolicy } from './policies';

/** Why a call is refused, as AWS's AccessDenied messages tell it. */
export type DenyReason =
  | 'explicit-identity' | 'explicit-resource' | 'explicit-session' | 'explicit-boundary'
  | 'no-identity' | 'no-resource' | 'no-session' | 'no-boundary'
  /** a role's trust policy does not let the caller in (STS says only that it is not authorized) */
  | 'no-trust';

/** A statement that decided, with the policy it is in. */
export interface DecidingPolicyStatement {
  readonly policy: NamedPolicy;
  readonly statement: DecidingStatement;
}

export interface Decision {
  readonly allowed: boolean;
  readonly reason?: DenyReason;
  /** The statements that decided (the denying ones for a deny; the allowing ones for an allow). */
  readonly statements: readonly DecidingPolicyStatement[];
}

export interface DecisionRequest {
  readonly principal: PrincipalPolicies;
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContext;
  readonly resourcePolicy?: ResourcePolicy;
}

/**
 * Decides one action on one resource within one account, as AWS's policy evaluation logic does:
 * an explicit deny in any policy wins; then the resource-based policy (see `ResourcePolicyMode`), the
 * identity-based policies, the permissions boundary and the session policies must each allow.
 * The account root needs no identity-based policy (only a key or trust policy can refuse it).
 */
export function decide(request: DecisionRequest): Decision {
  const { principal, action, resource, context, resourcePolicy } = request;
  const requestPrincipal: RequestPrincipal = { AWS: principal.arn };
  const run = (all: readonly NamedPolicy[], who: RequestPrincipal = requestPrincipal): Group => {
    // a policy with no statement (an unknown managed policy's stand-in) grants nothing
    const policies = all.filter((p) => !grantsNothing(p.document));
    if (policies.length === 0) return { result: { decision: 'ImplicitDeny', statements: [] }, policies };
    return { result: evaluatePolicies(policies.map((p) => p.document), { principal: who, action, resource, context }), policies };
  };

  const identity = run(principal.identity);
  const resourceGroup = resourcePolicy ? run([resourcePolicy]) : undefined;
  const boundary = principal.boundary ? run([principal.boundary]) : undefined;
  const session = principal.session ? run(principal.session) : undefined;

  // an explicit deny anywhere wins
  const denies: Array<[Group | undefined, DenyReason]> = [
    [identity, 'explicit-identity'], [resourceGroup, 'explicit-resource'], [boundary, 'explicit-boundary'], [session, 'explicit-session'],
  ];
  for (const [group, reason] of denies) {
    if (group?.result.decision === 'ExplicitDeny') return { allowed: false, reason, statements: decidingOf(group) };
  }

  const limits = (grants: readonly DecidingPolicyStatement[]): Decision => {
    if (boundary && boundary.result.decision !== 'Allow') return { allowed: false, reason: 'no-boundary', statements: [] };
    if (session && session.result.decision !== 'Allow') return { allowed: false, reason: 'no-session', statements: [] };
    return { allowed: true, statements: [...grants, ...(boundary ? decidingOf(boundary) : []), ...(session ? decidingOf(session) : [])] };
  };
  const isRoot = principal.type === 'Account';

  if (resourcePolicy && resourceGroup) {
    const mode = resourcePolicy.mode;
    const viaAccount = resourceGroup.result.decision === 'Allow';
    // the statements that name this principal (or everyone, or its role), not only its account
    const directDoc = withoutAccountOnlyStatements(resourcePolicy, principal.accountId);
    const direct = !isRoot && directDoc ? run([directDoc]) : undefined;
    if (direct?.result.decision === 'Allow') return limits(decidingOf(direct));
    if (mode !== 'resource-policy') {
      if (!viaAccount) return { allowed: false, reason: mode === 'trust-policy' ? 'no-trust' : 'no-resource', statements: [] };
      if (isRoot) return { allowed: true, statements: decidingOf(resourceGroup) };
      if (identity.result.decision !== 'Allow') return { allowed: false, reason: 'no-identity', statements: [] };
      return limits([...decidingOf(resourceGroup), ...decidingOf(identity)]);
    }
  }
  if (isRoot) return { allowed: true, statements: [] };
  if (identity.result.decision !== 'Allow') return { allowed: false, reason: 'no-identity', statements: [] };
  return limits(decidingOf(identity));
}

/** `{ Statement: [] }` (as object or text): the evaluator refuses to read it; it allows nothing. */
function grantsNothing(document: string | object): boolean {
  if (typeof document === 'string') return /^\s*\{\s*"Version"\s*:\s*"[^"]*"\s*,\s*"Statement"\s*:\s*\[\s*\]\s*\}\s*$/.test(document);
  const statement = (document as { Statement?: unknown }).Statement;
  return Array.isArray(statement) && statement.length === 0;
}

interface Group {
  readonly result: EvaluationResult;
  readonly policies: readonly NamedPolicy[];
}

function decidingOf(group: Group): DecidingPolicyStatement[] {
  return group.result.statements.map((statement) => ({ policy: group.policies[statement.policyIndex ?? 0], statement }));
}

const directCache = new WeakMap<object, Map<string, ResourcePolicy | undefined>>();
const textCache = new Map<string, Map<string, ResourcePolicy | undefined>>();

/**
 * The resource policy without the statements whose only principal is the account itself (its root ARN or
 * bare id): what is left allows the principal on its own. Undefined when nothing is left.
 */
function withoutAccountOnlyStatements(policy: ResourcePolicy, accountId: string): ResourcePolicy | undefined {
  const perDoc = typeof policy.document === 'string'
    ? (textCache.get(policy.document) ?? remember(textCache, policy.document))
    : (directCache.get(policy.document) ?? (directCache.set(policy.document, new Map()), directCache.get(policy.document)!));
  if (perDoc.has(accountId)) return perDoc.get(accountId);
  const doc = (typeof policy.document === 'string' ? JSON.parse(policy.document) : policy.document) as { Statement?: unknown };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  const accountNames = new Set([accountId, accountRootArn(accountId)]);
  const onlyAccount = (s: { Principal?: unknown }) => {
    const p = s.Principal as { AWS?: string | string[] } | string | undefined;
    if (!p || typeof p === 'string' || p.AWS === undefined || Object.keys(p).length !== 1) return false;
    const names = Array.isArray(p.AWS) ? p.AWS : [p.AWS];
    return names.length > 0 && names.every((n) => accountNames.has(n));
  };
  const kept = (statements as Array<{ Principal?: unknown }>).filter((s) => !onlyAccount(s));
  const result = kept.length > 0 ? { ...policy, document: { ...doc, Statement: kept } } : undefined;
  perDoc.set(accountId, result);
  return result;
}

function remember(cache: Map<string, Map<string, ResourcePolicy | undefined>>, key: string): Map<string, ResourcePolicy | undefined> {
  if (cache.size >= 500) cache.delete(cache.keys().next().value as string);
  const value = new Map<string, ResourcePolicy | undefined>();
  cache.set(key, value);
  return value;
}
