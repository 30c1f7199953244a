import { AwsError } from '../../core/aws-error';
import { iamUserArn, parseIamPolicyArn, parseIamRoleArn } from '../../core/arns/iam';
import type { CallContext } from '../../core/service';
import { decide, type Decision } from './authorizer/decide';
import { awsManagedPolicy } from './authorizer/managed-policies';
import type { NamedPolicy, PrincipalPolicies, RequestContext, ResourcePolicy } from './authorizer/policies';
import { principalPolicies, type RoleSource } from './authorizer/principal';

/**
 * IAM's policy simulator (`SimulatePrincipalPolicy`, `SimulateCustomPolicy`), answered by the authorizer's own
 * decision (`authorizer/decide.ts`). As the simulator does, it evaluates only the policies it is given or that
 * are attached to the principal, with only the context entries it is given (no global keys are invented), and
 * lists the condition keys the policies read that the request did not supply (`MissingContextValues`).
 */
type Input = Record<string, unknown>;

interface ContextEntry { ContextKeyName?: string; ContextKeyValues?: unknown; ContextKeyType?: string }

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);
const strings = (v: unknown): string[] => list(v).map((x) => String(x));
const invalid = (message: string) => new AwsError('InvalidInput', message);

/** ContextEntries as request context (typed as `ContextKeyType` says). */
function contextOf(input: Input): RequestContext {
  const context: RequestContext = {};
  for (const raw of list(input.ContextEntries)) {
    const entry = raw as ContextEntry;
    if (!entry.ContextKeyName) continue;
    const type = (entry.ContextKeyType ?? 'string').toLowerCase();
    const convert = (v: string): string | number | boolean => (type.startsWith('numeric') ? Number(v) : type.startsWith('boolean') ? v === 'true' : v);
    const values = strings(entry.ContextKeyValues).map(convert);
    context[entry.ContextKeyName] = type.endsWith('list') ? values as string[] : values[0] ?? '';
  }
  return context;
}

/** Every condition key the policies read. */
function conditionKeys(policies: readonly NamedPolicy[]): string[] {
  const keys = new Map<string, string>();
  for (const p of policies) {
    let doc: { Statement?: unknown };
    try {
      doc = (typeof p.document === 'string' ? JSON.parse(p.document) : p.document) as { Statement?: unknown };
    } catch {
      continue;
    }
    for (const s of list(doc.Statement) as Array<{ Condition?: Record<string, Record<string, unknown>> }>) {
      for (const block of Object.values(s?.Condition ?? {})) for (const key of Object.keys(block ?? {})) keys.set(key.toLowerCase(), key);
    }
  }
  return [...keys.values()];
}

function evaluationResults(principal: PrincipalPolicies, input: Input, resourcePolicy: ResourcePolicy | undefined) {
  const actions = strings(input.ActionNames);
  if (actions.length === 0) throw new AwsError('ValidationError', "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
  const resources = strings(input.ResourceArns);
  const context = contextOf(input);
  const consulted = [...principal.identity, ...(principal.boundary ? [principal.boundary] : []), ...(resourcePolicy ? [resourcePolicy] : [])];
  const supplied = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const missing = conditionKeys(consulted).filter((k) => !supplied.has(k.toLowerCase()));
  return actions.flatMap((action) => (resources.length > 0 ? resources : ['*']).map((resource) => {
    const decision: Decision = decide({ principal, action, resource, context, resourcePolicy });
    const evalDecision = decision.allowed ? 'allowed' : decision.reason?.startsWith('explicit') ? 'explicitDeny' : 'implicitDeny';
    const matched = decision.allowed || evalDecision === 'explicitDeny' ? decision.statements : [];
    return {
      EvalActionName: action,
      EvalResourceName: resource,
      EvalDecision: evalDecision,
      MatchedStatements: matched.map((m) => ({ SourcePolicyId: m.policy.name, SourcePolicyType: sourceType(m.policy) })),
      MissingContextValues: missing,
      ...(principal.boundary ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: decision.reason !== 'no-boundary' && decision.reason !== 'explicit-boundary' } } : {}),
    };
  }));
}

function sourceType(policy: NamedPolicy): string {
  if (policy.kind === 'resource') return 'resource';
  if (parseIamPolicyArn(policy.name)?.owner === 'aws') return 'aws-managed';
  if (policy.name.startsWith('role/')) return 'role';
  return 'none';
}

const inputPolicies = (input: Input, member: string, kind: NamedPolicy['kind']): NamedPolicy[] =>
  strings(input[member]).map((document, i) => ({ kind, name: `${member}.${i + 1}`, document }));

function resourcePolicyOf(input: Input): ResourcePolicy | undefined {
  return typeof input.ResourcePolicy === 'string' && input.ResourcePolicy !== ''
    ? { kind: 'resource', mode: 'resource-policy', name: 'ResourcePolicy', document: input.ResourcePolicy }
    : undefined;
}

function boundaryOf(input: Input): NamedPolicy | undefined {
  const boundaries = inputPolicies(input, 'PermissionsBoundaryPolicyInputList', 'boundary');
  return boundaries[0];
}

/** SimulatePrincipalPolicy: the role's policies (plus any given), for each action and resource. */
export function simulatePrincipalPolicy(input: Input, ctx: CallContext, roles: RoleSource) {
  const source = String(input.PolicySourceArn ?? '');
  const ref = parseIamRoleArn(source);
  if (!ref) throw invalid(`local-cloud simulates roles only (it has no IAM users or groups): ${source} is not a role ARN`);
  const { name } = ref;
  const role = roles.getRole(name);
  if (!role || role.arn !== source) throw new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, { status: 404 });
  const base = principalPolicies({ accountId: ctx.accountId, principalArn: source, callerArn: String(input.CallerArn ?? source), accessKeyId: '' }, roles, undefined);
  const boundary = boundaryOf(input) ?? base.boundary;
  const principal: PrincipalPolicies = { ...base, identity: [...base.identity, ...inputPolicies(input, 'PolicyInputList', 'identity')], boundary, session: undefined };
  return { EvaluationResults: evaluationResults(principal, input, resourcePolicyOf(input)), IsTruncated: false };
}

/** SimulateCustomPolicy: only the policies given, for a caller of the account (or `CallerArn`). */
export function simulateCustomPolicy(input: Input, ctx: CallContext) {
  const identity = inputPolicies(input, 'PolicyInputList', 'identity');
  if (identity.length === 0) throw new AwsError('ValidationError', "1 validation error detected: Value null at 'policyInputList' failed to satisfy constraint: Member must not be null");
  for (const p of identity) if (!awsManagedPolicy(String(p.document))) JSON.parse(String(p.document));
  const caller = typeof input.CallerArn === 'string' && input.CallerArn !== '' ? input.CallerArn : iamUserArn(ctx.accountId, 'simulated');
  const principal: PrincipalPolicies = {
    type: 'User', arn: caller, principalArn: caller, accountId: ctx.accountId, userId: caller, identity, boundary: boundaryOf(input), unknownManaged: [],
  };
  return { EvaluationResults: evaluationResults(principal, input, resourcePolicyOf(input)), IsTruncated: false };
}
