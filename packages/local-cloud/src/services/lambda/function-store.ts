import type { Store } from '../../store/store';

/** `LoggingConfig` as stored: the format and group always resolved, levels only with JSON. */
export interface LoggingConfig {
  readonly LogFormat: 'Text' | 'JSON';
  readonly LogGroup: string;
  readonly ApplicationLogLevel?: string;
  readonly SystemLogLevel?: string;
}

/** One function ($LATEST) as stored, without its code bytes. */
export interface FunctionRecord {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  readonly runtime: string;
  readonly role: string;
  readonly handler: string;
  readonly description: string;
  readonly timeout: number;
  readonly memorySize: number;
  /** Environment.Variables; undefined when the function has none. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly logging: LoggingConfig;
  readonly architectures: readonly string[];
  readonly ephemeralStorage: number;
  readonly tracingMode: string;
  readonly kmsKeyArn?: string;
  /** Base64 SHA-256 of the deployment package, as Lambda reports it. */
  readonly codeSha256: string;
  readonly codeSize: number;
  /** Where the package came from, when it was uploaded through S3. */
  readonly codeSource?: { readonly S3Bucket: string; readonly S3Key: string; readonly S3ObjectVersion?: string };
  readonly tags: Readonly<Record<string, string>>;
  /** Changes with every change to the function, its code or its policy. */
  readonly revisionId: string;
  /**
   * Changes only with the code or the configuration: a new one means new execution environments
   * (a permission added to the policy leaves warm environments alone).
   */
  readonly versionTag: string;
  /** `2024-01-01T00:00:00.000+0000` */
  readonly lastModified: string;
  /** The resource-based policy document (JSON text), or undefined when there is none. */
  readonly policy?: string;
  /** PutFunctionConcurrency: at most this many concurrent executions, none queued (0 = throttled). */
  readonly reservedConcurrency?: number;
  /** Epoch ms until which the new function is `Pending` (`function-state.ts`); absent on records older than states. */
  readonly pendingUntil?: number;
  /** Epoch ms until which the last update is `InProgress`. */
  readonly updatingUntil?: number;
}

interface FunctionRow {
  account_id: string;
  region: string;
  name: string;
  record: string;
}

const SCHEMA = `
CREATE TABLE lambda_functions (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  record TEXT NOT NULL,
  code BLOB NOT NULL,
  PRIMARY KEY (account_id, region, name)
);
`;

/**
 * Functions in SQLite: the configuration (and policy) as one JSON document per function, the deployment
 * package beside it as a blob (a copy, as Lambda keeps one: a later change to the S3 object changes
 * nothing). Records are cached in memory, so an Invoke reads no SQLite.
 */
export class FunctionStore {
  private readonly cache = new Map<string, FunctionRecord>();
  private readonly selectOne;
  private readonly selectCode;
  private readonly selectRegion;
  private readonly insert;
  private readonly updateRecord;
  private readonly updateWithCode;
  private readonly remove;

  constructor(store: Store) {
    store.migrate('lambda/001-functions', SCHEMA);
    const db = store.db;
    this.selectOne = db.prepare<[string, string, string], FunctionRow>(
      'SELECT account_id, region, name, record FROM lambda_functions WHERE account_id = ? AND region = ? AND name = ?',
    );
    this.selectCode = db.prepare<[string, string, string], { code: Buffer }>(
      'SELECT code FROM lambda_functions WHERE account_id = ? AND region = ? AND name = ?',
    );
    this.selectRegion = db.prepare<[string, string, string, number], FunctionRow>(
      'SELECT account_id, region, name, record FROM lambda_functions WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT ?',
    );
    this.insert = db.prepare('INSERT INTO lambda_functions (account_id, region, name, record, code) VALUES (?, ?, ?, ?, ?)');
    this.updateRecord = db.prepare('UPDATE lambda_functions SET record = ? WHERE account_id = ? AND region = ? AND name = ?');
    this.updateWithCode = db.prepare('UPDATE lambda_functions SET record = ?, code = ? WHERE account_id = ? AND region = ? AND name = ?');
    this.remove = db.prepare('DELETE FROM lambda_functions WHERE account_id = ? AND region = ? AND name = ?');
  }

  public get(accountId: string, region: string, name: string): FunctionRecord | undefined {
    const key = cacheKey(accountId, region, name);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const row = this.selectOne.get(accountId, region, name);
    if (!row) return undefined;
    const record = JSON.parse(row.record) as FunctionRecord;
    this.cache.set(key, record);
    return record;
  }

  /** The deployment package. */
  public code(record: FunctionRecord): Buffer {
    const row = this.selectCode.get(record.accountId, record.region, record.name);
    if (!row) throw new Error(`no code stored for ${record.arn}`);
    return row.code;
  }

  /** Reserved concurrency of every function of a region but `exceptName`, summed. */
  public reservedConcurrencyOf(accountId: string, region: string, exceptName: string): number {
    let sum = 0;
    for (let after = ''; ; ) {
      const page = this.list(accountId, region, after, 500);
      for (const record of page) if (record.name !== exceptName) sum += record.reservedConcurrency ?? 0;
      if (page.length < 500) return sum;
      after = page[page.length - 1].name;
    }
  }

  /** Functions of a region in name order, after `afterName`. */
  public list(accountId: string, region: string, afterName: string, limit: number): FunctionRecord[] {
    return this.selectRegion.all(accountId, region, afterName, limit).map((row) => JSON.parse(row.record) as FunctionRecord);
  }

  public create(record: FunctionRecord, code: Buffer): void {
    this.insert.run(record.accountId, record.region, record.name, JSON.stringify(record), code);
    this.cache.set(cacheKey(record.accountId, record.region, record.name), record);
  }

  /** Replaces the record (and the code, when given). */
  public put(record: FunctionRecord, code?: Buffer): void {
    if (code) this.updateWithCode.run(JSON.stringify(record), code, record.accountId, record.region, record.name);
    else this.updateRecord.run(JSON.stringify(record), record.accountId, record.region, record.name);
    this.cache.set(cacheKey(record.accountId, record.region, record.name), record);
  }

  public delete(record: FunctionRecord): void {
    this.remove.run(record.accountId, record.region, record.name);
    this.cache.delete(cacheKey(record.accountId, record.region, record.name));
  }
}

function cacheKey(accountId: string, region: string, name: string): string {
  return `${accountId}:${region}:${name}`;
}
