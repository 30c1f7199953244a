import { AwsError } from '../../core/aws-error';
import { buildArn } from '../../core/arn';
import { awsId, secretString } from '../../core/ids';
import { InputReader } from '../../core/input';
import type { CallContext, Operation } from '../../core/service';
import type { Store } from '../../store/store';
import { awsManagedPolicy } from './authorizer/managed-policies';
import { encodePolicyDocument, validatePolicyDocument } from './policy-document';

/** An IAM user's long-term access key, as the authenticator needs it. */
export interface IamAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly userName: string;
  readonly userArn: string;
  readonly userId: string;
  readonly active: boolean;
}

/** A user's policies, as the authorizer reads them. */
export interface IamUserPolicies {
  readonly userId: string;
  readonly inline: ReadonlyArray<{ readonly policyName: string; readonly policyDocument: string }>;
  readonly attached: ReadonlyArray<{ readonly policyArn: string }>;
}

interface UserRow { name_key: string; name: string; user_id: string; path: string; arn: string; created_at: number }

const invalid = (message: string) => new AwsError('ValidationError', message);
const noSuchUser = (name: string) => new AwsError('NoSuchEntity', `The user with name ${name} cannot be found.`, { status: 404 });

/**
 * IAM users with access keys and their inline and attached (AWS managed) policies: the long-term credentials
 * other than the account root's. Their keys authenticate requests that then act as the user.
 */
export function createIamUsers(store: Store, bump: () => void) {
  store.migrate('iam/003-users', `
    CREATE TABLE iam_users (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, user_id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, arn TEXT NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE iam_access_keys (access_key_id TEXT PRIMARY KEY, user_key TEXT NOT NULL, secret TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE iam_user_policies (user_key TEXT NOT NULL, policy_name TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (user_key, policy_name));
    CREATE TABLE iam_user_attached_policies (user_key TEXT NOT NULL, policy_arn TEXT NOT NULL, PRIMARY KEY (user_key, policy_arn));
  `);
  const db = store.db;
  const key = (name: string) => name.toLowerCase();
  const selectUser = db.prepare<[string], UserRow>('SELECT * FROM iam_users WHERE name_key = ?');
  const selectKey = db.prepare<[string], { access_key_id: string; user_key: string; secret: string; status: string }>('SELECT * FROM iam_access_keys WHERE access_key_id = ?');
  const selectInline = db.prepare<[string], { policy_name: string; document: string }>('SELECT policy_name, document FROM iam_user_policies WHERE user_key = ? ORDER BY policy_name');
  const selectAttached = db.prepare<[string], { policy_arn: string }>('SELECT policy_arn FROM iam_user_attached_policies WHERE user_key = ? ORDER BY policy_arn');
  const requireUser = (name: string): UserRow => selectUser.get(key(name)) ?? (() => { throw noSuchUser(name); })();
  // the model checks names, paths, ARNs and documents first; a UserName is still required here (the caller's own
  // user, which AWS answers when it is absent, is not looked up)
  const userName = (r: InputReader) => r.string('UserName', { required: true });
  const shape = (u: UserRow) => ({ Path: u.path, UserName: u.name, UserId: u.user_id, Arn: u.arn, CreateDate: new Date(u.created_at) });
  const changes = (op: Operation): Operation => async (input, ctx) => {
    try {
      return await op(input, ctx);
    } finally {
      bump();
    }
  };

  const operations: Record<string, Operation> = {
    CreateUser: changes((input, ctx: CallContext) => {
      const r = new InputReader(input, invalid);
      const name = userName(r);
      const path = r.string('Path') ?? '/';
      if (selectUser.get(key(name))) throw new AwsError('EntityAlreadyExists', `User with name ${name} already exists.`, { status: 409 });
      const row: UserRow = { name_key: key(name), name, user_id: awsId('AIDA', 17), path, arn: buildArn('iam', '', ctx.accountId, `user${path}${name}`), created_at: Math.floor(Date.now() / 1000) * 1000 };
      db.prepare('INSERT INTO iam_users (name_key, name, user_id, path, arn, created_at) VALUES (@name_key, @name, @user_id, @path, @arn, @created_at)').run(row);
      return { User: shape(row) };
    }),
    GetUser: (input) => ({ User: shape(requireUser(userName(new InputReader(input, invalid)))) }),
    DeleteUser: changes((input) => {
      const name = userName(new InputReader(input, invalid));
      requireUser(name);
      for (const table of ['iam_access_keys', 'iam_user_policies', 'iam_user_attached_policies']) {
        if (db.prepare(`SELECT 1 FROM ${table} WHERE user_key = ? LIMIT 1`).get(key(name))) throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete access keys and policies first.', { status: 409 });
      }
      db.prepare('DELETE FROM iam_users WHERE name_key = ?').run(key(name));
      return undefined;
    }),
    CreateAccessKey: changes((input) => {
      const user = requireUser(userName(new InputReader(input, invalid)));
      const id = awsId('AKIA', 16);
      const secret = secretString(40);
      db.prepare('INSERT INTO iam_access_keys (access_key_id, user_key, secret, status, created_at) VALUES (?, ?, ?, ?, ?)').run(id, user.name_key, secret, 'Active', Date.now());
      return { AccessKey: { UserName: user.name, AccessKeyId: id, SecretAccessKey: secret, Status: 'Active', CreateDate: new Date() } };
    }),
    DeleteAccessKey: changes((input) => {
      const r = new InputReader(input, invalid);
      const id = r.string('AccessKeyId', { required: true });
      const { changes: n } = db.prepare('DELETE FROM iam_access_keys WHERE access_key_id = ?').run(id);
      if (n === 0) throw new AwsError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`, { status: 404 });
      return undefined;
    }),
    PutUserPolicy: changes((input) => {
      const r = new InputReader(input, invalid);
      const user = requireUser(userName(r));
      const policyName = r.string('PolicyName', { required: true });
      const document = r.string('PolicyDocument', { required: true });
      validatePolicyDocument(document);
      db.prepare('INSERT INTO iam_user_policies (user_key, policy_name, document) VALUES (?, ?, ?) ON CONFLICT (user_key, policy_name) DO UPDATE SET document = excluded.document').run(user.name_key, policyName, document);
      return undefined;
    }),
    GetUserPolicy: (input) => {
      const r = new InputReader(input, invalid);
      const user = requireUser(userName(r));
      const policyName = r.string('PolicyName', { required: true });
      const row = db.prepare<[string, string], { document: string }>('SELECT document FROM iam_user_policies WHERE user_key = ? AND policy_name = ?').get(user.name_key, policyName);
      if (!row) throw new AwsError('NoSuchEntity', `The user policy with name ${policyName} cannot be found.`, { status: 404 });
      return { UserName: user.name, PolicyName: policyName, PolicyDocument: encodePolicyDocument(row.document) };
    },
    DeleteUserPolicy: changes((input) => {
      const r = new InputReader(input, invalid);
      const user = requireUser(userName(r));
      const policyName = r.string('PolicyName', { required: true });
      const { changes: n } = db.prepare('DELETE FROM iam_user_policies WHERE user_key = ? AND policy_name = ?').run(user.name_key, policyName);
      if (n === 0) throw new AwsError('NoSuchEntity', `The user policy with name ${policyName} cannot be found.`, { status: 404 });
      return undefined;
    }),
    AttachUserPolicy: changes((input) => {
      const r = new InputReader(input, invalid);
      const user = requireUser(userName(r));
      const arn = r.string('PolicyArn', { required: true });
      if (!awsManagedPolicy(arn)) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, { status: 404 });
      db.prepare('INSERT OR IGNORE INTO iam_user_attached_policies (user_key, policy_arn) VALUES (?, ?)').run(user.name_key, arn);
      return undefined;
    }),
    DetachUserPolicy: changes((input) => {
      const r = new InputReader(input, invalid);
      const user = requireUser(userName(r));
      const arn = r.string('PolicyArn', { required: true });
      const { changes: n } = db.prepare('DELETE FROM iam_user_attached_policies WHERE user_key = ? AND policy_arn = ?').run(user.name_key, arn);
      if (n === 0) throw new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, { status: 404 });
      return undefined;
    }),
  };

  return {
    operations,
    /** The user access key with this id, or undefined. */
    findAccessKey(accessKeyId: string): IamAccessKey | undefined {
      const k = selectKey.get(accessKeyId);
      const user = k ? db.prepare<[string], UserRow>('SELECT * FROM iam_users WHERE name_key = ?').get(k.user_key) : undefined;
      if (!k || !user) return undefined;
      return { accessKeyId: k.access_key_id, secretAccessKey: k.secret, userName: user.name, userArn: user.arn, userId: user.user_id, active: k.status === 'Active' };
    },
    /** A user's policies, or undefined when there is no such user. */
    getUserPolicies(name: string): IamUserPolicies | undefined {
      const user = selectUser.get(key(name));
      if (!user) return undefined;
      return {
        userId: user.user_id,
        inline: selectInline.all(user.name_key).map((p) => ({ policyName: p.policy_name, policyDocument: p.document })),
        attached: selectAttached.all(user.name_key).map((p) => ({ policyArn: p.policy_arn })),
      };
    },
  };
}
