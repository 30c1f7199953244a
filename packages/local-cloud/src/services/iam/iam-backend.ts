import { evaluatePolicy, type RequestPrincipal } from '@kms-logs-api/iam-policy';
import { AwsError } from '../../core/aws-error';
import { iamRoleArn, iamUserArn, parseIamPolicyArn, parseIamRoleArn } from '../../core/arns/iam';
import { awsId, secretString } from '../../core/ids';
import type { Scope } from '../../core/scope';
import type { Store } from '../../store/store';
import { bootstrapRolePolicies } from './authorizer/bootstrap-roles';
import { awsManagedPolicy } from './authorizer/managed-policies';
import { type IamAccessKey, type IamRole, IamStore, type IdentityPolicyTables, type IamTag, type IamUser, type InlinePolicy } from './iam-store';
import { validatePolicyDocument } from './policy-document';

/** Inline and attached policies of a role, as the authorizer, KMS and the simulator read them. */
export interface IamRolePolicies {
  readonly inline: readonly InlinePolicy[];
  readonly attached: ReadonlyArray<{ readonly policyName: string; readonly policyArn: string }>;
  /** The managed policy ARN set as the role's permissions boundary, if any. */
  readonly permissionsBoundary?: string;
}

/** A user's policies, as the authorizer reads them. */
export interface IamUserPolicies {
  readonly userId: string;
  readonly inline: readonly InlinePolicy[];
  readonly attached: ReadonlyArray<{ readonly policyArn: string }>;
}

/** What CreateRole asks for (the model has checked each member's form). */
export interface NewRole {
  readonly roleName: string;
  readonly path?: string;
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly permissionsBoundary?: string;
  readonly tags?: readonly IamTag[];
}

/** A new access key: the only time its secret is shown. */
export interface NewAccessKey {
  readonly userName: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly createDate: Date;
}

const notFound = (message: string) => new AwsError('NoSuchEntity', message, { status: 404 });
const noSuchRole = (name: string) => notFound(`The role with name ${name} cannot be found.`);
const noSuchUser = (name: string) => notFound(`The user with name ${name} cannot be found.`);
const notAttachable = (arn: string) => notFound(`Policy ${arn} does not exist or is not attachable.`);
const conflict = (message: string) => new AwsError('DeleteConflict', message, { status: 409 });
/** IAM keeps its dates to the second. */
const now = () => new Date(Math.floor(Date.now() / 1000) * 1000);

/**
 * IAM's domain: roles (trust policy, inline and attached AWS managed policies, permissions boundary), users with
 * access keys and policies, and the one answer to "does this role trust that principal". Names are unique
 * case-insensitively; customer managed policies are not modelled (any AWS managed policy local-cloud ships attaches).
 * The wire operations (`operations.ts`), STS, Lambda, API Gateway, KMS and the authorizer call it; methods throw
 * `AwsError`.
 *
 * @example
 * const iam = new IamBackend(store);
 * iam.createRole('000000000000', { roleName: 'fn', assumeRolePolicyDocument: trust });
 * iam.roleTrusts('arn:aws:iam::000000000000:role/fn', { Service: 'lambda.amazonaws.com' }, scope); // true
 */
export class IamBackend {
  private readonly store: IamStore;
  private version = 0;

  constructor(store: Store) {
    this.store = new IamStore(store);
  }

  /** Changes whenever a role, a user or their policies may have changed (the authorizer caches what it read until then). */
  public policyVersion(): number {
    return this.version;
  }

  // ---------- roles ----------

  public createRole(accountId: string, request: NewRole): IamRole {
    return this.changes(() => {
      validatePolicyDocument(request.assumeRolePolicyDocument);
      if (request.permissionsBoundary !== undefined) checkBoundary(request.permissionsBoundary);
      return this.store.transaction(() => {
        const { roleName } = request;
        if (this.store.findRole(roleName)) throw new AwsError('EntityAlreadyExists', `Role with name ${roleName} already exists.`, { status: 409 });
        const path = request.path ?? '/';
        const role: IamRole = {
          roleName,
          roleId: awsId('AROA', 17),
          arn: iamRoleArn(accountId, roleName, path),
          path,
          assumeRolePolicyDocument: request.assumeRolePolicyDocument,
          ...(request.description !== undefined ? { description: request.description } : {}),
          maxSessionDuration: request.maxSessionDuration ?? 3600,
          createDate: now(),
          tags: request.tags ?? [],
          ...(request.permissionsBoundary !== undefined ? { permissionsBoundary: request.permissionsBoundary } : {}),
        };
        this.store.insertRole(role);
        return role;
      });
    });
  }

  /** The role by name (case-insensitive, as IAM treats names), or undefined. */
  public getRole(roleName: string): IamRole | undefined {
    return this.store.findRole(roleName);
  }

  /** The role by name; NoSuchEntity when there is none. */
  public requireRole(roleName: string): IamRole {
    const role = this.store.findRole(roleName);
    if (!role) throw noSuchRole(roleName);
    return role;
  }

  /** The roles whose path starts with `pathPrefix`, ordered by name. */
  public listRoles(pathPrefix = '/'): IamRole[] {
    return this.store.listRoles().filter((role) => role.path.startsWith(pathPrefix));
  }

  public updateAssumeRolePolicy(roleName: string, document: string): void {
    this.changes(() => {
      validatePolicyDocument(document);
      this.requireRole(roleName);
      this.store.setAssumeRolePolicy(roleName, document);
    });
  }

  public deleteRole(roleName: string): void {
    this.changes(() => this.store.transaction(() => {
      this.requireRole(roleName);
      if (this.store.rolePolicies.hasAttached(roleName)) throw conflict('Cannot delete entity, must detach all policies first.');
      if (this.store.rolePolicies.hasInline(roleName)) throw conflict('Cannot delete entity, must delete policies first.');
      this.store.deleteRole(roleName);
    }));
  }

  public putRolePolicy(roleName: string, policyName: string, document: string): void {
    this.changes(() => {
      validatePolicyDocument(document);
      this.requireRole(roleName);
      this.store.rolePolicies.putInline(roleName, policyName, document);
    });
  }

  /** An inline policy of a role (its document as stored) and the role's own spelling of its name. */
  public getRolePolicy(roleName: string, policyName: string): { roleName: string; policyDocument: string } {
    const policy = this.inlinePolicy('role', roleName, policyName);
    return { roleName: policy.name, policyDocument: policy.policyDocument };
  }

  public deleteRolePolicy(roleName: string, policyName: string): void {
    this.deleteInlinePolicy('role', roleName, policyName);
  }

  /** The names of a role's inline policies, in order. */
  public listRolePolicies(roleName: string): string[] {
    this.requireRole(roleName);
    return this.store.rolePolicies.listInline(roleName).map((p) => p.policyName);
  }

  public attachRolePolicy(roleName: string, policyArn: string): void {
    this.changes(() => {
      const policy = parseIamPolicyArn(policyArn);
      if (!policy) throw invalidArn(policyArn);
      this.requireRole(roleName);
      // customer managed policies are not modelled yet: only AWS managed ones exist
      if (policy.owner !== 'aws') throw notAttachable(policyArn);
      this.store.rolePolicies.attach(roleName, policyArn);
    });
  }

  public detachRolePolicy(roleName: string, policyArn: string): void {
    this.changes(() => {
      if (!parseIamPolicyArn(policyArn)) throw invalidArn(policyArn);
      this.requireRole(roleName);
      if (!this.store.rolePolicies.detach(roleName, policyArn)) throw notFound(`Policy ${policyArn} was not found.`);
    });
  }

  /** The managed policies attached to a role whose path and name start with `pathPrefix`, ordered by ARN. */
  public listAttachedRolePolicies(roleName: string, pathPrefix = '/'): Array<{ policyName: string; policyArn: string }> {
    this.requireRole(roleName);
    return this.store.rolePolicies.listAttached(roleName).flatMap((policyArn) => {
      const policy = parseIamPolicyArn(policyArn);
      return policy && `${policy.path}${policy.name}`.startsWith(pathPrefix) ? [{ policyName: policy.name, policyArn }] : [];
    });
  }

  public putRolePermissionsBoundary(roleName: string, policyArn: string): void {
    this.changes(() => {
      checkBoundary(policyArn);
      this.requireRole(roleName);
      this.store.setPermissionsBoundary(roleName, policyArn);
    });
  }

  public deleteRolePermissionsBoundary(roleName: string): void {
    this.changes(() => {
      this.requireRole(roleName);
      this.store.setPermissionsBoundary(roleName, undefined);
    });
  }

  /** Inline and attached policies and the boundary of a role (a CDK bootstrap role: the template's); undefined when there is no such role. */
  public getRolePolicies(roleName: string): IamRolePolicies | undefined {
    const role = this.store.findRole(roleName);
    const attached = (arns: readonly string[]) => arns.map((policyArn) => ({ policyName: parseIamPolicyArn(policyArn)?.name ?? policyArn, policyArn }));
    if (!role) {
      // the CDK bootstrap roles exist without a row, with the template's policies
      const bootstrap = bootstrapRolePolicies(roleName);
      return bootstrap && {
        inline: bootstrap.inline.map((p) => ({ policyName: p.policyName, policyDocument: JSON.stringify(p.document) })),
        attached: attached(bootstrap.attached),
      };
    }
    return {
      inline: this.store.rolePolicies.listInline(roleName),
      attached: attached(this.store.rolePolicies.listAttached(roleName)),
      ...(role.permissionsBoundary ? { permissionsBoundary: role.permissionsBoundary } : {}),
    };
  }

  /**
   * Whether `principal` may assume the role `roleArn` of the caller's account: the role exists in that account under
   * exactly that ARN (path included) and its trust policy allows `sts:AssumeRole` for the principal. A trust policy
   * the evaluator cannot read trusts no one. The one answer STS, Lambda (execution roles) and API Gateway (its
   * CloudWatch role) ask; the CDK bootstrap roles, which have no row, are STS's own concern.
   */
  public roleTrusts(roleArn: string, principal: RequestPrincipal, scope: Pick<Scope, 'accountId'>): boolean {
    const ref = parseIamRoleArn(roleArn);
    const role = ref && ref.accountId === scope.accountId ? this.store.findRole(ref.name) : undefined;
    if (!role || role.arn !== roleArn) return false;
    try {
      return evaluatePolicy(role.assumeRolePolicyDocument, { principal, action: 'sts:AssumeRole', resource: role.arn }).decision === 'Allow';
    } catch {
      return false;
    }
  }

  // ---------- users ----------

  public createUser(accountId: string, userName: string, path = '/'): IamUser {
    return this.changes(() => {
      if (this.store.findUser(userName)) throw new AwsError('EntityAlreadyExists', `User with name ${userName} already exists.`, { status: 409 });
      const user: IamUser = { userName, userId: awsId('AIDA', 17), path, arn: iamUserArn(accountId, userName, path), createDate: now() };
      this.store.insertUser(user);
      return user;
    });
  }

  /** The user by name; NoSuchEntity when there is none. */
  public requireUser(userName: string): IamUser {
    const user = this.store.findUser(userName);
    if (!user) throw noSuchUser(userName);
    return user;
  }

  public deleteUser(userName: string): void {
    this.changes(() => {
      this.requireUser(userName);
      if (this.store.hasAccessKeys(userName) || this.store.userPolicies.hasInline(userName) || this.store.userPolicies.hasAttached(userName)) {
        throw conflict('Cannot delete entity, must delete access keys and policies first.');
      }
      this.store.deleteUser(userName);
    });
  }

  public createAccessKey(userName: string): NewAccessKey {
    return this.changes(() => {
      const user = this.requireUser(userName);
      const key: NewAccessKey = { userName: user.userName, accessKeyId: awsId('AKIA', 16), secretAccessKey: secretString(40), createDate: new Date() };
      this.store.insertAccessKey(user.userName, key.accessKeyId, key.secretAccessKey, key.createDate);
      return key;
    });
  }

  public deleteAccessKey(accessKeyId: string): void {
    this.changes(() => {
      if (!this.store.deleteAccessKey(accessKeyId)) throw notFound(`The Access Key with id ${accessKeyId} cannot be found.`);
    });
  }

  /** An IAM user's access key (to authenticate a request signed with it), or undefined. */
  public findAccessKey(accessKeyId: string): IamAccessKey | undefined {
    return this.store.findAccessKey(accessKeyId);
  }

  public putUserPolicy(userName: string, policyName: string, document: string): void {
    this.changes(() => {
      this.requireUser(userName);
      validatePolicyDocument(document);
      this.store.userPolicies.putInline(userName, policyName, document);
    });
  }

  /** An inline policy of a user (its document as stored) and the user's own spelling of its name. */
  public getUserPolicy(userName: string, policyName: string): { userName: string; policyDocument: string } {
    const policy = this.inlinePolicy('user', userName, policyName);
    return { userName: policy.name, policyDocument: policy.policyDocument };
  }

  public deleteUserPolicy(userName: string, policyName: string): void {
    this.deleteInlinePolicy('user', userName, policyName);
  }

  public attachUserPolicy(userName: string, policyArn: string): void {
    this.changes(() => {
      this.requireUser(userName);
      if (!awsManagedPolicy(policyArn)) throw notAttachable(policyArn);
      this.store.userPolicies.attach(userName, policyArn);
    });
  }

  public detachUserPolicy(userName: string, policyArn: string): void {
    this.changes(() => {
      this.requireUser(userName);
      if (!this.store.userPolicies.detach(userName, policyArn)) throw notFound(`Policy ${policyArn} was not found.`);
    });
  }

  /** A user's inline and attached policies, or undefined when there is no such user. */
  public getUserPolicies(userName: string): IamUserPolicies | undefined {
    const user = this.store.findUser(userName);
    if (!user) return undefined;
    return {
      userId: user.userId,
      inline: this.store.userPolicies.listInline(userName),
      attached: this.store.userPolicies.listAttached(userName).map((policyArn) => ({ policyArn })),
    };
  }

  /** A role's or user's own spelling of its name, and its policy tables; NoSuchEntity when there is no such identity. */
  private identity(kind: 'role' | 'user', name: string): { name: string; policies: IdentityPolicyTables } {
    return kind === 'role'
      ? { name: this.requireRole(name).roleName, policies: this.store.rolePolicies }
      : { name: this.requireUser(name).userName, policies: this.store.userPolicies };
  }

  private inlinePolicy(kind: 'role' | 'user', name: string, policyName: string): { name: string; policyDocument: string } {
    const identity = this.identity(kind, name);
    const document = identity.policies.inline(name, policyName);
    if (document === undefined) throw notFound(`The ${kind} policy with name ${policyName} cannot be found.`);
    return { name: identity.name, policyDocument: document };
  }

  private deleteInlinePolicy(kind: 'role' | 'user', name: string, policyName: string): void {
    this.changes(() => {
      if (!this.identity(kind, name).policies.deleteInline(name, policyName)) throw notFound(`The ${kind} policy with name ${policyName} cannot be found.`);
    });
  }

  /** Runs a change; the policy version moves on whether or not it succeeded (cached reads then expire either way). */
  private changes<T>(change: () => T): T {
    try {
      return change();
    } finally {
      this.version++;
    }
  }
}

const invalidArn = (arn: string) => new AwsError('InvalidInput', `ARN ${arn} is not valid.`);

/** A boundary is a managed policy: only AWS managed ones exist here (customer managed policies are not modelled). */
function checkBoundary(arn: string): void {
  const policy = parseIamPolicyArn(arn);
  if (!policy) throw invalidArn(arn);
  if (policy.owner !== 'aws' || !awsManagedPolicy(arn)) throw notAttachable(arn);
}
