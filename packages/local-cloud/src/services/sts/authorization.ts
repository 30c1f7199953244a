import { one, type AuthorizationTable } from '../../core/operation';

/**
 * STS's IAM facts per operation (Service Authorization Reference, "Actions, resources, and condition keys for
 * AWS Security Token Service": https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html).
 * GetCallerIdentity needs no permission ("No permissions are required to perform this operation", STS API
 * Reference): it is answered even when an explicit deny names it. AssumeRole acts on the role, whose trust
 * policy is the resource-based policy.
 */
export const STS_AUTHORIZATION: AuthorizationTable = {
  GetCallerIdentity: () => [],
  AssumeRole: (input: Record<string, unknown>) => one('sts:AssumeRole', typeof input.RoleArn === 'string' ? input.RoleArn : '*'),
};
