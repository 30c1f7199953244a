import { randomUUID } from 'node:crypto';
import type { Store } from '../../../store/store';
import type { ChangeSetRecord, EventRecord, ResourceRecord, StackRecord } from './model';

const SCHEMA = `
CREATE TABLE cfn_stacks (
  stack_id TEXT PRIMARY KEY,
  stack_name TEXT NOT NULL,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  status TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  in_flight INTEGER NOT NULL DEFAULT 0,
  creation_time INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX cfn_stacks_by_name ON cfn_stacks (account_id, region, stack_name, deleted);
CREATE TABLE cfn_resources (
  stack_id TEXT NOT NULL,
  logical_id TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (stack_id, logical_id)
);
CREATE TABLE cfn_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  stack_id TEXT NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  timestamp INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX cfn_events_by_stack ON cfn_events (stack_id, seq);
CREATE TABLE cfn_change_sets (
  change_set_id TEXT PRIMARY KEY,
  stack_id TEXT NOT NULL,
  change_set_name TEXT NOT NULL,
  creation_time INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX cfn_change_sets_by_stack ON cfn_change_sets (stack_id, change_set_name);
`;

/**
 * CloudFormation's state in SQLite: stacks (with their verbatim templates and the operation in flight),
 * resources, events and change sets. Every write is immediate, so a restart sees each completed step.
 */
export class StackStore {
  private readonly lastEventTime = new Map<string, number>();

  constructor(private readonly store: Store, private readonly now: () => number = Date.now) {
    store.migrate('cloudformation/001-stacks', SCHEMA);
  }

  // ---- stacks

  public putStack(stack: StackRecord): void {
    this.store.db.prepare(
      `INSERT INTO cfn_stacks (stack_id, stack_name, account_id, region, status, deleted, in_flight, creation_time, data)
       VALUES (@id, @name, @account, @region, @status, @deleted, @inFlight, @created, @data)
       ON CONFLICT (stack_id) DO UPDATE SET status = @status, deleted = @deleted, in_flight = @inFlight, data = @data`,
    ).run({
      id: stack.stackId,
      name: stack.stackName,
      account: stack.accountId,
      region: stack.region,
      status: stack.status,
      deleted: stack.status === 'DELETE_COMPLETE' ? 1 : 0,
      inFlight: stack.operation ? 1 : 0,
      created: stack.creationTime,
      data: JSON.stringify(stack),
    });
  }

  public getStack(stackId: string): StackRecord | undefined {
    const row = this.store.db.prepare('SELECT data FROM cfn_stacks WHERE stack_id = ?').get(stackId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as StackRecord) : undefined;
  }

  /** The live (not deleted) stack of that name. */
  public findLiveStack(accountId: string, region: string, name: string): StackRecord | undefined {
    const row = this.store.db.prepare(
      'SELECT data FROM cfn_stacks WHERE account_id = ? AND region = ? AND stack_name = ? AND deleted = 0 ORDER BY creation_time DESC LIMIT 1',
    ).get(accountId, region, name) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as StackRecord) : undefined;
  }

  /** Stacks of an account and region, newest first; deleted ones only when asked. */
  public listStacks(accountId: string, region: string, includeDeleted: boolean): StackRecord[] {
    const rows = this.store.db.prepare(
      `SELECT data FROM cfn_stacks WHERE account_id = ? AND region = ? ${includeDeleted ? '' : 'AND deleted = 0'} ORDER BY creation_time DESC`,
    ).all(accountId, region) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as StackRecord);
  }

  /** Stacks with an operation in flight (after a restart: interrupted ones). */
  public stacksInFlight(): StackRecord[] {
    const rows = this.store.db.prepare('SELECT data FROM cfn_stacks WHERE in_flight = 1').all() as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as StackRecord);
  }

  // ---- resources

  public putResource(resource: ResourceRecord): void {
    this.store.db.prepare(
      `INSERT INTO cfn_resources (stack_id, logical_id, data) VALUES (?, ?, ?)
       ON CONFLICT (stack_id, logical_id) DO UPDATE SET data = excluded.data`,
    ).run(resource.stackId, resource.logicalId, JSON.stringify(resource));
  }

  public getResource(stackId: string, logicalId: string): ResourceRecord | undefined {
    const row = this.store.db.prepare('SELECT data FROM cfn_resources WHERE stack_id = ? AND logical_id = ?')
      .get(stackId, logicalId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as ResourceRecord) : undefined;
  }

  public listResources(stackId: string): ResourceRecord[] {
    const rows = this.store.db.prepare('SELECT data FROM cfn_resources WHERE stack_id = ? ORDER BY rowid')
      .all(stackId) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as ResourceRecord);
  }

  public deleteResource(stackId: string, logicalId: string): void {
    this.store.db.prepare('DELETE FROM cfn_resources WHERE stack_id = ? AND logical_id = ?').run(stackId, logicalId);
  }

  // ---- events

  /** Records an event; its timestamp is strictly later than the stack's previous event (stable ordering). */
  public addEvent(event: Omit<EventRecord, 'eventId' | 'timestamp'>): EventRecord {
    const last = this.lastEventTime.get(event.stackId) ?? this.lastStoredEventTime(event.stackId);
    const timestamp = Math.max(this.now(), last + 1);
    this.lastEventTime.set(event.stackId, timestamp);
    const record: EventRecord = { ...event, eventId: randomUUID(), timestamp };
    this.store.db.prepare('INSERT INTO cfn_events (stack_id, event_id, timestamp, data) VALUES (?, ?, ?, ?)')
      .run(record.stackId, record.eventId, record.timestamp, JSON.stringify(record));
    return record;
  }

  private lastStoredEventTime(stackId: string): number {
    const row = this.store.db.prepare('SELECT MAX(timestamp) AS t FROM cfn_events WHERE stack_id = ?').get(stackId) as { t: number | null };
    return row.t ?? 0;
  }

  /** A stack's events, newest first. */
  public listEvents(stackId: string, offset = 0, limit = 100): EventRecord[] {
    const rows = this.store.db.prepare('SELECT data FROM cfn_events WHERE stack_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?')
      .all(stackId, limit, offset) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as EventRecord);
  }

  // ---- change sets

  public putChangeSet(cs: ChangeSetRecord): void {
    this.store.db.prepare(
      `INSERT INTO cfn_change_sets (change_set_id, stack_id, change_set_name, creation_time, data) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (change_set_id) DO UPDATE SET data = excluded.data`,
    ).run(cs.changeSetId, cs.stackId, cs.changeSetName, cs.creationTime, JSON.stringify(cs));
  }

  public getChangeSet(changeSetId: string): ChangeSetRecord | undefined {
    const row = this.store.db.prepare('SELECT data FROM cfn_change_sets WHERE change_set_id = ?').get(changeSetId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as ChangeSetRecord) : undefined;
  }

  public findChangeSet(stackId: string, name: string): ChangeSetRecord | undefined {
    const row = this.store.db.prepare('SELECT data FROM cfn_change_sets WHERE stack_id = ? AND change_set_name = ?')
      .get(stackId, name) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as ChangeSetRecord) : undefined;
  }

  public listChangeSets(stackId: string): ChangeSetRecord[] {
    const rows = this.store.db.prepare('SELECT data FROM cfn_change_sets WHERE stack_id = ? ORDER BY creation_time')
      .all(stackId) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as ChangeSetRecord);
  }

  /** Removes a change set for good: it is never found again, by name or ARN. */
  public deleteChangeSet(changeSetId: string): void {
    this.store.db.prepare('DELETE FROM cfn_change_sets WHERE change_set_id = ?').run(changeSetId);
  }

  /** Change sets left executing by a restart. */
  public changeSetsExecuting(): ChangeSetRecord[] {
    const rows = this.store.db.prepare("SELECT data FROM cfn_change_sets WHERE json_extract(data, '$.executionStatus') = 'EXECUTE_IN_PROGRESS'")
      .all() as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as ChangeSetRecord);
  }
}
