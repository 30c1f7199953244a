import type { Store } from '../../store/store';

/** A tag as IAM takes and lists them. */
export interface IamTag {
  readonly Key: string;
  readonly Value: string;
}

/** A role as IAM stores it (documents as sent, not URL-encoded). */
export interface IamRole {
  readonly roleName: string;
  readonly roleId: string;
  readonly arn: string;
  readonly path: string;
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
  readonly createDate: Date;
  readonly tags: readonly IamTag[];
  /** The managed policy ARN set as the role's permissions boundary, if any. */
  readonly permissionsBoundary?: string;
}

/** An IAM user. */
export interface IamUser {
  readonly userName: string;
  readonly userId: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
}

/** An IAM user's long-term access key, as the authenticator needs it. */
export interface IamAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly userName: string;
  readonly userArn: string;
  readonly userId: string;
  readonly active: boolean;
}

/** An inline policy of a role or user. */
export interface InlinePolicy {
  readonly policyName: string;
  readonly policyDocument: string;
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

interface UserRow { name_key: string; name: string; user_id: string; path: string; arn: string; created_at: number }

/** IAM names are unique case-insensitively: rows are keyed by the lower-cased name. */
const key = (name: string) => name.toLowerCase();

const roleOf = (row: RoleRow): IamRole => ({
  roleName: row.name,
  roleId: row.role_id,
  arn: row.arn,
  path: row.path,
  assumeRolePolicyDocument: row.assume_role_policy,
  ...(row.description !== null ? { description: row.description } : {}),
  maxSessionDuration: row.max_session_duration,
  createDate: new Date(row.created_at),
  tags: JSON.parse(row.tags) as IamTag[],
  ...(row.permissions_boundary ? { permissionsBoundary: row.permissions_boundary } : {}),
});

const userOf = (row: UserRow): IamUser => ({ userName: row.name, userId: row.user_id, path: row.path, arn: row.arn, createDate: new Date(row.created_at) });

/**
 * The inline and attached policies of one kind of identity (roles or users): the same two tables for each,
 * `iam_<kind>_policies` and `iam_<kind>_attached_policies`, keyed by the identity's lower-cased name.
 */
export class IdentityPolicyTables {
  private readonly inlineTable: string;
  private readonly attachedTable: string;
  private readonly column: string;

  constructor(private readonly store: Store, kind: 'role' | 'user') {
    this.inlineTable = `iam_${kind}_policies`;
    this.attachedTable = `iam_${kind}_attached_policies`;
    this.column = `${kind}_key`;
  }

  public putInline(name: string, policyName: string, document: string): void {
    this.store.prepared(`INSERT INTO ${this.inlineTable} (${this.column}, policy_name, document) VALUES (?, ?, ?)
      ON CONFLICT (${this.column}, policy_name) DO UPDATE SET document = excluded.document`).run(key(name), policyName, document);
  }

  public inline(name: string, policyName: string): string | undefined {
    return (this.store.prepared(`SELECT document FROM ${this.inlineTable} WHERE ${this.column} = ? AND policy_name = ?`)
      .get(key(name), policyName) as { document: string } | undefined)?.document;
  }

  /** Whether there was such a policy to delete. */
  public deleteInline(name: string, policyName: string): boolean {
    return this.store.prepared(`DELETE FROM ${this.inlineTable} WHERE ${this.column} = ? AND policy_name = ?`).run(key(name), policyName).changes > 0;
  }

  /** Every inline policy, by name. */
  public listInline(name: string): InlinePolicy[] {
    return (this.store.prepared(`SELECT policy_name, document FROM ${this.inlineTable} WHERE ${this.column} = ? ORDER BY policy_name`)
      .all(key(name)) as Array<{ policy_name: string; document: string }>).map((p) => ({ policyName: p.policy_name, policyDocument: p.document }));
  }

  public attach(name: string, policyArn: string): void {
    this.store.prepared(`INSERT OR IGNORE INTO ${this.attachedTable} (${this.column}, policy_arn) VALUES (?, ?)`).run(key(name), policyArn);
  }

  /** Whether the policy was attached. */
  public detach(name: string, policyArn: string): boolean {
    return this.store.prepared(`DELETE FROM ${this.attachedTable} WHERE ${this.column} = ? AND policy_arn = ?`).run(key(name), policyArn).changes > 0;
  }

  /** The attached managed policy ARNs, in order. */
  public listAttached(name: string): string[] {
    return (this.store.prepared(`SELECT policy_arn FROM ${this.attachedTable} WHERE ${this.column} = ? ORDER BY policy_arn`)
      .all(key(name)) as Array<{ policy_arn: string }>).map((p) => p.policy_arn);
  }

  public hasInline(name: string): boolean {
    return this.store.prepared(`SELECT 1 FROM ${this.inlineTable} WHERE ${this.column} = ? LIMIT 1`).get(key(name)) !== undefined;
  }

  public hasAttached(name: string): boolean {
    return this.store.prepared(`SELECT 1 FROM ${this.attachedTable} WHERE ${this.column} = ? LIMIT 1`).get(key(name)) !== undefined;
  }
}

/** IAM's tables: roles, users, their access keys, and the policies of each (SQL only; the rules are the backend's). */
export class IamStore {
  public readonly rolePolicies: IdentityPolicyTables;
  public readonly userPolicies: IdentityPolicyTables;

  constructor(private readonly store: Store) {
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
    store.migrate('iam/003-users', `
      CREATE TABLE iam_users (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, user_id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, arn TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE iam_access_keys (access_key_id TEXT PRIMARY KEY, user_key TEXT NOT NULL, secret TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE iam_user_policies (user_key TEXT NOT NULL, policy_name TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (user_key, policy_name));
      CREATE TABLE iam_user_attached_policies (user_key TEXT NOT NULL, policy_arn TEXT NOT NULL, PRIMARY KEY (user_key, policy_arn));
    `);
    this.rolePolicies = new IdentityPolicyTables(store, 'role');
    this.userPolicies = new IdentityPolicyTables(store, 'user');
  }

  public transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  // ---------- roles ----------

  public findRole(name: string): IamRole | undefined {
    const row = this.store.prepared('SELECT * FROM iam_roles WHERE name_key = ?').get(key(name)) as RoleRow | undefined;
    return row && roleOf(row);
  }

  /** Every role, ordered by name as IAM lists them (case-insensitively). */
  public listRoles(): IamRole[] {
    return (this.store.prepared('SELECT * FROM iam_roles ORDER BY name_key').all() as RoleRow[]).map(roleOf);
  }

  public insertRole(role: IamRole): void {
    this.store.prepared(`INSERT INTO iam_roles (name_key, name, role_id, path, arn, assume_role_policy, description, max_session_duration, tags, created_at, permissions_boundary)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(key(role.roleName), role.roleName, role.roleId, role.path, role.arn, role.assumeRolePolicyDocument,
      role.description ?? null, role.maxSessionDuration, JSON.stringify(role.tags), role.createDate.getTime(), role.permissionsBoundary ?? null);
  }

  public setAssumeRolePolicy(name: string, document: string): void {
    this.store.prepared('UPDATE iam_roles SET assume_role_policy = ? WHERE name_key = ?').run(document, key(name));
  }

  public setPermissionsBoundary(name: string, policyArn: string | undefined): void {
    this.store.prepared('UPDATE iam_roles SET permissions_boundary = ? WHERE name_key = ?').run(policyArn ?? null, key(name));
  }

  public deleteRole(name: string): void {
    this.store.prepared('DELETE FROM iam_roles WHERE name_key = ?').run(key(name));
  }

  // ---------- users and access keys ----------

  public findUser(name: string): IamUser | undefined {
    const row = this.store.prepared('SELECT * FROM iam_users WHERE name_key = ?').get(key(name)) as UserRow | undefined;
    return row && userOf(row);
  }

  public insertUser(user: IamUser): void {
    this.store.prepared('INSERT INTO iam_users (name_key, name, user_id, path, arn, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key(user.userName), user.userName, user.userId, user.path, user.arn, user.createDate.getTime());
  }

  public deleteUser(name: string): void {
    this.store.prepared('DELETE FROM iam_users WHERE name_key = ?').run(key(name));
  }

  public hasAccessKeys(userName: string): boolean {
    return this.store.prepared('SELECT 1 FROM iam_access_keys WHERE user_key = ? LIMIT 1').get(key(userName)) !== undefined;
  }

  public insertAccessKey(userName: string, accessKeyId: string, secret: string, createdAt: Date): void {
    this.store.prepared('INSERT INTO iam_access_keys (access_key_id, user_key, secret, status, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(accessKeyId, key(userName), secret, 'Active', createdAt.getTime());
  }

  /** Whether there was such a key to delete. */
  public deleteAccessKey(accessKeyId: string): boolean {
    return this.store.prepared('DELETE FROM iam_access_keys WHERE access_key_id = ?').run(accessKeyId).changes > 0;
  }

  public findAccessKey(accessKeyId: string): IamAccessKey | undefined {
    const row = this.store.prepared('SELECT * FROM iam_access_keys WHERE access_key_id = ?')
      .get(accessKeyId) as { access_key_id: string; user_key: string; secret: string; status: string } | undefined;
    const user = row && this.findUser(row.user_key);
    if (!row || !user) return undefined;
    return { accessKeyId: row.access_key_id, secretAccessKey: row.secret, userName: user.userName, userArn: user.arn, userId: user.userId, active: row.status === 'Active' };
  }
}
