import { parseIamRoleArn } from '../../core/arns/iam';
import { assumedRoleArn } from '../../core/arns/sts';
import type { CallIdentity } from '../../core/scope';

export { createIamService, iamBackendOf } from './iam-service';
export type { IamService } from './iam-service';
export { IamBackend } from './iam-backend';
export type { IamRolePolicies, IamUserPolicies, NewAccessKey, NewRole } from './iam-backend';
export type { IamAccessKey, IamRole, IamTag, IamUser, InlinePolicy } from './iam-store';

/**
 * Who a service acts as when it uses a role passed to it (CloudFormation's `RoleARN`): a session of that role,
 * named as the service names its sessions.
 */
export function roleSessionIdentity(arn: string, accountId: string, sessionName = 'AWSCloudFormation'): CallIdentity {
  const role = parseIamRoleArn(arn);
  return { principalArn: arn, callerArn: assumedRoleArn(role?.accountId || accountId, role?.name ?? '', sessionName), accessKeyId: 'cloudformation' };
}
