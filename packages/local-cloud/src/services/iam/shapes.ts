import type { AccessKey, Role, User } from '@aws-sdk/client-iam';
import type { NewAccessKey } from './iam-backend';
import type { IamRole, IamUser } from './iam-store';
import { encodePolicyDocument } from './policy-document';

/**
 * A role as GetRole, CreateRole and ListRoles show it (the trust policy URL-encoded, as IAM returns documents). A
 * boundary's type is `PermissionsBoundaryPolicy`, the one value of IAM's `PermissionsBoundaryAttachmentType`.
 */
export function roleShape(role: IamRole): Role {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodePolicyDocument(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    Tags: role.tags.length > 0 ? [...role.tags] : undefined,
    PermissionsBoundary: role.permissionsBoundary ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: role.permissionsBoundary } : undefined,
  };
}

/** A user as CreateUser and GetUser show it. */
export const userShape = (user: IamUser): User => ({ Path: user.path, UserName: user.userName, UserId: user.userId, Arn: user.arn, CreateDate: user.createDate });

/** CreateAccessKey's key, with its secret (shown this once). */
export const accessKeyShape = (key: NewAccessKey): AccessKey => ({
  UserName: key.userName,
  AccessKeyId: key.accessKeyId,
  SecretAccessKey: key.secretAccessKey,
  Status: 'Active',
  CreateDate: key.createDate,
});
