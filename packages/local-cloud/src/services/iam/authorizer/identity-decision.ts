import { evaluatePolicies } from '@kms-logs-api/iam-policy';
import { parseArn } from '../../../core/arn';
import { principalPolicies, type RoleSource } from './principal';
import type { RequestContext } from './policies';

export type IdentityDecision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/**
 * What a principal's identity-based policies say about one action on one resource: its inline and attached
 * policies (AWS managed ones from the same data the authorizer uses; a CDK bootstrap role's from its template),
 * limited by its permissions boundary. For a resource policy that delegates to the account (a KMS key policy
 * naming `arn:aws:iam::<acct>:root`), which AWS then decides by IAM. The account root is allowed (it is the
 * account); a principal IAM does not know has no policies, so nothing allows it.
 */
export function identityDecision(
  roles: RoleSource,
  request: { principalArn: string; action: string; resource: string; context: RequestContext },
): IdentityDecision {
  const accountId = parseArn(request.principalArn)?.account ?? '';
  const principal = principalPolicies({ accountId, principalArn: request.principalArn, callerArn: request.principalArn, accessKeyId: '' }, roles, undefined);
  if (principal.type === 'Account') return 'Allow';
  if (principal.identity.length === 0) return 'ImplicitDeny';
  const question = { principal: { AWS: request.principalArn }, action: request.action, resource: request.resource, context: request.context };
  const identity = evaluatePolicies(principal.identity.map((p) => p.document), question).decision;
  if (identity !== 'Allow' || !principal.boundary) return identity;
  const boundary = evaluatePolicies([principal.boundary.document], question).decision;
  return boundary === 'Allow' ? 'Allow' : boundary;
}
