import { iamRoleArn, iamUserArn } from '../../core/arns/iam';
import type { CallContext } from '../../core/service';
import { one, type AuthorizationEnv, type AuthorizationTable } from '../../core/operation';
import type { IamService } from './iam-service';

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
function arnOf(input: Input, ctx: CallContext, services: AuthorizationEnv['services']): string {
  return services?.get<IamService>('iam')?.backend.getRole(str(input.RoleName))?.arn ?? iamRoleArn(ctx.accountId, str(input.RoleName), pathOf(input.Path));
}

/** A user's ARN (path `/`; CreateUser's own path when given). */
const userArn = (input: Input, ctx: CallContext) => iamUserArn(ctx.accountId, str(input.UserName), pathOf(input.Path));

const onRole = (action: string) => (input: Input, ctx: CallContext, env: AuthorizationEnv) => one(action, arnOf(input, ctx, env.services));
const withPolicy = (action: string) => (input: Input, ctx: CallContext, env: AuthorizationEnv) =>
  one(action, arnOf(input, ctx, env.services), { 'iam:PolicyARN': str(input.PolicyArn) });
const withBoundary = (action: string, member: string) => (input: Input, ctx: CallContext, env: AuthorizationEnv) =>
  one(action, arnOf(input, ctx, env.services), str(input[member]) ? { 'iam:PermissionsBoundary': str(input[member]) } : undefined);

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
  CreateUser: (input: Input, ctx) => one('iam:CreateUser', userArn(input, ctx)),
  GetUser: (input: Input, ctx) => one('iam:GetUser', userArn(input, ctx)),
  DeleteUser: (input: Input, ctx) => one('iam:DeleteUser', userArn(input, ctx)),
  CreateAccessKey: (input: Input, ctx) => one('iam:CreateAccessKey', userArn(input, ctx)),
  DeleteAccessKey: (input: Input, ctx) => one('iam:DeleteAccessKey', userArn(input, ctx)),
  PutUserPolicy: (input: Input, ctx) => one('iam:PutUserPolicy', userArn(input, ctx)),
  GetUserPolicy: (input: Input, ctx) => one('iam:GetUserPolicy', userArn(input, ctx)),
  DeleteUserPolicy: (input: Input, ctx) => one('iam:DeleteUserPolicy', userArn(input, ctx)),
  AttachUserPolicy: (input: Input, ctx) => one('iam:AttachUserPolicy', userArn(input, ctx), { 'iam:PolicyARN': str(input.PolicyArn) }),
  DetachUserPolicy: (input: Input, ctx) => one('iam:DetachUserPolicy', userArn(input, ctx), { 'iam:PolicyARN': str(input.PolicyArn) }),
  SimulatePrincipalPolicy: (input: Input) => one('iam:SimulatePrincipalPolicy', str(input.PolicySourceArn) || '*'),
  SimulateCustomPolicy: () => one('iam:SimulateCustomPolicy', '*'),
};
