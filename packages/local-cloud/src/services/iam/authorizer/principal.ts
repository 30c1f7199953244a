import { accountRootArn } from '../../../core/arn';
import { parseIamRoleArn, parseIamUserArn } from '../../../core/arns/iam';
import { parseAssumedRoleArn } from '../../../core/arns/sts';
import type { CallContext } from '../../../core/service';
import { bootstrapRolePolicies } from './bootstrap-roles';
import { awsManagedPolicy } from './managed-policies';
import type { NamedPolicy, PrincipalPolicies } from './policies';

/** What the authorizer reads about roles (IAM's backend). */
export interface RoleSource {
  getRole(roleName: string): { readonly roleId: string; readonly arn: string } | undefined;
  getRolePolicies(roleName: string): {
    readonly inline: ReadonlyArray<{ readonly policyName: string; readonly policyDocument: string }>;
    readonly attached: ReadonlyArray<{ readonly policyArn: string }>;
    readonly permissionsBoundary?: string;
  } | undefined;
  /** An IAM user's policies (absent: no users). */
  getUserPolicies?(userName: string): {
    readonly userId: string;
    readonly inline: ReadonlyArray<{ readonly policyName: string; readonly policyDocument: string }>;
    readonly attached: ReadonlyArray<{ readonly policyArn: string }>;
  } | undefined;
}

/** What the authorizer reads about STS sessions. */
export interface SessionSource {
  findSession(accessKeyId: string): { readonly roleArn: string; readonly assumedRoleId: string; readonly sessionPolicies?: readonly string[] } | undefined;
}

/**
 * Who the call acts as and every policy that applies to them: the account root (no policies), or a role
 * session (the role's inline and attached policies, its permissions boundary, the session's policies).
 * A principal local-cloud cannot resolve gets no policies at all (so nothing allows it).
 */
export function principalPolicies(ctx: Pick<CallContext, 'accountId' | 'principalArn' | 'callerArn' | 'accessKeyId'>, roles: RoleSource | undefined, sessions: SessionSource | undefined): PrincipalPolicies {
  const root = accountRootArn(ctx.accountId);
  if (ctx.principalArn === root) {
    return { type: 'Account', arn: root, principalArn: root, accountId: ctx.accountId, userId: ctx.accountId, identity: [], unknownManaged: [] };
  }
  const user = parseIamUserArn(ctx.principalArn);
  if (user) return userPolicies(ctx.principalArn, user.accountId, user.name, roles);
  const roleRef = parseIamRoleArn(ctx.principalArn);
  const roleName = roleRef?.name;
  const session = sessions?.findSession(ctx.accessKeyId);
  // the session's name; a caller named by the role's own ARN (the simulator's default) is named after the role
  const sessionName = parseAssumedRoleArn(ctx.callerArn)?.sessionName ?? roleName ?? ctx.callerArn;
  const base = { type: 'AssumedRole' as const, arn: ctx.callerArn, principalArn: ctx.principalArn, accountId: roleRef?.accountId ?? ctx.accountId };
  const identity: NamedPolicy[] = [];
  const unknownManaged: string[] = [];
  const attach = (policyArn: string) => {
    const managed = awsManagedPolicy(policyArn);
    if (managed) identity.push({ kind: 'identity', name: policyArn, document: managed.document });
    else unknownManaged.push(policyArn);
  };
  let roleId = roleName ?? 'unknown';
  let boundary: NamedPolicy | undefined;
  const role = roleName ? roles?.getRole(roleName) : undefined;
  const policies = role && role.arn === ctx.principalArn ? roles?.getRolePolicies(roleName!) : undefined;
  if (policies) {
    roleId = role!.roleId;
    for (const p of policies.inline) identity.push({ kind: 'identity', name: `role/${roleName} inline policy ${p.policyName}`, document: p.policyDocument });
    for (const p of policies.attached) attach(p.policyArn);
    if (policies.permissionsBoundary !== undefined) {
      const managed = awsManagedPolicy(policies.permissionsBoundary);
      // a boundary without a known document allows nothing (fail closed)
      boundary = { kind: 'boundary', name: policies.permissionsBoundary, document: managed?.document ?? { Version: '2012-10-17', Statement: [] } };
    }
  } else if (roleName && !role) {
    const bootstrap = bootstrapRolePolicies(roleName);
    if (bootstrap) {
      for (const p of bootstrap.inline) identity.push({ kind: 'identity', name: `role/${roleName} inline policy ${p.policyName} (cdk bootstrap)`, document: p.document });
      for (const a of bootstrap.attached) attach(a);
    }
  }
  const sessionPolicies = session && session.roleArn === ctx.principalArn ? session.sessionPolicies : undefined;
  return {
    ...base,
    userId: session?.assumedRoleId ?? `${roleId}:${sessionName}`,
    identity,
    boundary,
    session: sessionPolicies?.map((document, i) => ({ kind: 'session', name: `session policy ${i + 1} of ${ctx.callerArn}`, document })),
    unknownManaged,
  };
}

/** An IAM user and its inline and attached policies (an unknown user has none: nothing allows it). */
function userPolicies(userArn: string, accountId: string, name: string, source: RoleSource | undefined): PrincipalPolicies {
  const policies = source?.getUserPolicies?.(name);
  const identity: NamedPolicy[] = [];
  const unknownManaged: string[] = [];
  for (const p of policies?.inline ?? []) identity.push({ kind: 'identity', name: `user/${name} inline policy ${p.policyName}`, document: p.policyDocument });
  for (const p of policies?.attached ?? []) {
    const managed = awsManagedPolicy(p.policyArn);
    if (managed) identity.push({ kind: 'identity', name: p.policyArn, document: managed.document });
    else unknownManaged.push(p.policyArn);
  }
  return { type: 'User', arn: userArn, principalArn: userArn, accountId, userId: policies?.userId ?? name, userName: name, identity, unknownManaged };
}
