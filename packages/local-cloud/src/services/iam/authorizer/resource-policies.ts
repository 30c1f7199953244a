import { accountRootArn, parseArn } from '../../../core/arn';
import type { CallContext, ServiceDirectory } from '../../../core/service';
import { inProcessContext } from '../../../core/scope';
import { parseIamRoleArn } from '../../../core/arns/iam';
import type { IamService } from '../iam-service';
import { bootstrapRole } from './bootstrap-roles';
import type { ResourcePolicy } from './policies';

/**
 * The resource-based policy AWS consults for an action on a resource, or undefined when the resource has none:
 * a KMS key's key policy, a role's trust policy (for `sts:AssumeRole`), a Lambda function's policy.
 * S3 bucket policies are not modelled by local-cloud's S3 (it has no PutBucketPolicy), so none applies.
 */
export async function resourcePolicyFor(action: string, resource: string, ctx: CallContext, services: ServiceDirectory | undefined): Promise<ResourcePolicy | undefined> {
  const arn = parseArn(resource);
  if (!arn || !services) return undefined;
  const scope = { accountId: arn.account || ctx.accountId, region: arn.region || ctx.region };
  if (arn.service === 'kms' && arn.resource.startsWith('key/') && action.startsWith('kms:')) {
    const kms = services.get('kms');
    const get = kms?.operations.GetKeyPolicy;
    if (!get) return undefined;
    try {
      const out = (await get({ KeyId: resource, PolicyName: 'default' }, inProcessContext(scope, ctx.endpoint))) as { Policy?: string };
      return out.Policy === undefined ? undefined : { kind: 'resource', mode: 'key-policy', name: `key policy of ${resource}`, document: effectiveKeyPolicy(out.Policy) };
    } catch {
      return undefined; // no such key: the operation answers NotFoundException itself
    }
  }
  const roleRef = parseIamRoleArn(resource);
  if (roleRef && action.toLowerCase() === 'sts:assumerole') {
    const { name } = roleRef;
    const role = services.get<IamService>('iam')?.backend.getRole(name);
    if (role) return { kind: 'resource', mode: 'trust-policy', name: `trust policy of ${role.arn}`, document: role.assumeRolePolicyDocument };
    const bootstrap = bootstrapRole(name);
    if (bootstrap) {
      // the bootstrap template's trust policies: the account; the cfn-exec role only CloudFormation
      const principal = bootstrap.kind === 'cfn-exec' ? { Service: 'cloudformation.amazonaws.com' } : { AWS: accountRootArn(bootstrap.accountId) };
      return { kind: 'resource', mode: 'trust-policy', name: `trust policy of ${resource} (cdk bootstrap)`, document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: principal, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
      } };
    }
    return { kind: 'resource', mode: 'trust-policy', name: `trust policy of ${resource}`, document: { Version: '2012-10-17', Statement: [] } };
  }
  if (arn.service === 'lambda' && arn.resource.startsWith('function:') && action.startsWith('lambda:')) {
    const get = services.get('lambda')?.operations.GetPolicy;
    if (!get) return undefined;
    try {
      const out = (await get({ FunctionName: resource }, inProcessContext(scope, ctx.endpoint))) as { Policy?: string };
      return out.Policy === undefined ? undefined : { kind: 'resource', mode: 'resource-policy', name: `function policy of ${resource}`, document: out.Policy };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const effectiveCache = new Map<string, string | object>();

/**
 * The key policy as KMS applies it: a statement without Principal, Action or Resource is stored but has no
 * effect ("the PutKeyPolicy API request succeeds, even though the policy statement is ineffective").
 */
function effectiveKeyPolicy(text: string): string | object {
  const cached = effectiveCache.get(text);
  if (cached !== undefined) return cached;
  let result: string | object = text;
  try {
    const doc = JSON.parse(text) as { Statement?: unknown };
    const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
    const has = (s: Record<string, unknown>, a: string, b: string) => s[a] !== undefined || s[b] !== undefined;
    const kept = (statements as Array<Record<string, unknown>>).filter((s) =>
      typeof s === 'object' && s !== null && has(s, 'Principal', 'NotPrincipal') && has(s, 'Action', 'NotAction') && has(s, 'Resource', 'NotResource'));
    if (kept.length !== statements.length) result = { ...doc, Statement: kept };
  } catch {
    // an unreadable policy stays as it is: the evaluator refuses it, and nothing is allowed
  }
  if (effectiveCache.size >= 500) effectiveCache.delete(effectiveCache.keys().next().value as string);
  effectiveCache.set(text, result);
  return result;
}
