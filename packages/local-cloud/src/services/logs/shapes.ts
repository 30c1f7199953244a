import type { LogGroup, LogStream } from '@aws-sdk/client-cloudwatch-logs';
import { logGroupArn, logGroupWildcardArn, logStreamArn } from '../../core/arns/logs';
import type { LogGroupRecord, LogStreamRecord } from './log-store';
import { sequenceToken } from './tokens';

/** A group in DescribeLogGroups' `LogGroup` shape. */
export function logGroupShape(group: LogGroupRecord): LogGroup {
  return {
    logGroupName: group.name,
    creationTime: group.creationTime,
    ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: logGroupWildcardArn(group, group.name),
    storedBytes: group.storedBytes,
    ...(group.kmsKeyArn !== undefined ? { kmsKeyId: group.kmsKeyArn } : {}),
    logGroupClass: group.logGroupClass as LogGroup['logGroupClass'],
    logGroupArn: logGroupArn(group, group.name),
    deletionProtectionEnabled: false,
  } as LogGroup;
}

/** A stream in DescribeLogStreams' `LogStream` shape. */
export function logStreamShape(group: LogGroupRecord, stream: LogStreamRecord): LogStream {
  return {
    logStreamName: stream.name,
    creationTime: stream.creationTime,
    ...(stream.firstEventTimestamp !== undefined ? { firstEventTimestamp: stream.firstEventTimestamp } : {}),
    ...(stream.lastEventTimestamp !== undefined ? { lastEventTimestamp: stream.lastEventTimestamp } : {}),
    ...(stream.lastIngestionTime !== undefined ? { lastIngestionTime: stream.lastIngestionTime } : {}),
    // a stream nothing was written to has no uploadSequenceToken (recorded on AWS: test_logs_streams.snapshot.json)
    ...(stream.eventCount > 0 ? { uploadSequenceToken: sequenceToken(stream.eventCount) } : {}),
    arn: logStreamArn(group, group.name, stream.name),
    storedBytes: 0,
  };
}
