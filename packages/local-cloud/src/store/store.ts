import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFile, STATE_DIR_MODE, STATE_FILE_MODE } from './state-dir';

/**
 * local-cloud's state: one SQLite database (WAL) shared by every service. Each service owns its tables
 * and declares them with `migrate`, so a restart keeps everything and a new table appears on first use.
 */
export class Store {
  /** Opens (or creates) the database at `file`, owner read/write only (it holds key material); `:memory:` for tests. */
  public static open(file: string): Store {
    if (file !== ':memory:') {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: STATE_DIR_MODE });
      // SQLite creates -wal and -shm with the database file's permission bits: create that one private first
      ensurePrivateFile(file);
      for (const companion of [`${file}-wal`, `${file}-shm`]) {
        if (fs.existsSync(companion)) fs.chmodSync(companion, STATE_FILE_MODE);
      }
    }
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // FULL: an acknowledged write survives a kill -9 of the server as well as a power cut
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    return new Store(db);
  }

  private constructor(public readonly db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  }

  /**
   * Applies a service's schema step once, identified by `id` (e.g. `kms/001-keys`). Steps are
   * append-only: to change a table, add a new step.
   */
  public migrate(id: string, sql: string): void {
    const done = this.db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').get(id);
    if (done) return;
    this.db.transaction(() => {
      this.db.exec(sql);
      this.db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(id, Date.now());
    })();
  }

  private readonly statements = new Map<string, Database.Statement>();
  private readonly rawStatements = new Map<string, Database.Statement>();

  /**
   * `sql` prepared once for the life of the database (a service's hot paths run the same statements on every
   * call). `raw`: rows come back as arrays, not objects (scans of many rows spend half their time building
   * objects); a raw statement is kept apart, since raw mode is a property of the statement.
   */
  public prepared(sql: string, raw = false): Database.Statement {
    const cache = raw ? this.rawStatements : this.statements;
    let statement = cache.get(sql);
    if (!statement) {
      statement = raw ? this.db.prepare(sql).raw(true) : this.db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in one transaction: all of it is stored, or none. */
  public transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  public close(): void {
    this.db.close();
  }
}
