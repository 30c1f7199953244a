import { evaluatePolicies } from '@kms-logs-api/iam-policy';
import { parseIamRoleArn } from '../../core/arns/iam';
import type { IdentityPolicyDecider } from './key-policy';

/** What KMS needs from IAM: a role's inline policy documents and attached managed policy ARNs. */
export interface RolePolicySource {
  getRolePolicies(roleName: string):
    | {
      readonly inline: ReadonlyArray<{ policyDocument: string }>;
      readonly attached: ReadonlyArray<{ policyArn: string }>;
    }
    | undefined;
}

/**
 * The AWS managed policies whose KMS-relevant content is known. IAM here does not model managed policy
 * documents; an attached managed policy not listed grants nothing (none of the others used by this stack
 * grants KMS actions).
 */
const MANAGED_POLICIES: Record<string, object> = {
  'arn:aws:iam::aws:policy/AdministratorAccess': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
  'arn:aws:iam::aws:policy/PowerUserAccess': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }],
  },
};

/**
 * Decides a role's identity policies for KMS when a key policy delegates to the account: the role's inline
 * policies plus the known managed policies, evaluated together (a Deny anywhere wins). Principals that are not
 * roles (the account root, IAM users, which are not modelled) are allowed.
 *
 * @example
 * createKmsService({ store, identityPolicies: identityPoliciesFromIam(iam.backend) });
 */
export function identityPoliciesFromIam(iam: RolePolicySource): IdentityPolicyDecider {
  return ({ principalArn, action, resource, context }) => {
    const role = parseIamRoleArn(principalArn);
    if (!role) return 'Allow';
    const policies = iam.getRolePolicies(role.name);
    if (!policies) return 'ImplicitDeny';
    const documents: Array<string | object> = [
      ...policies.inline.map((p) => p.policyDocument),
      ...policies.attached.flatMap((p) => (MANAGED_POLICIES[p.policyArn] ? [MANAGED_POLICIES[p.policyArn]] : [])),
    ];
    if (documents.length === 0) return 'ImplicitDeny';
    return evaluatePolicies(documents, { principal: { AWS: principalArn }, action, resource, context }).decision;
  };
}
