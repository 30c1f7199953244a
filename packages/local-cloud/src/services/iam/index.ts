import { AwsError } from '../../core/aws-error';
import { assumedRoleArn, parseArn, roleArn } from '../../core/arn';
import type { CallIdentity } from '../../core/scope';
import { awsId } from '../../core/ids';
import { InputReader } from '../../core/input';
import type { AwsService, CallContext, Operation, ServiceDeps } from '../../core/service';
import { encodePolicyDocument, validatePolicyDocument } from './policy-document';
import { Authorizer } from './authorizer/authorizer';
import { simulateCustomPolicy, simulatePrincipalPolicy } from './simulator';
import { createIamUsers, type IamAccessKey, type IamUserPolicies } from './users';
import { awsManagedPolicy } from './authorizer/managed-policies';
import { bootstrapRolePolicies } from './authorizer/bootstrap-roles';
import { IAM_AUTHORIZATION } from './authorization';

/** A role as other services see it in-process (documents decoded). */
export interface IamRole {
  readonly roleName: string;
  readonly roleId: string;
  readonly arn: string;
  readonly path: string;
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
  readonly createDate: Date;
}

export interface IamRolePolicies {
  readonly inline: ReadonlyArray<{ policyName: string; policyDocument: string }>;
  readonly attached: ReadonlyArray<{ policyName: string; policyArn: string }>;
  /** The managed policy ARN set as the role's permissions boundary, if any. */
  readonly permissionsBoundary?: string;
}

/** IAM, plus the in-process API STS and KMS use. */
export interface IamService extends AwsService {
  /** The role by name (case-insensitive, as IAM treats names), or undefined. */
  getRole(roleName: string): IamRole | undefined;
  /** Inline and attached policies of a role, or undefined when the role does not exist. */
  getRolePolicies(roleName: string): IamRolePolicies | undefined;
  /** The one authorizer of this server (the request pipeline and CloudFormation's calls ask it). */
  readonly authorizer: Authorizer;
  /** Changes whenever a role, a user or their policies change (the authorizer caches what it read of them until then). */
  policyVersion(): number;
  /** An IAM user's access key (to authenticate a request signed with it), or undefined. */
  findAccessKey(accessKeyId: string): IamAccessKey | undefined;
  /** A user's inline and attached policies, or undefined when there is no such user. */
  getUserPolicies(userName: string): IamUserPolicies | undefined;
}

interface RoleRow {
  name: string;
  role_id: string;
  path: string;
  arn: string;
  assume_role_policy: string;
  description: string | null;
  max_session_duration: number;
  tags: string;
  created_at: number;
  permissions_boundary: string | null;
}

const POLICY_ARN = /^arn:aws:iam::(aws|\d{12}):policy\/(.+\/)?([\w+=,.@-]+)$/;

/** A boundary is a managed policy: only AWS managed ones exist here (customer managed policies are not modelled). */
function checkBoundary(arn: string): void {
  const m = POLICY_ARN.exec(arn);
  if (!m) throw new AwsError('InvalidInput', `ARN ${arn} is not valid.`);
  if (m[1] !== 'aws' || !awsManagedPolicy(arn)) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, { status: 404 });
}

const invalid = (message: string) => new AwsError('ValidationError', message);
const noSuchRole = (name: string) => new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, { status: 404 });

/**
 * IAM (awsQuery, 2010-05-08): roles, inline role policies and attached managed policies. Role names are
 * unique case-insensitively. Managed policies are not modelled: any AWS managed policy ARN attaches.
 */
export function createIamService(deps: ServiceDeps): IamService {
  const { store } = deps;
  store.migrate('iam/001-roles', `
    CREATE TABLE iam_roles (
      name_key TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role_id TEXT NOT NULL UNIQUE,
      path TEXT NOT NULL,
      arn TEXT NOT NULL,
      assume_role_policy TEXT NOT NULL,
      description TEXT,
      max_session_duration INTEGER NOT NULL,
      tags TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE iam_role_policies (
      role_key TEXT NOT NULL,
      policy_name TEXT NOT NULL,
      document TEXT NOT NULL,
      PRIMARY KEY (role_key, policy_name)
    );
    CREATE TABLE iam_role_attached_policies (
      role_key TEXT NOT NULL,
      policy_arn TEXT NOT NULL,
      PRIMARY KEY (role_key, policy_arn)
    );
  `);
  store.migrate('iam/002-permissions-boundary', 'ALTER TABLE iam_roles ADD COLUMN permissions_boundary TEXT');
  const db = store.db;
  const selectRole = db.prepare<[string], RoleRow>('SELECT * FROM iam_roles WHERE name_key = ?');
  const key = (name: string) => name.toLowerCase();

  const findRole = (name: string): RoleRow | undefined => selectRole.get(key(name));
  const requireRole = (name: string): RoleRow => {
    const row = findRole(name);
    if (!row) throw noSuchRole(name);
    return row;
  };

  const selectInline = db.prepare<[string], { policy_name: string; document: string }>('SELECT policy_name, document FROM iam_role_policies WHERE role_key = ? ORDER BY policy_name');
  const selectAttached = db.prepare<[string], { policy_arn: string }>('SELECT policy_arn FROM iam_role_attached_policies WHERE role_key = ? ORDER BY policy_arn');

  /** Inline and attached policies and the boundary of a role (a CDK bootstrap role: the template's). */
  const rolePolicies = (name: string): IamRolePolicies | undefined => {
    const row = findRole(name);
    if (!row) {
      // the CDK bootstrap roles exist without a row, with the template's policies
      const bootstrap = bootstrapRolePolicies(name);
      return bootstrap && {
        inline: bootstrap.inline.map((p) => ({ policyName: p.policyName, policyDocument: JSON.stringify(p.document) })),
        attached: bootstrap.attached.map((arn) => ({ policyName: arn.slice(arn.lastIndexOf('/') + 1), policyArn: arn })),
      };
    }
    return {
      inline: selectInline.all(key(name)).map((p) => ({ policyName: p.policy_name, policyDocument: p.document })),
      attached: selectAttached.all(key(name)).map((p) => ({ policyName: p.policy_arn.slice(p.policy_arn.lastIndexOf('/') + 1), policyArn: p.policy_arn })),
      ...(row.permissions_boundary ? { permissionsBoundary: row.permissions_boundary } : {}),
    };
  };

  const roleShape = (row: RoleRow) => {
    const tags = JSON.parse(row.tags) as Array<{ Key: string; Value: string }>;
    return {
      Path: row.path,
      RoleName: row.name,
      RoleId: row.role_id,
      Arn: row.arn,
      CreateDate: new Date(row.created_at),
      AssumeRolePolicyDocument: encodePolicyDocument(row.assume_role_policy),
      Description: row.description ?? undefined,
      MaxSessionDuration: row.max_session_duration,
      Tags: tags.length > 0 ? tags : undefined,
      PermissionsBoundary: row.permissions_boundary ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: row.permissions_boundary } : undefined,
    };
  };

  // the model checks names, paths, ARNs, documents and tags before the operation runs
  const roleName = (r: InputReader) => r.string('RoleName', { required: true });
  const policyDocument = (r: InputReader, member: string) => {
    const doc = r.string(member, { required: true });
    validatePolicyDocument(doc);
    return doc;
  };
  const page = <T>(items: T[], r: InputReader, markerOf: (item: T) => string) => {
    const max = r.integer('MaxItems') ?? 100;
    const marker = r.string('Marker');
    const after = marker ? Buffer.from(marker, 'base64url').toString('utf8') : undefined;
    const rest = after === undefined ? items : items.filter((i) => markerOf(i) > after);
    const pageItems = rest.slice(0, max);
    const truncated = rest.length > max;
    return { items: pageItems, IsTruncated: truncated, Marker: truncated ? Buffer.from(markerOf(pageItems[pageItems.length - 1])).toString('base64url') : undefined };
  };

  const operations: Record<string, Operation> = {
    CreateRole: (input, ctx: CallContext) => {
      const r = new InputReader(input, invalid);
      const name = roleName(r);
      const path = r.string('Path') ?? '/';
      const document = policyDocument(r, 'AssumeRolePolicyDocument');
      const description = r.string('Description');
      const maxSession = r.integer('MaxSessionDuration') ?? 3600;
      const boundary = r.string('PermissionsBoundary');
      if (boundary !== undefined) checkBoundary(boundary);
      const tags = r.list('Tags').map((t) => {
        const tag = new InputReader((t ?? {}) as Record<string, unknown>, invalid);
        return { Key: tag.string('Key', { required: true }), Value: tag.string('Value') ?? '' };
      });
      return store.transaction(() => {
        if (findRole(name)) throw new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, { status: 409 });
        const row: RoleRow = {
          name,
          role_id: awsId('AROA', 17),
          path,
          arn: roleArn(ctx.accountId, name, path),
          assume_role_policy: document,
          description: description ?? null,
          max_session_duration: maxSession,
          tags: JSON.stringify(tags),
          created_at: Math.floor(Date.now() / 1000) * 1000,
          permissions_boundary: boundary ?? null,
        };
        db.prepare(`INSERT INTO iam_roles (name_key, name, role_id, path, arn, assume_role_policy, description, max_session_duration, tags, created_at, permissions_boundary)
          VALUES (@key, @name, @role_id, @path, @arn, @assume_role_policy, @description, @max_session_duration, @tags, @created_at, @permissions_boundary)`).run({ key: key(name), ...row });
        return { Role: roleShape(row) };
      });
    },

    GetRole: (input) => ({ Role: roleShape(requireRole(roleName(new InputReader(input, invalid)))) }),

    ListRoles: (input) => {
      const r = new InputReader(input, invalid);
      const prefix = r.string('PathPrefix') ?? '/';
      const rows = db.prepare<[], RoleRow>('SELECT * FROM iam_roles ORDER BY name_key').all().filter((row) => row.path.startsWith(prefix));
      const { items, IsTruncated, Marker } = page(rows, r, (row) => key(row.name));
      return { Roles: items.map(roleShape), IsTruncated, Marker };
    },

    UpdateAssumeRolePolicy: (input) => {
      const r = new InputReader(input, invalid);
      const name = roleName(r);
      const document = policyDocument(r, 'PolicyDocument');
      requireRole(name);
      db.prepare('UPDATE iam_roles SET assume_role_policy = ? WHERE name_key = ?').run(document, key(name));
      return undefined;
    },

    DeleteRole: (input) => {
      const name = roleName(new InputReader(input, invalid));
      return store.transaction(() => {
        requireRole(name);
        const attached = db.prepare('SELECT 1 FROM iam_role_attached_policies WHERE role_key = ? LIMIT 1').get(key(name));
        if (attached) throw new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', { status: 409 });
        const inline = db.prepare('SELECT 1 FROM iam_role_policies WHERE role_key = ? LIMIT 1').get(key(name));
        if (inline) throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', { status: 409 });
        db.prepare('DELETE FROM iam_roles WHERE name_key = ?').run(key(name));
        return undefined;
      });
    },

    PutRolePolicy: (input) => {
      const r = new InputReader(input, invalid);
      const name = roleName(r);
      const policyName = r.string('PolicyName', { required: true });
      const document = policyDocument(r, 'PolicyDocument');
      requireRole(name);
      db.prepare('INSERT INTO iam_role_policies (role_key, policy_name, document) VALUES (?, ?, ?) ON CONFLICT (role_key, policy_name) DO UPDATE SET document = excluded.document')
        .run(key(name), policyName, document);
      return undefined;
    },

    GetRolePolicy: (input) => {
      const r = new InputReader(input, invalid);
      const name = roleName(r);
      const policyName = r.string('PolicyName', { required: true });
      const role = requireRole(name);
      const row = db.prepare<[string, string], { document: string }>('SELECT document FROM iam_role_policies WHERE role_key = ? AND policy_name = ?').get(key(name), policyName);
      if (!row) throw new AwsError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, { status: 404 });
      return { RoleName: role.name, PolicyName: policyName, PolicyDocument: encodePolicyDocument(row.document) };
    },

    DeleteRolePolicy: (input) => {
      const r = new InputReader(input, invalid);
      const name = roleName(r);
      const policyName = r.string('PolicyName', { required: true });
      requireRole(name);
      const { changes } = db.prepare('DELETE FROM iam_role_policies WHERE role_key = ? AND policy_name = ?').run(key(name), policyName);
      if (changes === 0) throw new AwsError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, { status: 404 });
      return undefined;
    },

    ListRolePolicies: (input) => {
      const r = new InputReader(input, invalid);
      const name = roleName(r);
      requireRole(name);
      const names = db.prepare<[string], { policy_name: string }>('SELECT policy_name FROM iam_role_policies WHERE role_key = ? ORDER BY policy_name').all(key(name)).map((p) => p.policy_name);
      const { items, IsTruncated, Marker } = page(names, r, (n) => n);
      return { PolicyNames: items, IsTruncated, Marker };
    },

    AttachRolePolicy: (input) => {
      const r = new InputReader(input, invalid);
      const name = roleName(r);
      const policyArn = r.string('PolicyArn', { required: true });
      const m = POLICY_ARN.exec(policyArn);
      if (!m) throw new AwsError('InvalidInput', `ARN ${policyArn} is not valid.`);
      requireRole(name);
      if (m[1] !== 'aws') {
        // customer managed policies are not modelled yet: only AWS managed ones exist
        throw new AwsError('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`, { status: 404 });
      }
      db.prepare('INSERT OR IGNORE INTO iam_role_attached_policies (role_key, policy_arn) VALUES (?, ?)').run(key(name), policyArn);
      return undefined;
    },

    DetachRolePolicy: (input) => {
      const r = new InputReader(input, invalid);
      const name = roleName(r);
      const policyArn = r.string('PolicyArn', { required: true });
      if (!POLICY_ARN.test(policyArn)) throw new AwsError('InvalidInput', `ARN ${policyArn} is not valid.`);
      requireRole(name);
      const { changes } = db.prepare('DELETE FROM iam_role_attached_policies WHERE role_key = ? AND policy_arn = ?').run(key(name), policyArn);
      if (changes === 0) throw new AwsError('NoSuchEntity', `Policy ${policyArn} was not found.`, { status: 404 });
      return undefined;
    },

    PutRolePermissionsBoundary: (input) => {
      const r = new InputReader(input, invalid);
      const name = roleName(r);
      const boundary = r.string('PermissionsBoundary', { required: true });
      checkBoundary(boundary);
      requireRole(name);
      db.prepare('UPDATE iam_roles SET permissions_boundary = ? WHERE name_key = ?').run(boundary, key(name));
      return undefined;
    },

    DeleteRolePermissionsBoundary: (input) => {
      const name = roleName(new InputReader(input, invalid));
      requireRole(name);
      db.prepare('UPDATE iam_roles SET permissions_boundary = NULL WHERE name_key = ?').run(key(name));
      return undefined;
    },

    SimulatePrincipalPolicy: (input, ctx: CallContext) => simulatePrincipalPolicy(input, ctx, { getRole: (n) => findRole(n) && { roleId: findRole(n)!.role_id, arn: findRole(n)!.arn }, getRolePolicies: (n) => rolePolicies(n) }),

    SimulateCustomPolicy: (input, ctx: CallContext) => simulateCustomPolicy(input, ctx),

    ListAttachedRolePolicies: (input) => {
      const r = new InputReader(input, invalid);
      const name = roleName(r);
      const prefix = r.string('PathPrefix') ?? '/';
      requireRole(name);
      const arns = db.prepare<[string], { policy_arn: string }>('SELECT policy_arn FROM iam_role_attached_policies WHERE role_key = ? ORDER BY policy_arn').all(key(name))
        .map((p) => p.policy_arn)
        .filter((arn) => `/${parseArn(arn)?.resource.replace(/^policy\//, '') ?? ''}`.startsWith(prefix));
      const { items, IsTruncated, Marker } = page(arns, r, (a) => a);
      return { AttachedPolicies: items.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn })), IsTruncated, Marker };
    },
  };

  const authorizer = new Authorizer({ services: deps.services });

  // every change to roles or their policies moves the version on: the authorizer's cached reads expire with it
  let version = 0;
  const MUTATIONS = ['CreateRole', 'UpdateAssumeRolePolicy', 'DeleteRole', 'PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy',
    'DetachRolePolicy', 'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary'];
  for (const name of MUTATIONS) {
    const op = operations[name];
    operations[name] = async (input, ctx) => {
      try {
        return await op(input, ctx);
      } finally {
        version++;
      }
    };
  }
  const users = createIamUsers(store, () => version++);
  Object.assign(operations, users.operations);

  return {
    authorizer,
    policyVersion: () => version,
    findAccessKey: users.findAccessKey,
    getUserPolicies: users.getUserPolicies,
    signingName: 'iam',
    authorization: IAM_AUTHORIZATION,
    protocol: 'awsQuery',
    apiVersion: '2010-05-08',
    xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
    operations,

    getRole(name) {
      const row = findRole(name);
      if (!row) return undefined;
      return {
        roleName: row.name,
        roleId: row.role_id,
        arn: row.arn,
        path: row.path,
        assumeRolePolicyDocument: row.assume_role_policy,
        description: row.description ?? undefined,
        maxSessionDuration: row.max_session_duration,
        createDate: new Date(row.created_at),
      };
    },

    getRolePolicies: rolePolicies,
  };
}

/**
 * Who a service acts as when it uses a role passed to it (CloudFormation's `RoleARN`): a session of that role,
 * named as the service names its sessions.
 */
export function roleSessionIdentity(arn: string, accountId: string, sessionName = 'AWSCloudFormation'): CallIdentity {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  return { principalArn: arn, callerArn: assumedRoleArn(parseArn(arn)?.account || accountId, name, sessionName), accessKeyId: 'cloudformation' };
}
