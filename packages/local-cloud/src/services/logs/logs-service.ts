import { AwsError } from '../../core/aws-error';
import type { AwsService, CallContext, Operation, ServiceDeps } from '../../core/service';
import type { KmsBackend, KmsService } from '../kms';
import { FilterPatternError, parseFilterPattern } from './filter-pattern';
import { LogEncryption } from './log-encryption';
import {
  EventPosition,
  LogGroupRecord,
  logGroupArn,
  LogStore,
  LogStreamRecord,
  StoredEventRow,
} from './log-store';

/** What CloudWatch Logs needs: the store and KMS's backend. */
export interface LogsServiceDeps extends ServiceDeps {
  /** @default the KMS service of `services` */
  readonly kms?: Pick<KmsService, 'backend'>;
}

/** Where an in-process caller writes: the account and region of the log group. */
export interface LogsWhere {
  readonly region: string;
  readonly accountId: string;
}

/** CloudWatch Logs for other local-cloud services (Lambda function logs, API Gateway access logs). */
export interface LogsInternalApi {
  /**
   * PutLogEvents through the same checks and encryption as the wire operation; creates the stream if needed.
   *
   * @throws AwsError ResourceNotFoundException when the group does not exist, AccessDeniedException when its
   *   KMS key refuses, InvalidParameterException for a bad batch
   */
  putLogEvents(
    logGroupName: string,
    logStreamName: string,
    events: ReadonlyArray<{ timestamp: number; message: string }>,
    where: LogsWhere,
  ): PutLogEventsOutput;
  /** CreateLogGroup through the same checks (including the KMS key check). */
  createLogGroup(
    logGroupName: string,
    options: { kmsKeyId?: string; tags?: Record<string, string>; retentionInDays?: number },
    where: LogsWhere,
  ): void;
  /** Whether the group exists. */
  logGroupExists(logGroupName: string, where: LogsWhere): boolean;
  /** FilterLogEvents with the wire operation's input. */
  filterLogEvents(input: Record<string, unknown>, where: LogsWhere): FilterLogEventsOutput;
}

export interface LogsService extends AwsService {
  readonly internal: LogsInternalApi;
}

interface PutLogEventsOutput {
  nextSequenceToken: string;
  rejectedLogEventsInfo?: { tooNewLogEventStartIndex?: number; tooOldLogEventEndIndex?: number; expiredLogEventEndIndex?: number };
}

interface FilterLogEventsOutput {
  events: Array<{ logStreamName: string; timestamp: number; message: string; ingestionTime: number; eventId: string }>;
  searchedLogStreams: Array<{ logStreamName: string; searchedCompletely: boolean }>;
  nextToken?: string;
}

/** Longest log group or log stream name. */
const MAX_NAME_LENGTH = 512;
const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const GROUP_ARN = /^arn:aws[a-z-]*:logs:([^:]+):(\d{12}):log-group:([^:]+)(:\*)?$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:([^:]+):(\d{12}):key\/[^/]+$/;
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const LOG_GROUP_CLASSES = ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'];
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
/** FilterLogEvents' `filterPattern`: the service model's FilterPattern shape (length 0..1024). */
const MAX_FILTER_PATTERN_LENGTH = 1024;
const MAX_RESPONSE_BYTES = 1_048_576;
const SCAN_PAGE = 10_000;
/** The actions CloudWatch Logs needs on a key before it accepts it for a group (DescribeKey is not one). */
const KEY_ACTIONS_FOR_GROUP = ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'];

/**
 * CloudWatch Logs (awsJson1_1, `Logs_20140328`): groups, streams, events, filter patterns, tags, retention,
 * and customer-managed KMS keys checked and used exactly where AWS checks and uses them.
 *
 * @example
 * const logs = createLogsService({ store, kms });
 * await logs.operations.CreateLogGroup({ logGroupName: 'app', kmsKeyId: keyArn }, ctx);
 */
export function createLogsService(deps: LogsServiceDeps): LogsService {
  const store = new LogStore(deps.store);
  const kmsApi = (): KmsBackend => {
    const kms = deps.kms ?? deps.services?.get<KmsService>('kms');
    if (!kms) throw new AwsError('ServiceUnavailableException', 'KMS is not available to CloudWatch Logs.', { status: 500 });
    return kms.backend;
  };
  const encryption = new LogEncryption(store, kmsApi);

  // ---------- groups and streams ----------

  function invalid(message: string): AwsError {
    return new AwsError('InvalidParameterException', message);
  }

  function constraint(member: string, value: unknown, text: string): AwsError {
    const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
    return invalid(`1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${text}`);
  }

  function requiredString(input: Record<string, unknown>, member: string): string {
    const value = input[member];
    if (value === undefined || value === null) throw constraint(member, value, 'Member must not be null');
    if (typeof value !== 'string') throw invalid(`${member} must be a string`);
    return value;
  }

  function optionalString(input: Record<string, unknown>, member: string): string | undefined {
    const value = input[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw invalid(`${member} must be a string`);
    return value;
  }

  function optionalNumber(input: Record<string, unknown>, member: string, min?: number, max?: number): number | undefined {
    const value = input[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(`${member} must be an integer`);
    if (min !== undefined && value < min) throw constraint(member, value, `Member must have value greater than or equal to ${min}`);
    if (max !== undefined && value > max) throw constraint(member, value, `Member must have value less than or equal to ${max}`);
    return value;
  }

  function checkGroupName(name: string, member = 'logGroupName'): string {
    if (name.length > MAX_NAME_LENGTH) throw nameTooLong();
    if (name.length < 1) throw constraint(member, name, 'Member must have length between 1 and 512');
    if (!GROUP_NAME.test(name)) {
      throw constraint(member, name, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
    }
    return name;
  }

  function checkStreamName(name: string): string {
    if (name.length > MAX_NAME_LENGTH) throw nameTooLong();
    if (name.length < 1) throw constraint('logStreamName', name, 'Member must have length between 1 and 512');
    if (/[:*]/.test(name)) throw constraint('logStreamName', name, 'Member must satisfy regular expression pattern: [^:*]*');
    return name;
  }

  /**
   * A name over 512 characters: Logs answers its own text, not the model's length constraint (recorded on AWS
   * for CreateLogGroup, LocalStack tests/aws/services/logs/test_logs_groups.snapshot.json
   * `test_create_log_group_invalid_name_length`, 2026-02).
   */
  function nameTooLong(): AwsError {
    return invalid(`Invalid LogGroup or LogStream, both must have length less than or equal to ${MAX_NAME_LENGTH}.`);
  }

  function groupNotFound(): AwsError {
    return new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
  }

  function findGroup(name: string, where: LogsWhere): LogGroupRecord {
    const group = store.getGroup(where.accountId, where.region, name);
    if (!group) throw groupNotFound();
    return group;
  }

  /** A group named by `logGroupName` or `logGroupIdentifier` (a name or an ARN, with or without `:*`). */
  function groupFromInput(input: Record<string, unknown>, where: LogsWhere, required = true): LogGroupRecord {
    const name = optionalString(input, 'logGroupName');
    const identifier = optionalString(input, 'logGroupIdentifier');
    if (name !== undefined && identifier !== undefined) {
      throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    }
    if (name !== undefined) return findGroup(name, where);
    if (identifier !== undefined) return groupFromIdentifier(identifier, where);
    if (required) throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
    throw groupNotFound();
  }

  function groupFromIdentifier(identifier: string, where: LogsWhere): LogGroupRecord {
    const arn = GROUP_ARN.exec(identifier);
    if (arn) return findGroup(arn[3], { region: arn[1], accountId: arn[2] });
    if (identifier.startsWith('arn:')) throw invalid(`Invalid log group ARN: ${identifier}`);
    return findGroup(identifier, where);
  }

  function findStream(group: LogGroupRecord, name: string): LogStreamRecord {
    const stream = store.getStream(group.id, name);
    if (!stream) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    return stream;
  }

  function checkTags(value: unknown, member = 'tags'): Record<string, string> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${member} must be a map`);
    const tags = value as Record<string, unknown>;
    const keys = Object.keys(tags);
    if (keys.length > 50) throw new AwsError('TooManyTagsException', 'A resource can have no more than 50 tags.');
    for (const k of keys) {
      const v = tags[k];
      if (typeof v !== 'string') throw invalid(`Tag values must be strings`);
      if (k.length < 1 || k.length > 128) throw constraint(member, k, 'Tag keys must have length between 1 and 128');
      if (v.length > 256) throw constraint(member, v, 'Tag values must have length less than or equal to 256');
      if (k.toLowerCase().startsWith('aws:')) throw invalid(`Tag keys that begin with 'aws:' are reserved: ${k}`);
    }
    return tags as Record<string, string>;
  }

  /**
   * What CloudWatch Logs does before it accepts a key for a group: the key must be a key ARN that exists and is
   * usable, and its key policy must let `logs.<region>.amazonaws.com` use it (GenerateDataKey, Encrypt, Decrypt)
   * with the group's encryption context. Returns the key ARN.
   */
  function acceptKeyForGroup(kmsKeyId: string, groupName: string, where: LogsWhere): string {
    const arn = KEY_ARN.exec(kmsKeyId);
    if (!arn) throw invalid(`The specified KMS key id '${kmsKeyId}' is not a valid KMS key ARN.`);
    if (arn[1] !== where.region) {
      throw invalid(`The specified KMS key '${kmsKeyId}' is not in the Region of the log group (${where.region}).`);
    }
    const groupArn = logGroupArn(where.region, where.accountId, groupName);
    try {
      const kms = kmsApi();
      return kms.checkAccess({
        ...kms.serviceCaller('logs', where),
        keyId: kmsKeyId,
        actions: KEY_ACTIONS_FOR_GROUP,
        encryptionContext: { 'aws:logs:arn': groupArn },
      }).keyArn;
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      switch (e.code) {
        case 'AccessDeniedException':
          throw new AwsError(
            'AccessDeniedException',
            `The specified KMS key does not exist or is not allowed to be used with Arn '${groupArn}'`,
          );
        case 'NotFoundException':
          throw invalid('The specified KMS Key Id could not be found.');
        case 'DisabledException':
          throw invalid(`The specified KMS key '${kmsKeyId}' is disabled.`);
        case 'KMSInvalidStateException':
          throw invalid(`The specified KMS key '${kmsKeyId}' is pending deletion.`);
        default:
          throw e;
      }
    }
  }

  function describeGroup(group: LogGroupRecord): Record<string, unknown> {
    const arn = logGroupArn(group.region, group.accountId, group.name);
    return {
      logGroupName: group.name,
      creationTime: group.creationTime,
      ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
      metricFilterCount: 0,
      arn: `${arn}:*`,
      storedBytes: group.storedBytes,
      ...(group.kmsKeyArn !== undefined ? { kmsKeyId: group.kmsKeyArn } : {}),
      logGroupClass: group.logGroupClass,
      logGroupArn: arn,
      deletionProtectionEnabled: false,
    };
  }

  function describeStream(group: LogGroupRecord, stream: LogStreamRecord): Record<string, unknown> {
    return {
      logStreamName: stream.name,
      creationTime: stream.creationTime,
      ...(stream.firstEventTimestamp !== undefined ? { firstEventTimestamp: stream.firstEventTimestamp } : {}),
      ...(stream.lastEventTimestamp !== undefined ? { lastEventTimestamp: stream.lastEventTimestamp } : {}),
      ...(stream.lastIngestionTime !== undefined ? { lastIngestionTime: stream.lastIngestionTime } : {}),
      uploadSequenceToken: sequenceToken(stream.eventCount),
      arn: `${logGroupArn(group.region, group.accountId, group.name)}:log-stream:${stream.name}`,
      storedBytes: 0,
    };
  }

  // ---------- events ----------

  function createGroup(
    input: Record<string, unknown>,
    where: LogsWhere,
  ): void {
    const name = checkGroupName(requiredString(input, 'logGroupName'));
    if (name.startsWith('aws/')) throw invalid("Log group names can't start with 'aws/'.");
    const logGroupClass = optionalString(input, 'logGroupClass') ?? 'STANDARD';
    if (!LOG_GROUP_CLASSES.includes(logGroupClass)) {
      throw constraint('logGroupClass', logGroupClass, `Member must satisfy enum value set: [${LOG_GROUP_CLASSES.join(', ')}]`);
    }
    const tags = checkTags(input.tags);
    if (store.getGroup(where.accountId, where.region, name)) {
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    }
    const kmsKeyId = optionalString(input, 'kmsKeyId');
    const kmsKeyArn = kmsKeyId === undefined ? undefined : acceptKeyForGroup(kmsKeyId, name, where);
    store.insertGroup(
      { accountId: where.accountId, region: where.region, name, creationTime: Date.now(), kmsKeyArn, logGroupClass },
      tags,
    );
  }

  /** The one PutLogEvents path: the wire operation and the in-process API both come here. */
  function putEvents(group: LogGroupRecord, stream: LogStreamRecord, rawEvents: unknown): PutLogEventsOutput {
    if (!Array.isArray(rawEvents)) throw constraint('logEvents', undefined, 'Member must not be null');
    if (rawEvents.length < 1) throw constraint('logEvents', '[]', 'Member must have length greater than or equal to 1');
    if (rawEvents.length > MAX_BATCH_EVENTS) {
      throw invalid(`1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BATCH_EVENTS}`);
    }
    let bytes = 0;
    let previous = -Infinity;
    const events = rawEvents.map((e: { timestamp?: unknown; message?: unknown }, i) => {
      if (typeof e?.timestamp !== 'number' || !Number.isInteger(e.timestamp)) {
        throw constraint(`logEvents.${i + 1}.member.timestamp`, e?.timestamp, 'Member must not be null');
      }
      if (typeof e.message !== 'string') throw constraint(`logEvents.${i + 1}.member.message`, undefined, 'Member must not be null');
      if (e.message.length < 1) {
        throw constraint(`logEvents.${i + 1}.member.message`, '', 'Member must have length greater than or equal to 1');
      }
      if (e.timestamp < previous) throw invalid('Log events in a single PutLogEvents request must be in chronological order.');
      previous = e.timestamp;
      bytes += Buffer.byteLength(e.message, 'utf8') + EVENT_OVERHEAD_BYTES;
      return { timestamp: e.timestamp, message: e.message };
    });
    if (bytes > MAX_BATCH_BYTES) throw invalid(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
    if (events[events.length - 1].timestamp - events[0].timestamp > DAY_MS) {
      throw invalid('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
    }

    // too old / expired events form a prefix, too new ones a suffix (the batch is chronological)
    const now = Date.now();
    const rejected: NonNullable<PutLogEventsOutput['rejectedLogEventsInfo']> = {};
    let first = 0;
    let end = events.length;
    events.forEach((e, i) => {
      if (e.timestamp < now - 14 * DAY_MS) rejected.tooOldLogEventEndIndex = i;
      if (group.retentionInDays !== undefined && e.timestamp < now - group.retentionInDays * DAY_MS) {
        rejected.expiredLogEventEndIndex = i;
      }
      if (e.timestamp > now + 2 * HOUR_MS && rejected.tooNewLogEventStartIndex === undefined) {
        rejected.tooNewLogEventStartIndex = i;
      }
    });
    first = Math.max(rejected.tooOldLogEventEndIndex ?? -1, rejected.expiredLogEventEndIndex ?? -1) + 1;
    end = rejected.tooNewLogEventStartIndex ?? events.length;
    const accepted = events.slice(first, Math.max(first, end));

    const messageBytes = accepted.reduce((sum, e) => sum + Buffer.byteLength(e.message, 'utf8'), 0);
    let chunk: { dataKeyId: number; sealed: Buffer } | undefined;
    if (group.kmsKeyArn !== undefined) {
      const encrypted = { ...group, kmsKeyArn: group.kmsKeyArn };
      if (accepted.length > 0) chunk = encryption.sealBatch(encrypted, accepted.map((e) => e.message));
      else encryption.checkWrite(encrypted);
    }
    store.insertEvents(group, stream, accepted, now, chunk, messageBytes);
    const output: PutLogEventsOutput = { nextSequenceToken: sequenceToken(stream.eventCount + accepted.length) };
    if (Object.keys(rejected).length > 0) output.rejectedLogEventsInfo = rejected;
    return output;
  }

  function messageOf(session: ReturnType<LogEncryption['beginRead']>, group: LogGroupRecord, row: StoredEventRow): string {
    if (row.message !== null) return row.message;
    return encryption.openChunk(session, group, row.chunk_id!)[row.chunk_index!];
  }

  function filterEvents(input: Record<string, unknown>, where: LogsWhere): FilterLogEventsOutput {
    const group = groupFromInput(input, where);
    const names = input.logStreamNames;
    const prefix = optionalString(input, 'logStreamNamePrefix');
    if (names !== undefined && names !== null && prefix !== undefined) {
      throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    }
    if (names !== undefined && names !== null && (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))) {
      throw invalid('logStreamNames must be a list of strings');
    }
    const limit = optionalNumber(input, 'limit', 1, 10_000) ?? 10_000;
    const filterPattern = optionalString(input, 'filterPattern');
    if (filterPattern !== undefined && filterPattern.length > MAX_FILTER_PATTERN_LENGTH) {
      throw constraint('filterPattern', filterPattern, `Member must have length less than or equal to ${MAX_FILTER_PATTERN_LENGTH}`);
    }
    let pattern;
    try {
      pattern = parseFilterPattern(filterPattern);
    } catch (e) {
      if (e instanceof FilterPatternError) throw invalid(e.awsMessage ?? 'Invalid filter pattern');
      throw e;
    }
    const streams = store.listStreams(group.id).filter((s) =>
      Array.isArray(names) ? (names as string[]).includes(s.name) : prefix === undefined || s.name.startsWith(prefix));
    const streamNames = new Map(streams.map((s) => [s.id, s.name]));
    const restricted = Array.isArray(names) || prefix !== undefined;
    const range = {
      startTime: optionalNumber(input, 'startTime', 0) ?? Number.MIN_SAFE_INTEGER,
      endTime: optionalNumber(input, 'endTime', 0) ?? Number.MAX_SAFE_INTEGER,
    };
    const nextTokenInput = optionalString(input, 'nextToken');
    let after = nextTokenInput === undefined ? undefined : decodeFilterToken(nextTokenInput);
    const session = encryption.beginRead();
    const events: FilterLogEventsOutput['events'] = [];
    let bytes = 0;
    let nextToken: string | undefined;
    scan: for (;;) {
      const rows = store.groupEventsPage(group.id, range, after, SCAN_PAGE);
      for (const row of rows) {
        after = { timestamp: row.timestamp, id: row.id };
        const streamName = streamNames.get(row.stream_id);
        if (restricted && streamName === undefined) continue;
        const message = messageOf(session, group, row);
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

  // ---------- operations ----------

  const operations: Record<string, Operation> = {
    CreateLogGroup: (input: Record<string, unknown>, ctx) => {
      createGroup(input, ctx);
      return {};
    },

    DeleteLogGroup: (input: Record<string, unknown>, ctx) => {
      const group = findGroup(checkGroupName(requiredString(input, 'logGroupName')), ctx);
      store.deleteGroup(group.id);
      encryption.forgetGroup(group.id);
      return {};
    },

    DescribeLogGroups: (input: Record<string, unknown>, ctx) => {
      const prefix = optionalString(input, 'logGroupNamePrefix');
      const pattern = optionalString(input, 'logGroupNamePattern');
      const identifiers = input.logGroupIdentifiers;
      if (prefix !== undefined && pattern !== undefined) {
        throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
      }
      if (Array.isArray(identifiers) && (prefix !== undefined || pattern !== undefined)) {
        throw invalid('logGroupIdentifiers is mutually exclusive with logGroupNamePrefix and logGroupNamePattern.');
      }
      const limit = optionalNumber(input, 'limit', 1, 50) ?? 50;
      const token = optionalString(input, 'nextToken');
      const afterName = token === undefined ? undefined : decodeNameToken(token);
      const logGroupClass = optionalString(input, 'logGroupClass');
      const wanted = Array.isArray(identifiers)
        ? new Set((identifiers as string[]).map((id) => GROUP_ARN.exec(id)?.[3] ?? id))
        : undefined;
      const lowerPattern = pattern?.toLowerCase();
      const groups = store.listGroups(ctx.accountId, ctx.region, afterName).filter((g) =>
        (prefix === undefined || g.name.startsWith(prefix)) &&
        (lowerPattern === undefined || g.name.toLowerCase().includes(lowerPattern)) &&
        (wanted === undefined || wanted.has(g.name)) &&
        (logGroupClass === undefined || g.logGroupClass === logGroupClass));
      const pageItems = groups.slice(0, limit);
      return {
        logGroups: pageItems.map(describeGroup),
        ...(groups.length > limit ? { nextToken: encodeNameToken(pageItems[pageItems.length - 1].name) } : {}),
      };
    },

    PutRetentionPolicy: (input: Record<string, unknown>, ctx) => {
      const group = findGroup(checkGroupName(requiredString(input, 'logGroupName')), ctx);
      const days = input.retentionInDays;
      if (typeof days !== 'number' || !RETENTION_DAYS.includes(days)) {
        throw constraint('retentionInDays', days, `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`);
      }
      store.updateGroup(group.id, { retentionInDays: days });
      return {};
    },

    DeleteRetentionPolicy: (input: Record<string, unknown>, ctx) => {
      const group = findGroup(checkGroupName(requiredString(input, 'logGroupName')), ctx);
      store.updateGroup(group.id, { retentionInDays: null });
      return {};
    },

    AssociateKmsKey: (input: Record<string, unknown>, ctx) => {
      const group = groupForKeyOperation(input, ctx);
      const kmsKeyArn = acceptKeyForGroup(requiredString(input, 'kmsKeyId'), group.name, group);
      store.updateGroup(group.id, { kmsKeyArn });
      return {};
    },

    DisassociateKmsKey: (input: Record<string, unknown>, ctx) => {
      const group = groupForKeyOperation(input, ctx);
      // events written so far stay encrypted under their data keys, and reading them still needs the key
      store.updateGroup(group.id, { kmsKeyArn: null });
      encryption.forgetGroup(group.id);
      return {};
    },

    CreateLogStream: (input: Record<string, unknown>, ctx) => {
      const group = findGroup(checkGroupName(requiredString(input, 'logGroupName')), ctx);
      const name = checkStreamName(requiredString(input, 'logStreamName'));
      if (store.getStream(group.id, name)) {
        throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
      }
      store.insertStream(group.id, name, Date.now());
      return {};
    },

    DeleteLogStream: (input: Record<string, unknown>, ctx) => {
      const group = findGroup(checkGroupName(requiredString(input, 'logGroupName')), ctx);
      const stream = findStream(group, requiredString(input, 'logStreamName'));
      store.deleteStream(stream.id);
      return {};
    },

    DescribeLogStreams: (input: Record<string, unknown>, ctx) => {
      const group = groupFromInput(input, ctx);
      const prefix = optionalString(input, 'logStreamNamePrefix');
      const orderBy = optionalString(input, 'orderBy') ?? 'LogStreamName';
      if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
        throw constraint('orderBy', orderBy, 'Member must satisfy enum value set: [LogStreamName, LastEventTime]');
      }
      if (orderBy === 'LastEventTime' && prefix !== undefined) {
        throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
      }
      const limit = optionalNumber(input, 'limit', 1, 50) ?? 50;
      const token = optionalString(input, 'nextToken');
      const offset = token === undefined ? 0 : decodeOffsetToken(token);
      let streams = store.listStreams(group.id).filter((s) => prefix === undefined || s.name.startsWith(prefix));
      if (orderBy === 'LastEventTime') {
        streams = streams.sort((a, b) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || a.id - b.id);
      }
      if (input.descending === true) streams.reverse();
      const pageItems = streams.slice(offset, offset + limit);
      return {
        logStreams: pageItems.map((s) => describeStream(group, s)),
        ...(offset + limit < streams.length ? { nextToken: encodeOffsetToken(offset + limit) } : {}),
      };
    },

    PutLogEvents: (input: Record<string, unknown>, ctx) => {
      const group = findGroup(checkGroupName(requiredString(input, 'logGroupName')), ctx);
      const stream = findStream(group, checkStreamName(requiredString(input, 'logStreamName')));
      return putEvents(group, stream, input.logEvents);
    },

    GetLogEvents: (input: Record<string, unknown>, ctx) => {
      const group = groupFromInput(input, ctx);
      const stream = findStream(group, requiredString(input, 'logStreamName'));
      const limit = optionalNumber(input, 'limit', 1, 10_000) ?? 10_000;
      const range = {
        startTime: optionalNumber(input, 'startTime', 0) ?? Number.MIN_SAFE_INTEGER,
        endTime: optionalNumber(input, 'endTime', 0) ?? Number.MAX_SAFE_INTEGER,
      };
      const token = optionalString(input, 'nextToken');
      const cursor = token === undefined ? undefined : decodeStreamToken(token);
      let rows: StoredEventRow[];
      if (cursor?.direction === 'b' || (cursor === undefined && input.startFromHead !== true)) {
        // the newest `limit` events before the cursor (or the end), returned oldest first
        const before = cursor?.position ?? { timestamp: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };
        rows = store.streamEvents(stream.id, range, { before }, limit).reverse();
      } else {
        rows = store.streamEvents(stream.id, range, { after: cursor?.position }, limit);
      }
      // with nothing returned, both tokens stay where the reader is (or at the start), as AWS's do at the end
      const start = cursor?.position ?? { timestamp: Number.MIN_SAFE_INTEGER, id: 0 };
      const session = encryption.beginRead();
      const events: Array<{ timestamp: number; message: string; ingestionTime: number }> = [];
      let bytes = 0;
      for (const row of rows) {
        const message = messageOf(session, group, row);
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
    },

    FilterLogEvents: (input: Record<string, unknown>, ctx) => filterEvents(input, ctx),

    TagResource: (input: Record<string, unknown>, ctx) => {
      const group = groupFromResourceArn(requiredString(input, 'resourceArn'), ctx);
      if (input.tags === undefined || input.tags === null) throw constraint('tags', undefined, 'Member must not be null');
      const tags = checkTags(input.tags);
      if (Object.keys({ ...store.listTags(group.id), ...tags }).length > 50) {
        throw new AwsError('TooManyTagsException', 'A resource can have no more than 50 tags.');
      }
      store.putTags(group.id, tags);
      return {};
    },

    UntagResource: (input: Record<string, unknown>, ctx) => {
      const group = groupFromResourceArn(requiredString(input, 'resourceArn'), ctx);
      store.removeTags(group.id, stringList(input.tagKeys, 'tagKeys'));
      return {};
    },

    ListTagsForResource: (input: Record<string, unknown>, ctx) => {
      const group = groupFromResourceArn(requiredString(input, 'resourceArn'), ctx);
      return { tags: store.listTags(group.id) };
    },

    TagLogGroup: (input: Record<string, unknown>, ctx) => {
      const group = findGroup(checkGroupName(requiredString(input, 'logGroupName')), ctx);
      store.putTags(group.id, checkTags(input.tags));
      return {};
    },

    UntagLogGroup: (input: Record<string, unknown>, ctx) => {
      const group = findGroup(checkGroupName(requiredString(input, 'logGroupName')), ctx);
      store.removeTags(group.id, stringList(input.tags, 'tags'));
      return {};
    },

    ListTagsLogGroup: (input: Record<string, unknown>, ctx) => {
      const group = findGroup(checkGroupName(requiredString(input, 'logGroupName')), ctx);
      return { tags: store.listTags(group.id) };
    },
  };

  function groupForKeyOperation(input: Record<string, unknown>, ctx: CallContext): LogGroupRecord {
    const name = optionalString(input, 'logGroupName');
    const resourceIdentifier = optionalString(input, 'resourceIdentifier');
    if ((name === undefined) === (resourceIdentifier === undefined)) {
      throw invalid('Exactly one of logGroupName and resourceIdentifier must be specified.');
    }
    if (name !== undefined) return findGroup(checkGroupName(name), ctx);
    if (!GROUP_ARN.test(resourceIdentifier!)) {
      throw invalid('resourceIdentifier must be the ARN of a log group; query-result resources are not supported.');
    }
    return groupFromIdentifier(resourceIdentifier!, ctx);
  }

  function groupFromResourceArn(resourceArn: string, ctx: CallContext): LogGroupRecord {
    const arn = GROUP_ARN.exec(resourceArn);
    if (!arn) {
      if (resourceArn.startsWith('arn:')) throw new AwsError('ResourceNotFoundException', `The specified resource does not exist: ${resourceArn}`);
      throw invalid(`Invalid resourceArn: ${resourceArn}`);
    }
    return findGroup(arn[3], { region: arn[1], accountId: arn[2] ?? ctx.accountId });
  }

  function stringList(value: unknown, member: string): string[] {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw constraint(member, undefined, 'Member must not be null');
    return value as string[];
  }

  // ---------- the in-process API ----------

  const internal: LogsInternalApi = {
    putLogEvents(logGroupName, logStreamName, events, where) {
      const group = findGroup(logGroupName, where);
      const name = checkStreamName(logStreamName);
      const stream = store.getStream(group.id, name) ?? store.insertStream(group.id, name, Date.now());
      return putEvents(group, stream, events);
    },
    createLogGroup(logGroupName, options, where) {
      createGroup({ logGroupName, kmsKeyId: options.kmsKeyId, tags: options.tags }, where);
      if (options.retentionInDays !== undefined) {
        operations.PutRetentionPolicy({ logGroupName, retentionInDays: options.retentionInDays }, internalContext(where));
      }
    },
    logGroupExists(logGroupName, where) {
      return store.getGroup(where.accountId, where.region, logGroupName) !== undefined;
    },
    filterLogEvents(input, where) {
      return filterEvents(input, where);
    },
  };

  // a name over 512 characters gets Logs' own text before the model's length constraint is checked
  const precheck = (_operation: string, input: Record<string, unknown>): void => {
    for (const member of ['logGroupName', 'logStreamName']) {
      const name = input[member];
      if (typeof name === 'string' && name.length > MAX_NAME_LENGTH) throw nameTooLong();
    }
  };

  return { signingName: 'logs', protocol: 'awsJson1_1', targetPrefix: 'Logs_20140328', operations, internal, precheck };
}

function internalContext(where: LogsWhere): CallContext {
  const root = `arn:aws:iam::${where.accountId}:root`;
  return {
    requestId: 'internal',
    accountId: where.accountId,
    region: where.region,
    principalArn: root,
    callerArn: root,
    accessKeyId: 'internal',
    endpoint: '',
  };
}

// ---------- tokens (opaque to clients) ----------

function sequenceToken(count: number): string {
  return String(count).padStart(56, '0');
}

function eventId(id: number): string {
  return String(id).padStart(56, '0');
}

function position(row: StoredEventRow): EventPosition {
  return { timestamp: row.timestamp, id: row.id };
}

function encodeStreamToken(direction: 'f' | 'b', p: EventPosition): string {
  return `${direction}/${encodePosition(p)}`;
}

function decodeStreamToken(token: string): { direction: 'f' | 'b'; position: EventPosition } {
  const m = /^([fb])\/(.+)$/.exec(token);
  const p = m && decodePosition(m[2]);
  if (!m || !p) throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');
  return { direction: m[1] as 'f' | 'b', position: p };
}

function encodeFilterToken(p: EventPosition): string {
  return Buffer.from(encodePosition(p), 'utf8').toString('base64url');
}

function decodeFilterToken(token: string): EventPosition {
  const p = decodePosition(Buffer.from(token, 'base64url').toString('utf8'));
  if (!p) throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');
  return p;
}

function encodePosition(p: EventPosition): string {
  return `${p.timestamp}.${p.id}`;
}

function decodePosition(text: string): EventPosition | undefined {
  const m = /^(-?\d+)\.(-?\d+)$/.exec(text);
  if (!m) return undefined;
  const timestamp = Number(m[1]);
  const id = Number(m[2]);
  return Number.isSafeInteger(timestamp) && Number.isSafeInteger(id) ? { timestamp, id } : undefined;
}

function encodeNameToken(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

function decodeNameToken(token: string): string {
  return Buffer.from(token, 'base64url').toString('utf8');
}

function encodeOffsetToken(offset: number): string {
  return Buffer.from(`o${offset}`, 'utf8').toString('base64url');
}

function decodeOffsetToken(token: string): number {
  const m = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');
  return Number(m[1]);
}
