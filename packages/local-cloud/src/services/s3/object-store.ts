import { createHash } from 'node:crypto';
import type { Store } from '../../store/store';
import type { ChecksumName } from './checksums';

export interface BucketRow {
  name: string;
  region: string;
  created_at: number;
  encryption: string | null;
}

export interface ObjectRow {
  bucket: string;
  key: string;
  body: Buffer;
  size: number;
  etag: string;
  headers: string;
  metadata: string;
  checksums: string;
  last_modified: number;
}

/** An object as a listing shows it. */
export type ListedObject = Pick<ObjectRow, 'key' | 'size' | 'etag' | 'last_modified'>;

/** A page of a bucket's keys: objects and common prefixes, and the last one shown (the next page starts after it). */
export interface KeyListing {
  contents: ListedObject[];
  prefixes: string[];
  truncated: boolean;
  last?: { k: string; cp: boolean };
}

const SCHEMA = `
    CREATE TABLE s3_buckets (
      name TEXT PRIMARY KEY,
      region TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      encryption TEXT
    );
    CREATE TABLE s3_objects (
      bucket TEXT NOT NULL,
      key TEXT NOT NULL,
      body BLOB NOT NULL,
      size INTEGER NOT NULL,
      etag TEXT NOT NULL,
      headers TEXT NOT NULL,
      metadata TEXT NOT NULL,
      checksums TEXT NOT NULL,
      last_modified INTEGER NOT NULL,
      PRIMARY KEY (bucket, key)
    );
  `;

/** Buckets and objects (bytes included) in SQLite. Buckets are global: one namespace, each remembering its region. */
export class ObjectStore {
  private readonly selectBucket;
  private readonly selectObject;
  private readonly insertBucket;
  private readonly upsertObject;
  private readonly deleteObjectRow;

  constructor(private readonly store: Store) {
    store.migrate('s3/001-buckets-objects', SCHEMA);
    const db = store.db;
    this.selectBucket = db.prepare<[string], BucketRow>('SELECT * FROM s3_buckets WHERE name = ?');
    this.selectObject = db.prepare<[string, string], ObjectRow>('SELECT * FROM s3_objects WHERE bucket = ? AND key = ?');
    this.insertBucket = db.prepare('INSERT OR IGNORE INTO s3_buckets (name, region, created_at, encryption) VALUES (?, ?, ?, NULL)');
    this.upsertObject = db.prepare(`INSERT INTO s3_objects (bucket, key, body, size, etag, headers, metadata, checksums, last_modified)
    VALUES (@bucket, @key, @body, @size, @etag, @headers, @metadata, @checksums, @last_modified)
    ON CONFLICT (bucket, key) DO UPDATE SET body = excluded.body, size = excluded.size, etag = excluded.etag, headers = excluded.headers,
      metadata = excluded.metadata, checksums = excluded.checksums, last_modified = excluded.last_modified`);
    this.deleteObjectRow = db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?');
  }

  public transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  public bucket(name: string): BucketRow | undefined {
    return this.selectBucket.get(name);
  }

  /** Adds a bucket unless one of that name exists. */
  public addBucket(name: string, region: string): void {
    this.insertBucket.run(name, region, Date.now());
  }

  /** Buckets named after `after`, in name order. */
  public bucketsAfter(after: string): BucketRow[] {
    return this.store.db.prepare<[string], BucketRow>('SELECT * FROM s3_buckets WHERE name > ? ORDER BY name').all(after);
  }

  public bucketHasObjects(name: string): boolean {
    return this.store.db.prepare('SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1').get(name) !== undefined;
  }

  public deleteBucket(name: string): void {
    this.store.db.prepare('DELETE FROM s3_buckets WHERE name = ?').run(name);
  }

  /** The bucket's default encryption rules (JSON text), or null to remove them. */
  public setEncryption(name: string, rules: string | null): void {
    this.store.db.prepare('UPDATE s3_buckets SET encryption = ? WHERE name = ?').run(rules, name);
  }

  public object(bucket: string, key: string): ObjectRow | undefined {
    return this.selectObject.get(bucket, key);
  }

  /** Writes (or replaces) an object; the ETag is the MD5 of its bytes. */
  public putObject(
    bucket: string,
    key: string,
    body: Buffer,
    headers: Record<string, string>,
    metadata: Record<string, string>,
    checksums: Partial<Record<ChecksumName, string>>,
  ): ObjectRow {
    const row: ObjectRow = {
      bucket,
      key,
      body,
      size: body.length,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      headers: JSON.stringify(headers),
      metadata: JSON.stringify(metadata),
      checksums: JSON.stringify(checksums),
      last_modified: Date.now(),
    };
    this.upsertObject.run(row);
    return row;
  }

  public deleteObject(bucket: string, key: string): void {
    this.deleteObjectRow.run(bucket, key);
  }

  /** Lists a bucket's keys in UTF-8 byte order (SQLite's), grouping by delimiter. */
  public listKeys(bucket: string, opts: { prefix: string; delimiter?: string; after?: string; skipPrefix?: string; max: number }): KeyListing {
    const rows = this.store.db
      .prepare<[string, string, string], ListedObject>('SELECT key, size, etag, last_modified FROM s3_objects WHERE bucket = ? AND key >= ? AND key > ? ORDER BY key')
      .iterate(bucket, opts.prefix, opts.after ?? '');
    const contents: ListedObject[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let last: { k: string; cp: boolean } | undefined;
    for (const row of rows) {
      // keys sharing a prefix are contiguous in byte order: past them, stop
      if (!row.key.startsWith(opts.prefix)) break;
      if (opts.skipPrefix !== undefined && row.key.startsWith(opts.skipPrefix)) continue;
      let commonPrefix: string | undefined;
      if (opts.delimiter) {
        const at = row.key.indexOf(opts.delimiter, opts.prefix.length);
        if (at >= 0) commonPrefix = row.key.slice(0, at + opts.delimiter.length);
      }
      if (commonPrefix !== undefined && prefixes[prefixes.length - 1] === commonPrefix) continue;
      if (contents.length + prefixes.length >= opts.max) {
        truncated = opts.max > 0;
        break;
      }
      if (commonPrefix !== undefined) {
        prefixes.push(commonPrefix);
        last = { k: commonPrefix, cp: true };
      } else {
        contents.push(row);
        last = { k: row.key, cp: false };
      }
    }
    return { contents, prefixes, truncated, last };
  }
}
