import type { Store } from '../../store/store';

/** Temporary credentials STS issued, as the authenticator needs them. */
export interface StsSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** The role the session acts as (`arn:aws:iam::<acct>:role/<path><name>`). */
  readonly roleArn: string;
  /** `arn:aws:sts::<acct>:assumed-role/<name>/<session>` */
  readonly assumedRoleArn: string;
  /** `<RoleId>:<session>` */
  readonly assumedRoleId: string;
  readonly expiration: Date;
  /**
   * The session policies passed to AssumeRole (`Policy`, then each of `PolicyArns` as its document), as JSON
   * texts; undefined when none were passed. The session may do only what these and the role both allow.
   */
  readonly sessionPolicies?: readonly string[];
}

interface SessionRow {
  access_key_id: string;
  secret_access_key: string;
  session_token: string;
  role_arn: string;
  assumed_role_arn: string;
  assumed_role_id: string;
  expiration: number;
  session_policies: string | null;
}

/** Sessions expired for a day are of no use to anyone. */
const KEEP_EXPIRED_MS = 86_400_000;

/** STS's sessions table (SQL only). */
export class SessionStore {
  private readonly select;
  private readonly insertRow;
  private readonly purge;

  constructor(store: Store) {
    store.migrate('sts/001-sessions', `
      CREATE TABLE sts_sessions (
        access_key_id TEXT PRIMARY KEY,
        secret_access_key TEXT NOT NULL,
        session_token TEXT NOT NULL,
        role_arn TEXT NOT NULL,
        assumed_role_arn TEXT NOT NULL,
        assumed_role_id TEXT NOT NULL,
        expiration INTEGER NOT NULL
      );
    `);
    // session policies (AssumeRole's Policy and PolicyArns) limit what the session may do
    store.migrate('sts/002-session-policies', 'ALTER TABLE sts_sessions ADD COLUMN session_policies TEXT');
    this.select = store.db.prepare<[string], SessionRow>('SELECT * FROM sts_sessions WHERE access_key_id = ?');
    this.insertRow = store.db.prepare(`INSERT INTO sts_sessions (access_key_id, secret_access_key, session_token, role_arn, assumed_role_arn, assumed_role_id, expiration, session_policies)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.purge = store.db.prepare('DELETE FROM sts_sessions WHERE expiration < ?');
  }

  /** The session issued with this access key id, expired or not; undefined when STS never issued it. */
  public find(accessKeyId: string): StsSession | undefined {
    const row = this.select.get(accessKeyId);
    if (!row) return undefined;
    return {
      accessKeyId: row.access_key_id,
      secretAccessKey: row.secret_access_key,
      sessionToken: row.session_token,
      roleArn: row.role_arn,
      assumedRoleArn: row.assumed_role_arn,
      assumedRoleId: row.assumed_role_id,
      expiration: new Date(row.expiration),
      ...(row.session_policies ? { sessionPolicies: JSON.parse(row.session_policies) as string[] } : {}),
    };
  }

  /** Stores a new session, and forgets those expired for a day. */
  public insert(session: StsSession): void {
    this.insertRow.run(session.accessKeyId, session.secretAccessKey, session.sessionToken, session.roleArn, session.assumedRoleArn, session.assumedRoleId,
      session.expiration.getTime(), session.sessionPolicies ? JSON.stringify(session.sessionPolicies) : null);
    this.purge.run(Date.now() - KEEP_EXPIRED_MS);
  }
}
