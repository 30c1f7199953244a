import type {
  AssociateKmsKeyRequest,
  CreateLogGroupRequest,
  CreateLogStreamRequest,
  DeleteLogGroupRequest,
  DeleteLogStreamRequest,
  DeleteRetentionPolicyRequest,
  DescribeLogGroupsRequest,
  DescribeLogGroupsResponse,
  DescribeLogStreamsRequest,
  DescribeLogStreamsResponse,
  DisassociateKmsKeyRequest,
  FilterLogEventsRequest,
  FilterLogEventsResponse,
  GetLogEventsRequest,
  GetLogEventsResponse,
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  ListTagsLogGroupRequest,
  ListTagsLogGroupResponse,
  PutLogEventsRequest,
  PutLogEventsResponse,
  PutRetentionPolicyRequest,
  TagLogGroupRequest,
  TagResourceRequest,
  UntagLogGroupRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-cloudwatch-logs';
import { parseLogGroupArn } from '../../core/arns/logs';
import { AwsError } from '../../core/aws-error';
import type { Scope } from '../../core/scope';
import type { KmsBackend } from '../kms';
import { constraint, groupNotFound, invalid, streamNotFound, tooManyTags } from './errors';
import { acceptKeyForGroup } from './group-keys';
import { LogEncryption } from './log-encryption';
import { DeliveredLogEvent, LogEvents } from './log-events';
import { LogGroupRecord, LogStore, LogStreamRecord } from './log-store';
import { logGroupShape, logStreamShape } from './shapes';
import { decodeNameToken, decodeOffsetToken, encodeNameToken, encodeOffsetToken } from './tokens';

const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * CloudWatch Logs' domain: groups, streams, events, tags, retention and customer-managed KMS keys, in a scope
 * (account + region). The operations table and in-process callers (Lambda's log shipper, API Gateway's access
 * logs) both come here; every refusal is an `AwsError` in CloudWatch Logs' words. A request's model constraints
 * (required, lengths, patterns, ranges, enums) were checked by the request pipeline before it got here; the rules
 * below are the ones the model cannot express.
 *
 * @example
 * const logs = new LogsBackend(new LogStore(store), () => kms.backend);
 * logs.createLogGroup({ logGroupName: 'app' }, { accountId: '000000000000', region: 'ap-southeast-1' });
 */
export class LogsBackend {
  private readonly encryption: LogEncryption;
  private readonly events: LogEvents;

  /** `kms` is resolved on use: the KMS service may be registered after this one. */
  constructor(private readonly store: LogStore, private readonly kms: () => KmsBackend) {
    this.encryption = new LogEncryption(store, kms);
    this.events = new LogEvents(store, this.encryption);
  }

  // ---------- groups

  public createLogGroup(input: CreateLogGroupRequest, scope: Scope): void {
    const name = input.logGroupName!;
    if (name.startsWith('aws/')) throw invalid("Log group names can't start with 'aws/'.");
    const logGroupClass = input.logGroupClass ?? 'STANDARD';
    const tags = refuseReservedTagKeys(input.tags);
    if (this.store.getGroup(scope.accountId, scope.region, name)) {
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    }
    const kmsKeyId = input.kmsKeyId ?? undefined;
    const kmsKeyArn = kmsKeyId === undefined ? undefined : acceptKeyForGroup(this.kms(), kmsKeyId, name, scope);
    this.store.insertGroup(
      { accountId: scope.accountId, region: scope.region, name, creationTime: Date.now(), kmsKeyArn, logGroupClass },
      tags,
    );
  }

  /** Whether the group exists (no error either way). */
  public logGroupExists(logGroupName: string, scope: Scope): boolean {
    return this.store.getGroup(scope.accountId, scope.region, logGroupName) !== undefined;
  }

  public deleteLogGroup(input: DeleteLogGroupRequest, scope: Scope): void {
    const group = this.namedGroup(input, scope);
    this.store.deleteGroup(group.id);
    this.encryption.forgetGroup(group.id);
  }

  public describeLogGroups(input: DescribeLogGroupsRequest, scope: Scope): DescribeLogGroupsResponse {
    const prefix = input.logGroupNamePrefix ?? undefined;
    const pattern = input.logGroupNamePattern ?? undefined;
    const identifiers = input.logGroupIdentifiers ?? undefined;
    if (prefix !== undefined && pattern !== undefined) {
      throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    }
    if (Array.isArray(identifiers) && (prefix !== undefined || pattern !== undefined)) {
      throw invalid('logGroupIdentifiers is mutually exclusive with logGroupNamePrefix and logGroupNamePattern.');
    }
    const limit = input.limit ?? 50;
    const token = input.nextToken ?? undefined;
    const afterName = token === undefined ? undefined : decodeNameToken(token);
    const logGroupClass = input.logGroupClass ?? undefined;
    const wanted = Array.isArray(identifiers)
      ? new Set(identifiers.map((id) => parseLogGroupArn(id)?.logGroupName ?? id))
      : undefined;
    const lowerPattern = pattern?.toLowerCase();
    const groups = this.store.listGroups(scope.accountId, scope.region, afterName).filter((g) =>
      (prefix === undefined || g.name.startsWith(prefix)) &&
      (lowerPattern === undefined || g.name.toLowerCase().includes(lowerPattern)) &&
      (wanted === undefined || wanted.has(g.name)) &&
      (logGroupClass === undefined || g.logGroupClass === logGroupClass));
    const pageItems = groups.slice(0, limit);
    return {
      logGroups: pageItems.map(logGroupShape),
      ...(groups.length > limit ? { nextToken: encodeNameToken(pageItems[pageItems.length - 1].name) } : {}),
    };
  }

  public putRetentionPolicy(input: PutRetentionPolicyRequest, scope: Scope): void {
    const group = this.namedGroup(input, scope);
    // the model's Days is a bare integer: the values AWS accepts are its own rule
    const days = input.retentionInDays!;
    if (!RETENTION_DAYS.includes(days)) {
      throw constraint('retentionInDays', days, `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`);
    }
    this.store.updateGroup(group.id, { retentionInDays: days });
  }

  public deleteRetentionPolicy(input: DeleteRetentionPolicyRequest, scope: Scope): void {
    this.store.updateGroup(this.namedGroup(input, scope).id, { retentionInDays: null });
  }

  public associateKmsKey(input: AssociateKmsKeyRequest, scope: Scope): void {
    const group = this.groupForKeyOperation(input, scope);
    const kmsKeyArn = acceptKeyForGroup(this.kms(), input.kmsKeyId!, group.name, group);
    this.store.updateGroup(group.id, { kmsKeyArn });
  }

  public disassociateKmsKey(input: DisassociateKmsKeyRequest, scope: Scope): void {
    const group = this.groupForKeyOperation(input, scope);
    // events written so far stay encrypted under their data keys, and reading them still needs the key
    this.store.updateGroup(group.id, { kmsKeyArn: null });
    this.encryption.forgetGroup(group.id);
  }

  // ---------- streams

  public createLogStream(input: CreateLogStreamRequest, scope: Scope): void {
    const group = this.namedGroup(input, scope);
    const name = input.logStreamName!;
    if (this.store.getStream(group.id, name)) {
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
    }
    this.store.insertStream(group.id, name, Date.now());
  }

  public deleteLogStream(input: DeleteLogStreamRequest, scope: Scope): void {
    const group = this.namedGroup(input, scope);
    this.store.deleteStream(this.findStream(group, input.logStreamName!).id);
  }

  public describeLogStreams(input: DescribeLogStreamsRequest, scope: Scope): DescribeLogStreamsResponse {
    const group = this.identifiedGroup(input, scope);
    const prefix = input.logStreamNamePrefix ?? undefined;
    const orderBy = input.orderBy ?? 'LogStreamName';
    if (orderBy === 'LastEventTime' && prefix !== undefined) {
      throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const limit = input.limit ?? 50;
    const token = input.nextToken ?? undefined;
    const offset = token === undefined ? 0 : decodeOffsetToken(token);
    let streams = this.store.listStreams(group.id).filter((s) => prefix === undefined || s.name.startsWith(prefix));
    if (orderBy === 'LastEventTime') {
      streams = streams.sort((a, b) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || a.id - b.id);
    }
    if (input.descending === true) streams.reverse();
    const pageItems = streams.slice(offset, offset + limit);
    return {
      logStreams: pageItems.map((s) => logStreamShape(group, s)),
      ...(offset + limit < streams.length ? { nextToken: encodeOffsetToken(offset + limit) } : {}),
    };
  }

  // ---------- events

  public putLogEvents(input: PutLogEventsRequest, scope: Scope): PutLogEventsResponse {
    const group = this.namedGroup(input, scope);
    const stream = this.findStream(group, input.logStreamName!);
    // the model made timestamp and message required members of every event
    return this.events.put(group, stream, input.logEvents as DeliveredLogEvent[]);
  }

  /**
   * What a service delivering logs does (Lambda's function logs, API Gateway's access logs): PutLogEvents through
   * the same checks and encryption, creating the stream first if it is not there.
   *
   * @throws AwsError ResourceNotFoundException when the group does not exist, AccessDeniedException when its
   *   KMS key refuses, InvalidParameterException for a bad batch
   */
  public deliverLogEvents(
    logGroupName: string,
    logStreamName: string,
    logEvents: readonly DeliveredLogEvent[],
    scope: Scope,
  ): PutLogEventsResponse {
    const group = this.findGroup(logGroupName, scope);
    const stream = this.store.getStream(group.id, logStreamName) ?? this.store.insertStream(group.id, logStreamName, Date.now());
    return this.events.put(group, stream, logEvents);
  }

  public getLogEvents(input: GetLogEventsRequest, scope: Scope): GetLogEventsResponse {
    const group = this.identifiedGroup(input, scope);
    return this.events.get(group, this.findStream(group, input.logStreamName!), input);
  }

  public filterLogEvents(input: FilterLogEventsRequest, scope: Scope): FilterLogEventsResponse {
    return this.events.filter(this.identifiedGroup(input, scope), input);
  }

  // ---------- tags

  public tagResource(input: TagResourceRequest): void {
    const group = this.groupFromResourceArn(input.resourceArn!);
    const tags = refuseReservedTagKeys(input.tags);
    if (Object.keys({ ...this.store.listTags(group.id), ...tags }).length > 50) throw tooManyTags();
    this.store.putTags(group.id, tags);
  }

  public untagResource(input: UntagResourceRequest): void {
    this.store.removeTags(this.groupFromResourceArn(input.resourceArn!).id, input.tagKeys!);
  }

  public listTagsForResource(input: ListTagsForResourceRequest): ListTagsForResourceResponse {
    return { tags: this.store.listTags(this.groupFromResourceArn(input.resourceArn!).id) };
  }

  public tagLogGroup(input: TagLogGroupRequest, scope: Scope): void {
    this.store.putTags(this.namedGroup(input, scope).id, refuseReservedTagKeys(input.tags));
  }

  public untagLogGroup(input: UntagLogGroupRequest, scope: Scope): void {
    this.store.removeTags(this.namedGroup(input, scope).id, input.tags!);
  }

  public listTagsLogGroup(input: ListTagsLogGroupRequest, scope: Scope): ListTagsLogGroupResponse {
    return { tags: this.store.listTags(this.namedGroup(input, scope).id) };
  }

  // ---------- finding groups and streams

  private findGroup(name: string, scope: Scope): LogGroupRecord {
    const group = this.store.getGroup(scope.accountId, scope.region, name);
    if (!group) throw groupNotFound();
    return group;
  }

  /** The group of a request's required `logGroupName`. */
  private namedGroup(input: { logGroupName?: string }, scope: Scope): LogGroupRecord {
    return this.findGroup(input.logGroupName!, scope);
  }

  /** A group named by `logGroupName` or `logGroupIdentifier` (a name or an ARN, with or without `:*`). */
  private identifiedGroup(input: { logGroupName?: string; logGroupIdentifier?: string }, scope: Scope): LogGroupRecord {
    const name = input.logGroupName ?? undefined;
    const identifier = input.logGroupIdentifier ?? undefined;
    if (name !== undefined && identifier !== undefined) {
      // a ValidationException here, not InvalidParameterException (recorded on AWS: LocalStack test_logs_streams.snapshot.json)
      throw new AwsError('ValidationException', 'LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    }
    if (name !== undefined) return this.findGroup(name, scope);
    if (identifier !== undefined) return this.groupFromIdentifier(identifier, scope);
    throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
  }

  private groupFromIdentifier(identifier: string, scope: Scope): LogGroupRecord {
    const arn = parseLogGroupArn(identifier);
    if (arn) return this.findGroup(arn.logGroupName, arn.scope);
    if (identifier.startsWith('arn:')) throw invalid(`Invalid log group ARN: ${identifier}`);
    return this.findGroup(identifier, scope);
  }

  private groupForKeyOperation(input: { logGroupName?: string; resourceIdentifier?: string }, scope: Scope): LogGroupRecord {
    const name = input.logGroupName ?? undefined;
    const resourceIdentifier = input.resourceIdentifier ?? undefined;
    if ((name === undefined) === (resourceIdentifier === undefined)) {
      throw invalid('Exactly one of logGroupName and resourceIdentifier must be specified.');
    }
    if (name !== undefined) return this.findGroup(name, scope);
    if (!parseLogGroupArn(resourceIdentifier!)) {
      throw invalid('resourceIdentifier must be the ARN of a log group; query-result resources are not supported.');
    }
    return this.groupFromIdentifier(resourceIdentifier!, scope);
  }

  /** A log group by its ARN alone (TagResource & co.): the ARN says the account and region. */
  private groupFromResourceArn(resourceArn: string): LogGroupRecord {
    const arn = parseLogGroupArn(resourceArn);
    if (!arn) {
      if (resourceArn.startsWith('arn:')) throw new AwsError('ResourceNotFoundException', `The specified resource does not exist: ${resourceArn}`);
      throw invalid(`Invalid resourceArn: ${resourceArn}`);
    }
    return this.findGroup(arn.logGroupName, arn.scope);
  }

  private findStream(group: LogGroupRecord, name: string): LogStreamRecord {
    const stream = this.store.getStream(group.id, name);
    if (!stream) throw streamNotFound();
    return stream;
  }
}

/** Tag keys beginning `aws:` are AWS's own: a rule beyond the model (its TagKey pattern allows them). */
function refuseReservedTagKeys(tags: Record<string, string> | undefined): Record<string, string> {
  for (const key of Object.keys(tags ?? {})) {
    if (key.toLowerCase().startsWith('aws:')) throw invalid(`Tag keys that begin with 'aws:' are reserved: ${key}`);
  }
  return tags ?? {};
}
