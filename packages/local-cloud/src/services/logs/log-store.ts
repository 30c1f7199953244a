import type { Store } from '../../store/store';

/** A log group as stored. Times are epoch milliseconds. */
export interface LogGroupRecord {
  readonly id: number;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly creationTime: number;
  readonly retentionInDays?: number;
  /** The full KMS key ARN new events are encrypted under; undefined for an unencrypted group. */
  readonly kmsKeyArn?: string;
  readonly logGroupClass: string;
  readonly storedBytes: number;
}

export interface LogStreamRecord {
  readonly id: number;
  readonly groupId: number;
  readonly name: string;
  readonly creationTime: number;
  readonly firstEventTimestamp?: number;
  readonly lastEventTimestamp?: number;
  readonly lastIngestionTime?: number;
  readonly eventCount: number;
}

/** One stored event: its message is in the row (plain) or in an encrypted chunk at `chunkIndex`. */
export interface StoredEventRow {
  readonly id: number;
  readonly stream_id: number;
  readonly timestamp: number;
  readonly ingestion_time: number;
  readonly message: string | null;
  readonly chunk_id: number | null;
  readonly chunk_index: number | null;
}

export interface DataKeyRecord {
  readonly id: number;
  readonly groupId: number;
  readonly kmsKeyArn: string;
  /** The data key as KMS sealed it: only KMS Decrypt (as the logs principal) opens it. */
  readonly encryptedKey: Buffer;
}

/** Where a page of events starts: strictly after (or before) this (timestamp, id) position. */
export interface EventPosition {
  readonly timestamp: number;
  readonly id: number;
}

const EVENT_COLUMNS = 'id, stream_id, timestamp, ingestion_time, message, chunk_id, chunk_index';

const SCHEMA = `
CREATE TABLE logs_groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  creation_time INTEGER NOT NULL,
  retention_days INTEGER,
  kms_key_arn TEXT,
  log_group_class TEXT NOT NULL,
  stored_bytes INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, region, name)
);
CREATE TABLE logs_group_tags (
  group_id INTEGER NOT NULL,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (group_id, tag_key)
);
CREATE TABLE logs_streams (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  creation_time INTEGER NOT NULL,
  first_event_timestamp INTEGER,
  last_event_timestamp INTEGER,
  last_ingestion_time INTEGER,
  event_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (group_id, name)
);
CREATE TABLE logs_data_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id INTEGER NOT NULL,
  kms_key_arn TEXT NOT NULL,
  encrypted_key BLOB NOT NULL,
  creation_time INTEGER NOT NULL
);
CREATE INDEX logs_data_keys_by_group ON logs_data_keys (group_id);
CREATE TABLE logs_chunks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id INTEGER NOT NULL,
  data_key_id INTEGER NOT NULL,
  sealed BLOB NOT NULL
);
CREATE INDEX logs_chunks_by_group ON logs_chunks (group_id);
CREATE TABLE logs_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id INTEGER NOT NULL,
  stream_id INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  ingestion_time INTEGER NOT NULL,
  message TEXT,
  chunk_id INTEGER,
  chunk_index INTEGER
);
CREATE INDEX logs_events_by_stream ON logs_events (stream_id, timestamp, id);
CREATE INDEX logs_events_by_group ON logs_events (group_id, timestamp, id);
`;

interface GroupRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  creation_time: number;
  retention_days: number | null;
  kms_key_arn: string | null;
  log_group_class: string;
  stored_bytes: number;
}

interface StreamRow {
  id: number;
  group_id: number;
  name: string;
  creation_time: number;
  first_event_timestamp: number | null;
  last_event_timestamp: number | null;
  last_ingestion_time: number | null;
  event_count: number;
}

/** The CloudWatch Logs tables: groups, tags, streams, events, encrypted chunks and their data keys. */
export class LogStore {
  constructor(private readonly store: Store) {
    store.migrate('logs/001-groups-streams-events', SCHEMA);
  }


  public transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  // ---- groups

  public getGroup(accountId: string, region: string, name: string): LogGroupRecord | undefined {
    const row = this.store.prepared('SELECT * FROM logs_groups WHERE account_id = ? AND region = ? AND name = ?')
      .get(accountId, region, name) as GroupRow | undefined;
    return row && toGroup(row);
  }

  public listGroups(accountId: string, region: string, afterName?: string): LogGroupRecord[] {
    const rows = this.store.prepared('SELECT * FROM logs_groups WHERE account_id = ? AND region = ? AND name > ? ORDER BY name')
      .all(accountId, region, afterName ?? '') as GroupRow[];
    return rows.map(toGroup);
  }

  public insertGroup(group: Omit<LogGroupRecord, 'id' | 'storedBytes'>, tags: Record<string, string>): LogGroupRecord {
    return this.transaction(() => {
      const info = this.store.prepared(
          `INSERT INTO logs_groups (account_id, region, name, creation_time, retention_days, kms_key_arn, log_group_class)
           VALUES (?, ?, ?, ?, NULL, ?, ?)`,
        )
        .run(group.accountId, group.region, group.name, group.creationTime, group.kmsKeyArn ?? null, group.logGroupClass);
      const id = Number(info.lastInsertRowid);
      this.putTags(id, tags);
      return { ...group, id, storedBytes: 0 };
    });
  }

  public updateGroup(id: number, change: { retentionInDays?: number | null; kmsKeyArn?: string | null }): void {
    if (change.retentionInDays !== undefined) {
      this.store.prepared('UPDATE logs_groups SET retention_days = ? WHERE id = ?').run(change.retentionInDays, id);
    }
    if (change.kmsKeyArn !== undefined) {
      this.store.prepared('UPDATE logs_groups SET kms_key_arn = ? WHERE id = ?').run(change.kmsKeyArn, id);
    }
  }

  /** Deletes the group and everything in it: streams, events, chunks, data keys, tags. */
  public deleteGroup(id: number): void {
    this.transaction(() => {
      for (const table of ['logs_events', 'logs_chunks', 'logs_data_keys', 'logs_streams', 'logs_group_tags']) {
        this.store.prepared(`DELETE FROM ${table} WHERE group_id = ?`).run(id);
      }
      this.store.prepared('DELETE FROM logs_groups WHERE id = ?').run(id);
    });
  }

  // ---- tags

  public putTags(groupId: number, tags: Record<string, string>): void {
    const put = this.store.prepared(
      `INSERT INTO logs_group_tags (group_id, tag_key, tag_value) VALUES (?, ?, ?)
       ON CONFLICT (group_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
    );
    for (const [k, v] of Object.entries(tags)) put.run(groupId, k, v);
  }

  public removeTags(groupId: number, keys: readonly string[]): void {
    const remove = this.store.prepared('DELETE FROM logs_group_tags WHERE group_id = ? AND tag_key = ?');
    for (const k of keys) remove.run(groupId, k);
  }

  public listTags(groupId: number): Record<string, string> {
    const rows = this.store.prepared('SELECT tag_key, tag_value FROM logs_group_tags WHERE group_id = ? ORDER BY tag_key')
      .all(groupId) as Array<{ tag_key: string; tag_value: string }>;
    return Object.fromEntries(rows.map((r) => [r.tag_key, r.tag_value]));
  }

  // ---- streams

  public getStream(groupId: number, name: string): LogStreamRecord | undefined {
    const row = this.store.prepared('SELECT * FROM logs_streams WHERE group_id = ? AND name = ?')
      .get(groupId, name) as StreamRow | undefined;
    return row && toStream(row);
  }

  public listStreams(groupId: number): LogStreamRecord[] {
    const rows = this.store.prepared('SELECT * FROM logs_streams WHERE group_id = ? ORDER BY name')
      .all(groupId) as StreamRow[];
    return rows.map(toStream);
  }

  public insertStream(groupId: number, name: string, creationTime: number): LogStreamRecord {
    const info = this.store.prepared('INSERT INTO logs_streams (group_id, name, creation_time) VALUES (?, ?, ?)')
      .run(groupId, name, creationTime);
    return { id: Number(info.lastInsertRowid), groupId, name, creationTime, eventCount: 0 };
  }

  public deleteStream(streamId: number): void {
    this.transaction(() => {
      this.store.prepared('DELETE FROM logs_events WHERE stream_id = ?').run(streamId);
      this.store.prepared('DELETE FROM logs_streams WHERE id = ?').run(streamId);
    });
  }

  // ---- events

  /**
   * Stores one accepted batch in one transaction. `chunk` is given for an encrypted group: the events then keep
   * only their position in it; otherwise each event keeps its message.
   */
  public insertEvents(
    group: LogGroupRecord,
    stream: LogStreamRecord,
    events: ReadonlyArray<{ timestamp: number; message: string }>,
    ingestionTime: number,
    chunk: { dataKeyId: number; sealed: Buffer } | undefined,
    bytes: number,
  ): void {
    if (events.length === 0) return;
    this.transaction(() => {
      let chunkId: number | null = null;
      if (chunk) {
        chunkId = Number(this.store.prepared('INSERT INTO logs_chunks (group_id, data_key_id, sealed) VALUES (?, ?, ?)')
          .run(group.id, chunk.dataKeyId, chunk.sealed).lastInsertRowid);
      }
      const insert = this.store.prepared(
        `INSERT INTO logs_events (group_id, stream_id, timestamp, ingestion_time, message, chunk_id, chunk_index)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      events.forEach((e, i) =>
        insert.run(group.id, stream.id, e.timestamp, ingestionTime, chunk ? null : e.message, chunkId, chunk ? i : null));
      const first = events[0].timestamp;
      const last = events[events.length - 1].timestamp;
      this.store.prepared(
          `UPDATE logs_streams SET
             first_event_timestamp = MIN(COALESCE(first_event_timestamp, ?), ?),
             last_event_timestamp = MAX(COALESCE(last_event_timestamp, ?), ?),
             last_ingestion_time = ?,
             event_count = event_count + ?
           WHERE id = ?`,
        )
        .run(first, first, last, last, ingestionTime, events.length, stream.id);
      this.store.prepared('UPDATE logs_groups SET stored_bytes = stored_bytes + ? WHERE id = ?').run(bytes, group.id);
    });
  }

  /**
   * Events of a stream in [startTime, endTime), ascending after `after` or descending before `before`.
   */
  public streamEvents(
    streamId: number,
    range: { startTime: number; endTime: number },
    cursor: { after?: EventPosition; before?: EventPosition },
    limit: number,
  ): StoredEventRow[] {
    if (cursor.before) {
      return this.events(
        `SELECT ${EVENT_COLUMNS} FROM logs_events WHERE stream_id = ? AND timestamp >= ? AND timestamp < ?
           AND (timestamp, id) < (?, ?) ORDER BY timestamp DESC, id DESC LIMIT ?`,
        [streamId, range.startTime, range.endTime, cursor.before.timestamp, cursor.before.id, limit],
      );
    }
    const after = cursor.after ?? { timestamp: Number.MIN_SAFE_INTEGER, id: 0 };
    return this.events(
      `SELECT ${EVENT_COLUMNS} FROM logs_events WHERE stream_id = ? AND timestamp >= ? AND timestamp < ?
         AND (timestamp, id) > (?, ?) ORDER BY timestamp, id LIMIT ?`,
      [streamId, range.startTime, range.endTime, after.timestamp, after.id, limit],
    );
  }

  /** Up to `limit` events of a group in [startTime, endTime], ascending, after `after`. */
  public groupEventsPage(
    groupId: number,
    range: { startTime: number; endTime: number },
    after: EventPosition | undefined,
    limit: number,
  ): StoredEventRow[] {
    const from = after ?? { timestamp: Number.MIN_SAFE_INTEGER, id: 0 };
    return this.events(
      `SELECT ${EVENT_COLUMNS} FROM logs_events WHERE group_id = ? AND timestamp >= ? AND timestamp <= ?
         AND (timestamp, id) > (?, ?) ORDER BY timestamp, id LIMIT ?`,
      [groupId, range.startTime, range.endTime, from.timestamp, from.id, limit],
    );
  }

  /** Runs an event query in raw (array) mode: scans of 100,000 events spend half their time building row objects. */
  private events(sql: string, params: unknown[]): StoredEventRow[] {
    const rows = this.store.prepared(sql, true).all(...params) as Array<[number, number, number, number, string | null, number | null, number | null]>;
    return rows.map(([id, stream_id, timestamp, ingestion_time, message, chunk_id, chunk_index]) =>
      ({ id, stream_id, timestamp, ingestion_time, message, chunk_id, chunk_index }));
  }

  public getChunk(chunkId: number): { dataKeyId: number; sealed: Buffer } | undefined {
    const row = this.store.prepared('SELECT data_key_id, sealed FROM logs_chunks WHERE id = ?').get(chunkId) as
      | { data_key_id: number; sealed: Buffer }
      | undefined;
    return row && { dataKeyId: row.data_key_id, sealed: row.sealed };
  }

  // ---- data keys

  public insertDataKey(groupId: number, kmsKeyArn: string, encryptedKey: Buffer): number {
    return Number(this.store.prepared('INSERT INTO logs_data_keys (group_id, kms_key_arn, encrypted_key, creation_time) VALUES (?, ?, ?, ?)')
      .run(groupId, kmsKeyArn, encryptedKey, Date.now()).lastInsertRowid);
  }

  public getDataKey(id: number): DataKeyRecord | undefined {
    const row = this.store.prepared('SELECT * FROM logs_data_keys WHERE id = ?').get(id) as
      | { id: number; group_id: number; kms_key_arn: string; encrypted_key: Buffer }
      | undefined;
    return row && { id: row.id, groupId: row.group_id, kmsKeyArn: row.kms_key_arn, encryptedKey: row.encrypted_key };
  }
}

function toGroup(row: GroupRow): LogGroupRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    creationTime: row.creation_time,
    retentionInDays: row.retention_days ?? undefined,
    kmsKeyArn: row.kms_key_arn ?? undefined,
    logGroupClass: row.log_group_class,
    storedBytes: row.stored_bytes,
  };
}

function toStream(row: StreamRow): LogStreamRecord {
  return {
    id: row.id,
    groupId: row.group_id,
    name: row.name,
    creationTime: row.creation_time,
    firstEventTimestamp: row.first_event_timestamp ?? undefined,
    lastEventTimestamp: row.last_event_timestamp ?? undefined,
    lastIngestionTime: row.last_ingestion_time ?? undefined,
    eventCount: row.event_count,
  };
}
