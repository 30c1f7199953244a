import { roleArn } from '../../core/arn';
import type { CallContext } from '../../core/service';
import { one, type AuthorizationTable } from './authorizer/types';

/**
 * IAM's IAM facts per operation (Service Authorization Reference, "Actions, resources, and condition keys for
 * AWS Identity and Access Management (IAM)": https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html):
 * role operations act on the role ARN (`iam:PolicyARN` for attach/detach, `iam:PermissionsBoundary` where one is
 * set); ListRoles has no resource type.
 */
type Input = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const pathOf = (v: unknown): string => (typeof v === 'string' && v !== '' ? v : '/');

/** The role's ARN: the stored one (with its path) when the role exists, else built from the name and path. */
function arnOf(input: Input, ctx: CallContext, roles?: { getRole(name: string): { arn: string } | undefined }): string {
  return roles?.getRole(str(input.RoleName))?.arn ?? roleArn(ctx.accountId, str(input.RoleName), pathOf(input.Path));
}

const onRole = (action: string) => (input: Input, ctx: CallContext, env: { services?: { get(name: string): unknown } }) =>
  one(action, arnOf(input, ctx, env.services?.get('iam') as never));
const withPolicy = (action: string) => (input: Input, ctx: CallContext, env: { services?: { get(name: string): unknown } }) =>
  one(action, arnOf(input, ctx, env.services?.get('iam') as never), { 'iam:PolicyARN': str(input.PolicyArn) });
const withBoundary = (action: string, member: string) => (input: Input, ctx: CallContext, env: { services?: { get(name: string): unknown } }) =>
  one(action, arnOf(input, ctx, env.services?.get('iam') as never), str(input[member]) ? { 'iam:PermissionsBoundary': str(input[member]) } : undefined);

export const IAM_AUTHORIZATION: AuthorizationTable = {
  CreateRole: withBoundary('iam:CreateRole', 'PermissionsBoundary'),
  GetRole: onRole('iam:GetRole'),
  ListRoles: () => one('iam:ListRoles', '*'),
  UpdateAssumeRolePolicy: onRole('iam:UpdateAssumeRolePolicy'),
  DeleteRole: onRole('iam:DeleteRole'),
  PutRolePolicy: onRole('iam:PutRolePolicy'),
  GetRolePolicy: onRole('iam:GetRolePolicy'),
  DeleteRolePolicy: onRole('iam:DeleteRolePolicy'),
  ListRolePolicies: onRole('iam:ListRolePolicies'),
  AttachRolePolicy: withPolicy('iam:AttachRolePolicy'),
  DetachRolePolicy: withPolicy('iam:DetachRolePolicy'),
  ListAttachedRolePolicies: onRole('iam:ListAttachedRolePolicies'),
  PutRolePermissionsBoundary: withBoundary('iam:PutRolePermissionsBoundary', 'PermissionsBoundary'),
  DeleteRolePermissionsBoundary: onRole('iam:DeleteRolePermissionsBoundary'),
  SimulatePrincipalPolicy: (input: Input) => one('iam:SimulatePrincipalPolicy', str(input.PolicySourceArn) || '*'),
  SimulateCustomPolicy: () => one('iam:SimulateCustomPolicy', '*'),
};
