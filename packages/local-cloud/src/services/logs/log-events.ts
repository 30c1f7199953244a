import type {
  FilteredLogEvent,
  FilterLogEventsRequest,
  FilterLogEventsResponse,
  GetLogEventsRequest,
  GetLogEventsResponse,
  OutputLogEvent,
  PutLogEventsResponse,
  RejectedLogEventsInfo,
} from '@aws-sdk/client-cloudwatch-logs';
import { constraint, invalid } from './errors';
import { FilterPatternError, parseFilterPattern } from './filter-pattern';
import type { LogEncryption, ReadSession } from './log-encryption';
import type { LogGroupRecord, LogStore, LogStreamRecord, StoredEventRow } from './log-store';
import {
  decodeFilterToken,
  decodeStreamToken,
  encodeFilterToken,
  encodeStreamToken,
  eventId,
  position,
  sequenceToken,
} from './tokens';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
const MAX_RESPONSE_BYTES = 1_048_576;
const SCAN_PAGE = 10_000;

/** One event as a writer gives it (InputLogEvent with both members present). */
export interface DeliveredLogEvent {
  readonly timestamp: number;
  readonly message: string;
}

/**
 * The events of log groups: the one PutLogEvents path (the wire operation and in-process writers), reading a
 * stream (GetLogEvents) and searching a group (FilterLogEvents), through the group's encryption.
 */
export class LogEvents {
  constructor(private readonly store: LogStore, private readonly encryption: LogEncryption) {}

  /** Checks a batch as AWS does, stores what is in time (sealed for an encrypted group), reports the rest. */
  public put(group: LogGroupRecord, stream: LogStreamRecord, events: readonly DeliveredLogEvent[]): PutLogEventsResponse {
    checkBatch(events);

    // too old / expired events form a prefix, too new ones a suffix (the batch is chronological)
    const now = Date.now();
    const rejected: RejectedLogEventsInfo = {};
    events.forEach((e, i) => {
      if (e.timestamp < now - 14 * DAY_MS) rejected.tooOldLogEventEndIndex = i;
      if (group.retentionInDays !== undefined && e.timestamp < now - group.retentionInDays * DAY_MS) {
        rejected.expiredLogEventEndIndex = i;
      }
      if (e.timestamp > now + 2 * HOUR_MS && rejected.tooNewLogEventStartIndex === undefined) {
        rejected.tooNewLogEventStartIndex = i;
      }
    });
    const first = Math.max(rejected.tooOldLogEventEndIndex ?? -1, rejected.expiredLogEventEndIndex ?? -1) + 1;
    const end = rejected.tooNewLogEventStartIndex ?? events.length;
    const accepted = events.slice(first, Math.max(first, end));

    const messageBytes = accepted.reduce((sum, e) => sum + Buffer.byteLength(e.message, 'utf8'), 0);
    let chunk: { dataKeyId: number; sealed: Buffer } | undefined;
    if (group.kmsKeyArn !== undefined) {
      const encrypted = { ...group, kmsKeyArn: group.kmsKeyArn };
      if (accepted.length > 0) chunk = this.encryption.sealBatch(encrypted, accepted.map((e) => e.message));
      else this.encryption.checkWrite(encrypted);
    }
    this.store.insertEvents(group, stream, accepted, now, chunk, messageBytes);
    const output: PutLogEventsResponse = { nextSequenceToken: sequenceToken(stream.eventCount + accepted.length) };
    if (Object.keys(rejected).length > 0) output.rejectedLogEventsInfo = rejected;
    return output;
  }

  /** GetLogEvents on a stream already found. */
  public get(group: LogGroupRecord, stream: LogStreamRecord, input: GetLogEventsRequest): GetLogEventsResponse {
    const limit = input.limit ?? 10_000;
    const range = timeRange(input);
    const token = input.nextToken ?? undefined;
    const cursor = token === undefined ? undefined : decodeStreamToken(token);
    let rows: StoredEventRow[];
    if (cursor?.direction === 'b' || (cursor === undefined && input.startFromHead !== true)) {
      // the newest `limit` events before the cursor (or the end), returned oldest first
      const before = cursor?.position ?? { timestamp: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };
      rows = this.store.streamEvents(stream.id, range, { before }, limit).reverse();
    } else {
      rows = this.store.streamEvents(stream.id, range, { after: cursor?.position }, limit);
    }
    // with nothing returned, both tokens stay where the reader is (or at the start), as AWS's do at the end
    const start = cursor?.position ?? { timestamp: Number.MIN_SAFE_INTEGER, id: 0 };
    const session = this.encryption.beginRead();
    const events: OutputLogEvent[] = [];
    let bytes = 0;
    for (const row of rows) {
      const message = this.messageOf(session, group, row);
      bytes += Buffer.byteLength(message, 'utf8') + EVENT_OVERHEAD_BYTES;
      if (events.length > 0 && bytes > MAX_RESPONSE_BYTES) break;
      events.push({ timestamp: row.timestamp, message, ingestionTime: row.ingestion_time });
    }
    const returned = rows.slice(0, events.length);
    const firstRow = returned[0];
    const lastRow = returned[returned.length - 1];
    return {
      events,
      nextForwardToken: encodeStreamToken('f', lastRow ? position(lastRow) : start),
      nextBackwardToken: encodeStreamToken('b', firstRow ? position(firstRow) : start),
    };
  }

  /** FilterLogEvents on a group already found. */
  public filter(group: LogGroupRecord, input: FilterLogEventsRequest): FilterLogEventsResponse {
    const names = input.logStreamNames ?? undefined;
    const prefix = input.logStreamNamePrefix ?? undefined;
    if (names !== undefined && prefix !== undefined) {
      throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    }
    const limit = input.limit ?? 10_000;
    const filterPattern = input.filterPattern ?? undefined;
    let pattern;
    try {
      pattern = parseFilterPattern(filterPattern);
    } catch (e) {
      if (e instanceof FilterPatternError) throw invalid(e.awsMessage ?? 'Invalid filter pattern');
      throw e;
    }
    const streams = this.store.listStreams(group.id).filter((s) =>
      names !== undefined ? names.includes(s.name) : prefix === undefined || s.name.startsWith(prefix));
    const streamNames = new Map(streams.map((s) => [s.id, s.name]));
    const restricted = names !== undefined || prefix !== undefined;
    const range = timeRange(input);
    const nextTokenInput = input.nextToken ?? undefined;
    let after = nextTokenInput === undefined ? undefined : decodeFilterToken(nextTokenInput);
    const session = this.encryption.beginRead();
    const events: FilteredLogEvent[] = [];
    let bytes = 0;
    let nextToken: string | undefined;
    scan: for (;;) {
      const rows = this.store.groupEventsPage(group.id, range, after, SCAN_PAGE);
      for (const row of rows) {
        after = { timestamp: row.timestamp, id: row.id };
        const streamName = streamNames.get(row.stream_id);
        if (restricted && streamName === undefined) continue;
        const message = this.messageOf(session, group, row);
        if (!pattern.matches(message)) continue;
        events.push({
          logStreamName: streamName ?? '',
          timestamp: row.timestamp,
          message,
          ingestionTime: row.ingestion_time,
          eventId: eventId(row.id),
        });
        bytes += Buffer.byteLength(message, 'utf8') + EVENT_OVERHEAD_BYTES;
        if (events.length >= limit || bytes >= MAX_RESPONSE_BYTES) {
          nextToken = encodeFilterToken(after);
          break scan;
        }
      }
      if (rows.length < SCAN_PAGE) break;
    }
    return {
      events,
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: nextToken === undefined })),
      ...(nextToken !== undefined ? { nextToken } : {}),
    };
  }

  private messageOf(session: ReadSession, group: LogGroupRecord, row: StoredEventRow): string {
    if (row.message !== null) return row.message;
    return this.encryption.openChunk(session, group, row.chunk_id!)[row.chunk_index!];
  }
}

/** A read's time window (both ends optional; the model keeps them at or above 0). */
function timeRange(input: { startTime?: number; endTime?: number }): { startTime: number; endTime: number } {
  return { startTime: input.startTime ?? Number.MIN_SAFE_INTEGER, endTime: input.endTime ?? Number.MAX_SAFE_INTEGER };
}

/**
 * The batch rules PutLogEvents applies beyond its model (order, size, 24-hour span). The pipeline checked the model's
 * own for a wire request; in-process writers (Lambda's logs, API Gateway's access logs) bypass it, so the count and
 * non-empty messages are held here too, in the model's words.
 */
function checkBatch(events: readonly DeliveredLogEvent[]): void {
  if (events.length < 1) throw constraint('logEvents', '[]', 'Member must have length greater than or equal to 1');
  if (events.length > MAX_BATCH_EVENTS) {
    throw invalid(`1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BATCH_EVENTS}`);
  }
  let bytes = 0;
  let previous = -Infinity;
  for (const [i, e] of events.entries()) {
    if (e.message.length < 1) throw constraint(`logEvents.${i + 1}.member.message`, '', 'Member must have length greater than or equal to 1');
    if (e.timestamp < previous) throw invalid('Log events in a single PutLogEvents request must be in chronological order.');
    previous = e.timestamp;
    bytes += Buffer.byteLength(e.message, 'utf8') + EVENT_OVERHEAD_BYTES;
  }
  if (bytes > MAX_BATCH_BYTES) throw invalid(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
  if (events[events.length - 1].timestamp - events[0].timestamp > DAY_MS) {
    throw invalid('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
  }
}
