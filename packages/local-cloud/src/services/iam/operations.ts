import type * as IAM from '@aws-sdk/client-iam';
import { AwsError } from '../../core/aws-error';
import { InputReader } from '../../core/input';
import { declareOperation, type DeclaredOperation } from '../../core/operation';
import type { IamBackend } from './iam-backend';
import { encodePolicyDocument } from './policy-document';
import { accessKeyShape, roleShape, userShape } from './shapes';
import { simulateCustomPolicy, simulatePrincipalPolicy } from './simulator';

const invalid = (message: string) => new AwsError('ValidationError', message);

/**
 * awsQuery sends every scalar as text: the reader takes each member by type (`MaxItems` "10" → 10); the model has
 * checked names, paths, ARNs, documents and tags before the operation runs.
 */
const read = (input: object) => new InputReader(input as Record<string, unknown>, invalid);

/** `MaxItems`/`Marker` paging over a list ordered by `keyOf`: the marker is the last shown item's key. */
function page<T>(items: readonly T[], r: InputReader, keyOf: (item: T) => string) {
  const max = r.integer('MaxItems') ?? 100;
  const marker = r.string('Marker');
  const after = marker ? Buffer.from(marker, 'base64url').toString('utf8') : undefined;
  const rest = after === undefined ? items : items.filter((item) => keyOf(item) > after);
  const shown = rest.slice(0, max);
  const truncated = rest.length > max;
  return { items: shown, IsTruncated: truncated, Marker: truncated ? Buffer.from(keyOf(shown[shown.length - 1])).toString('base64url') : undefined };
}

/** IAM's operations (2010-05-08), each declared once over the backend with the AWS SDK v3 client's types. */
export function iamOperations(backend: IamBackend): Record<string, DeclaredOperation> {
  const roleName = (r: InputReader) => r.string('RoleName', { required: true });
  // a UserName is required here (the caller's own user, which AWS answers when it is absent, is not looked up)
  const userName = (r: InputReader) => r.string('UserName', { required: true });
  const policyName = (r: InputReader) => r.string('PolicyName', { required: true });

  return {
    // ---------- roles ----------
    CreateRole: declareOperation<IAM.CreateRoleRequest, IAM.CreateRoleResponse>({
      run: (input, ctx) => {
        const r = read(input);
        const role = backend.createRole(ctx.accountId, {
          roleName: roleName(r),
          path: r.string('Path'),
          assumeRolePolicyDocument: r.string('AssumeRolePolicyDocument', { required: true }),
          description: r.string('Description'),
          maxSessionDuration: r.integer('MaxSessionDuration'),
          permissionsBoundary: r.string('PermissionsBoundary'),
          tags: r.list('Tags').map((t) => {
            const tag = read((t ?? {}) as object);
            return { Key: tag.string('Key', { required: true }), Value: tag.string('Value') ?? '' };
          }),
        });
        return { Role: roleShape(role) };
      },
    }),
    GetRole: declareOperation<IAM.GetRoleRequest, IAM.GetRoleResponse>({
      run: (input) => ({ Role: roleShape(backend.requireRole(roleName(read(input)))) }),
    }),
    ListRoles: declareOperation<IAM.ListRolesRequest, IAM.ListRolesResponse>({
      run: (input) => {
        const r = read(input);
        const { items, IsTruncated, Marker } = page(backend.listRoles(r.string('PathPrefix')), r, (role) => role.roleName.toLowerCase());
        return { Roles: items.map(roleShape), IsTruncated, Marker };
      },
    }),
    UpdateAssumeRolePolicy: declareOperation<IAM.UpdateAssumeRolePolicyRequest, void>({
      run: (input) => {
        const r = read(input);
        backend.updateAssumeRolePolicy(roleName(r), r.string('PolicyDocument', { required: true }));
      },
    }),
    DeleteRole: declareOperation<IAM.DeleteRoleRequest, void>({ run: (input) => backend.deleteRole(roleName(read(input))) }),

    PutRolePolicy: declareOperation<IAM.PutRolePolicyRequest, void>({
      run: (input) => {
        const r = read(input);
        backend.putRolePolicy(roleName(r), policyName(r), r.string('PolicyDocument', { required: true }));
      },
    }),
    GetRolePolicy: declareOperation<IAM.GetRolePolicyRequest, IAM.GetRolePolicyResponse>({
      run: (input) => {
        const r = read(input);
        const name = policyName(r);
        const policy = backend.getRolePolicy(roleName(r), name);
        return { RoleName: policy.roleName, PolicyName: name, PolicyDocument: encodePolicyDocument(policy.policyDocument) };
      },
    }),
    DeleteRolePolicy: declareOperation<IAM.DeleteRolePolicyRequest, void>({
      run: (input) => {
        const r = read(input);
        backend.deleteRolePolicy(roleName(r), policyName(r));
      },
    }),
    ListRolePolicies: declareOperation<IAM.ListRolePoliciesRequest, IAM.ListRolePoliciesResponse>({
      run: (input) => {
        const r = read(input);
        const { items, IsTruncated, Marker } = page(backend.listRolePolicies(roleName(r)), r, (name) => name);
        return { PolicyNames: items, IsTruncated, Marker };
      },
    }),

    AttachRolePolicy: declareOperation<IAM.AttachRolePolicyRequest, void>({
      run: (input) => {
        const r = read(input);
        backend.attachRolePolicy(roleName(r), r.string('PolicyArn', { required: true }));
      },
    }),
    DetachRolePolicy: declareOperation<IAM.DetachRolePolicyRequest, void>({
      run: (input) => {
        const r = read(input);
        backend.detachRolePolicy(roleName(r), r.string('PolicyArn', { required: true }));
      },
    }),
    ListAttachedRolePolicies: declareOperation<IAM.ListAttachedRolePoliciesRequest, IAM.ListAttachedRolePoliciesResponse>({
      run: (input) => {
        const r = read(input);
        const attached = backend.listAttachedRolePolicies(roleName(r), r.string('PathPrefix'));
        const { items, IsTruncated, Marker } = page(attached, r, (p) => p.policyArn);
        return { AttachedPolicies: items.map((p) => ({ PolicyName: p.policyName, PolicyArn: p.policyArn })), IsTruncated, Marker };
      },
    }),

    PutRolePermissionsBoundary: declareOperation<IAM.PutRolePermissionsBoundaryRequest, void>({
      run: (input) => {
        const r = read(input);
        backend.putRolePermissionsBoundary(roleName(r), r.string('PermissionsBoundary', { required: true }));
      },
    }),
    DeleteRolePermissionsBoundary: declareOperation<IAM.DeleteRolePermissionsBoundaryRequest, void>({
      run: (input) => backend.deleteRolePermissionsBoundary(roleName(read(input))),
    }),

    // ---------- the policy simulator ----------
    SimulatePrincipalPolicy: declareOperation<IAM.SimulatePrincipalPolicyRequest, IAM.SimulatePolicyResponse>({
      run: (input, ctx) => simulatePrincipalPolicy(input as unknown as Record<string, unknown>, ctx, backend) as IAM.SimulatePolicyResponse,
    }),
    SimulateCustomPolicy: declareOperation<IAM.SimulateCustomPolicyRequest, IAM.SimulatePolicyResponse>({
      run: (input, ctx) => simulateCustomPolicy(input as unknown as Record<string, unknown>, ctx) as IAM.SimulatePolicyResponse,
    }),

    // ---------- users ----------
    CreateUser: declareOperation<IAM.CreateUserRequest, IAM.CreateUserResponse>({
      run: (input, ctx) => {
        const r = read(input);
        return { User: userShape(backend.createUser(ctx.accountId, userName(r), r.string('Path'))) };
      },
    }),
    GetUser: declareOperation<IAM.GetUserRequest, IAM.GetUserResponse>({ run: (input) => ({ User: userShape(backend.requireUser(userName(read(input)))) }) }),
    DeleteUser: declareOperation<IAM.DeleteUserRequest, void>({ run: (input) => backend.deleteUser(userName(read(input))) }),
    CreateAccessKey: declareOperation<IAM.CreateAccessKeyRequest, IAM.CreateAccessKeyResponse>({
      run: (input) => ({ AccessKey: accessKeyShape(backend.createAccessKey(userName(read(input)))) }),
    }),
    DeleteAccessKey: declareOperation<IAM.DeleteAccessKeyRequest, void>({
      run: (input) => backend.deleteAccessKey(read(input).string('AccessKeyId', { required: true })),
    }),
    PutUserPolicy: declareOperation<IAM.PutUserPolicyRequest, void>({
      run: (input) => {
        const r = read(input);
        backend.putUserPolicy(userName(r), policyName(r), r.string('PolicyDocument', { required: true }));
      },
    }),
    GetUserPolicy: declareOperation<IAM.GetUserPolicyRequest, IAM.GetUserPolicyResponse>({
      run: (input) => {
        const r = read(input);
        const user = userName(r);
        const name = policyName(r);
        const policy = backend.getUserPolicy(user, name);
        return { UserName: policy.userName, PolicyName: name, PolicyDocument: encodePolicyDocument(policy.policyDocument) };
      },
    }),
    DeleteUserPolicy: declareOperation<IAM.DeleteUserPolicyRequest, void>({
      run: (input) => {
        const r = read(input);
        backend.deleteUserPolicy(userName(r), policyName(r));
      },
    }),
    AttachUserPolicy: declareOperation<IAM.AttachUserPolicyRequest, void>({
      run: (input) => {
        const r = read(input);
        backend.attachUserPolicy(userName(r), r.string('PolicyArn', { required: true }));
      },
    }),
    DetachUserPolicy: declareOperation<IAM.DetachUserPolicyRequest, void>({
      run: (input) => {
        const r = read(input);
        backend.detachUserPolicy(userName(r), r.string('PolicyArn', { required: true }));
      },
    }),
  };
}
