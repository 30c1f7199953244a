import type { Store } from '../../store/store';

/** One version of a parameter as stored. */
export interface ParameterRow {
  name: string;
  version: number;
  type: 'String' | 'StringList' | 'SecureString';
  value: string;
  description: string | null;
  data_type: string;
  key_id: string | null;
  allowed_pattern: string | null;
  tier: string;
  modified_at: number;
}

const SCHEMA = `
    CREATE TABLE ssm_parameters (
      region TEXT NOT NULL,
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      type TEXT NOT NULL,
      value TEXT NOT NULL,
      description TEXT,
      data_type TEXT NOT NULL,
      key_id TEXT,
      allowed_pattern TEXT,
      tier TEXT NOT NULL,
      modified_at INTEGER NOT NULL,
      PRIMARY KEY (region, name, version)
    );
  `;

/** Parameter versions in SQLite, per region (local-cloud has one account). */
export class ParameterStore {
  private readonly selectLatest;
  private readonly selectVersion;
  private readonly insertRow;
  private readonly deleteAll;

  constructor(private readonly store: Store) {
    store.migrate('ssm/001-parameters', SCHEMA);
    const db = store.db;
    this.selectLatest = db.prepare<[string, string], ParameterRow>('SELECT * FROM ssm_parameters WHERE region = ? AND name = ? ORDER BY version DESC LIMIT 1');
    this.selectVersion = db.prepare<[string, string, number], ParameterRow>('SELECT * FROM ssm_parameters WHERE region = ? AND name = ? AND version = ?');
    this.insertRow = db.prepare(`INSERT INTO ssm_parameters (region, name, version, type, value, description, data_type, key_id, allowed_pattern, tier, modified_at)
    VALUES (@region, @name, @version, @type, @value, @description, @data_type, @key_id, @allowed_pattern, @tier, @modified_at)`);
    this.deleteAll = db.prepare('DELETE FROM ssm_parameters WHERE region = ? AND name = ?');
  }

  public transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  public latest(region: string, name: string): ParameterRow | undefined {
    return this.selectLatest.get(region, name);
  }

  public version(region: string, name: string, version: number): ParameterRow | undefined {
    return this.selectVersion.get(region, name, version);
  }

  public insert(region: string, row: ParameterRow): void {
    this.insertRow.run({ region, ...row });
  }

  /** Deletes every version; whether there was one. */
  public delete(region: string, name: string): boolean {
    return this.deleteAll.run(region, name).changes > 0;
  }
}
