// CloudWatch Logs cases: log groups (with a KMS key), streams, PutLogEvents, GetLogEvents, FilterLogEvents, tags.
import { LOCALSTACK, type FixtureName, type ParityCase } from '../case';

const GROUPS = `${LOCALSTACK}logs/test_logs_groups.snapshot.json#`;
const STREAMS = `${LOCALSTACK}logs/test_logs_streams.snapshot.json#`;
const EVENTS = `${LOCALSTACK}logs/test_logs_events.snapshot.json#`;
const FILTER = `${LOCALSTACK}logs/test_logs_filter_events.snapshot.json#`;
const DAY = 86_400_000;

const error = (code: string, message: string) => ({ status: 400, error: { code, message } });
const GROUP_MISSING = error('ResourceNotFoundException', 'The specified log group does not exist.');
const STREAM_MISSING = error('ResourceNotFoundException', 'The specified log stream does not exist.');
/** `op` on a log group that does not exist: Logs answers each such request with one text (recorded for GetLogEvents). */
const onMissingGroup = (op: string, input: Record<string, unknown>, given?: FixtureName[]): ParityCase => ({
  name: `${op} of a group that does not exist`,
  source: `${EVENTS}test_resource_does_not_exist/error-log-group-does-not-exist (Logs' text for any missing group)`,
  given,
  request: { op, input },
  aws: GROUP_MISSING,
});
const BAD_TOKEN = error('InvalidParameterException', 'The specified nextToken is invalid.');
const LIMIT_OVER = error(
  'InvalidParameterException',
  "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
);

/** A log group as DescribeLogGroups lists it (recorded 2025: deletionProtectionEnabled, logGroupArn, logGroupClass). */
const logGroup = (name: string, extra: Record<string, unknown> = {}) => ({
  arn: `arn:<partition>:logs:<region>:<account>:log-group:${name}:*`,
  creationTime: '<number>',
  deletionProtectionEnabled: false,
  logGroupArn: `arn:<partition>:logs:<region>:<account>:log-group:${name}`,
  logGroupClass: 'STANDARD',
  logGroupName: name,
  metricFilterCount: 0,
  storedBytes: 0,
  ...extra,
});

const logStream = (group: string, name: string) => ({
  arn: `arn:<partition>:logs:<region>:<account>:log-group:${group}:log-stream:${name}`,
  creationTime: '<number>',
  logStreamName: name,
  storedBytes: 0,
});

export const logsCases: ParityCase[] = [
  {
    name: 'CreateLogGroup of a name that exists',
    source: `${GROUPS}test_create_log_group_duplicate_error/error-duplicate-log-group`,
    given: ['logGroup'],
    request: { op: 'CreateLogGroup', input: { logGroupName: '{{logGroupName}}' } },
    aws: error('ResourceAlreadyExistsException', 'The specified log group already exists'),
  },
  {
    name: 'CreateLogGroup of a 513-character name',
    source: `${GROUPS}test_create_log_group_invalid_name_length/error-invalid-name-length`,
    request: { op: 'CreateLogGroup', input: { logGroupName: 'a'.repeat(513) } },
    aws: error('InvalidParameterException', 'Invalid LogGroup or LogStream, both must have length less than or equal to 512.'),
  },
  {
    name: 'DescribeLogGroups of a group encrypted with a KMS key',
    source: `${GROUPS}test_create_log_group_with_kms_key/describe-log-groups-with-kms`,
    given: ['encryptedLogGroup'],
    request: { op: 'DescribeLogGroups', input: { logGroupNamePrefix: '{{encryptedLogGroupName}}' } },
    aws: {
      status: 200,
      body: { logGroups: [logGroup('/parity/encrypted/parity-<any>', { arn: '<any>', logGroupArn: '<any>', logGroupName: '<any>', kmsKeyId: 'arn:<partition>:kms:<region>:<account>:key/<uuid>' })] },
    },
  },
  {
    name: 'DescribeLogGroups by prefix',
    source: `${GROUPS}test_describe_log_groups_with_prefix/describe-log-groups-prefix`,
    given: ['logGroup'],
    request: { op: 'DescribeLogGroups', input: { logGroupNamePrefix: '{{logGroupName}}' } },
    aws: { status: 200, body: { logGroups: [logGroup('<any>', { arn: '<any>', logGroupArn: '<any>' })] } },
  },
  {
    name: 'DescribeLogGroups with both a prefix and a pattern',
    source: `${GROUPS}test_describe_log_groups_prefix_and_pattern_error/error-prefix-and-pattern`,
    request: { op: 'DescribeLogGroups', input: { logGroupNamePrefix: 'a', logGroupNamePattern: 'b' } },
    aws: error('InvalidParameterException', 'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.'),
  },
  {
    name: 'ListTagsLogGroup of a group created with tags',
    source: `${GROUPS}test_create_log_group_with_tags/list-tags-after-create`,
    given: ['taggedLogGroup'],
    request: { op: 'ListTagsLogGroup', input: { logGroupName: '{{taggedLogGroupName}}' } },
    aws: { status: 200, body: { tags: { env: 'testing' } } },
  },
  {
    name: 'ListTagsForResource of a group created with tags',
    source: `${GROUPS}test_tag_resource_api/list-tags-after-create`,
    given: ['taggedLogGroup'],
    request: { op: 'ListTagsForResource', input: { resourceArn: 'arn:aws:logs:ap-southeast-1:000000000000:log-group:{{taggedLogGroupName}}' } },
    aws: { status: 200, body: { tags: { env: 'testing' } } },
  },
  {
    name: 'CreateLogStream of a name that exists',
    source: `${STREAMS}test_create_log_stream_duplicate_error/error-duplicate-log-stream`,
    given: ['logStream'],
    request: { op: 'CreateLogStream', input: { logGroupName: '{{logGroupName}}', logStreamName: '{{logStreamName}}' } },
    aws: error('ResourceAlreadyExistsException', 'The specified log stream already exists'),
  },
  {
    name: 'DescribeLogStreams of a new stream',
    source: `${STREAMS}test_create_and_delete_log_stream/describe-log-streams-after-create`,
    given: ['logStream'],
    request: { op: 'DescribeLogStreams', input: { logGroupName: '{{logGroupName}}' } },
    aws: { status: 200, body: { logStreams: [logStream('/parity/parity-<any>', 'stream-parity-<any>')].map((s) => ({ ...s, arn: '<any>', logStreamName: '<any>' })) } },
  },
  {
    name: 'DescribeLogStreams by log group ARN (logGroupIdentifier)',
    source: `${STREAMS}test_describe_log_streams_with_log_group_identifier/describe-streams-identifier-arn`,
    given: ['logStream'],
    request: { op: 'DescribeLogStreams', input: { logGroupIdentifier: 'arn:aws:logs:ap-southeast-1:000000000000:log-group:{{logGroupName}}' } },
    aws: { status: 200, body: { logStreams: [{ ...logStream('x', 'y'), arn: '<any>', logStreamName: '<any>' }] } },
  },
  {
    name: 'DescribeLogStreams with both a group name and an identifier',
    source: `${STREAMS}test_describe_log_streams_with_log_group_identifier/error-both-name-and-identifier`,
    given: ['logGroup'],
    request: { op: 'DescribeLogStreams', input: { logGroupName: '{{logGroupName}}', logGroupIdentifier: '{{logGroupName}}' } },
    aws: error('ValidationException', 'LogGroup name and LogGroup ARN are mutually exclusive parameters.'),
  },
  {
    name: 'PutLogEvents to a stream that does not exist',
    source: `${EVENTS}test_put_log_events_to_invalid_stream/error-invalid-stream`,
    given: ['logGroup'],
    request: { op: 'PutLogEvents', input: { logGroupName: '{{logGroupName}}', logStreamName: 'missing', logEvents: [{ message: 'm', timestamp: Date.now() }] } },
    aws: STREAM_MISSING,
  },
  {
    name: 'PutLogEvents out of chronological order',
    source: `${EVENTS}test_put_log_events_wrong_order/error-wrong-order`,
    given: ['logStream'],
    request: {
      op: 'PutLogEvents',
      input: {
        logGroupName: '{{logGroupName}}',
        logStreamName: '{{logStreamName}}',
        logEvents: [
          { message: 'Message 0', timestamp: Date.now() },
          { message: 'Message 1', timestamp: Date.now() - 2 * DAY },
        ],
      },
    },
    aws: error('InvalidParameterException', 'Log events in a single PutLogEvents request must be in chronological order.'),
  },
  {
    name: 'PutLogEvents of an event older than the retention: rejected, not failed',
    source: `${EVENTS}test_put_log_events_too_old/response-too-old`,
    given: ['logStream'],
    request: { op: 'PutLogEvents', input: { logGroupName: '{{logGroupName}}', logStreamName: '{{logStreamName}}', logEvents: [{ message: 'Old', timestamp: Date.now() - 30 * DAY }] } },
    aws: { status: 200, body: { nextSequenceToken: '<any>', rejectedLogEventsInfo: { tooOldLogEventEndIndex: '<number>' } } },
  },
  {
    name: 'PutLogEvents of an event a day ahead: rejected, not failed',
    source: `${EVENTS}test_put_log_events_too_new/response-too-new`,
    given: ['logStream'],
    request: { op: 'PutLogEvents', input: { logGroupName: '{{logGroupName}}', logStreamName: '{{logStreamName}}', logEvents: [{ message: 'Future', timestamp: Date.now() + DAY }] } },
    aws: { status: 200, body: { nextSequenceToken: '<any>', rejectedLogEventsInfo: { tooNewLogEventStartIndex: '<number>' } } },
  },
  {
    name: 'GetLogEvents with a nextToken it never gave',
    source: `${EVENTS}test_get_log_events_invalid_token/error-invalid-token`,
    given: ['logStream'],
    request: { op: 'GetLogEvents', input: { logGroupName: '{{logGroupName}}', logStreamName: '{{logStreamName}}', nextToken: 'invalid-token' } },
    aws: BAD_TOKEN,
  },
  {
    name: 'GetLogEvents with a limit over 10000',
    source: `${EVENTS}test_get_log_events_limit_validation/error-limit-exceeded`,
    given: ['logStream'],
    request: { op: 'GetLogEvents', input: { logGroupName: '{{logGroupName}}', logStreamName: '{{logStreamName}}', limit: 10001 } },
    aws: LIMIT_OVER,
  },
  {
    name: 'GetLogEvents of a group that does not exist',
    source: `${EVENTS}test_resource_does_not_exist/error-log-group-does-not-exist`,
    request: { op: 'GetLogEvents', input: { logGroupName: 'log-group-missing-parity', logStreamName: 'log-stream-missing' } },
    aws: GROUP_MISSING,
  },
  {
    name: 'GetLogEvents of a stream that does not exist',
    source: `${EVENTS}test_resource_does_not_exist/error-log-stream-does-not-exist`,
    given: ['logGroup'],
    request: { op: 'GetLogEvents', input: { logGroupName: '{{logGroupName}}', logStreamName: 'log-stream-missing' } },
    aws: STREAM_MISSING,
  },
  {
    name: 'FilterLogEvents with a limit over 10000',
    source: `${FILTER}test_filter_log_events_limit_validation/error-limit-exceeded`,
    given: ['logGroup'],
    request: { op: 'FilterLogEvents', input: { logGroupName: '{{logGroupName}}', limit: 10001 } },
    aws: LIMIT_OVER,
  },
  {
    name: 'FilterLogEvents with a nextToken it never gave',
    source: `${FILTER}test_filter_log_events_unknown_token/invalid-token`,
    given: ['logGroup'],
    request: { op: 'FilterLogEvents', input: { logGroupName: '{{logGroupName}}', nextToken: 'unknown-token' } },
    aws: BAD_TOKEN,
  },
  {
    name: 'ListTagsLogGroup of a group without tags',
    source: `${GROUPS}test_tag_resource_api/list-tags-log-group-after-untag (the shape; KMS-less group)`,
    given: ['logGroup'],
    request: { op: 'ListTagsLogGroup', input: { logGroupName: '{{logGroupName}}' } },
    aws: { status: 200, body: { tags: {} } },
  },
  {
    name: 'CreateLogGroup with a KMS key answers nothing',
    source: `${GROUPS}test_create_log_group_with_kms_key (CreateLogGroup with kmsKeyId succeeds; Logs API reference CreateLogGroup: no response elements)`,
    given: ['logsKey'],
    request: { op: 'CreateLogGroup', input: { logGroupName: '/parity/with-key/{{suffix}}', kmsKeyId: '{{logsKeyArn}}' } },
    aws: { status: 200, body: {} },
  },
  {
    name: 'AssociateKmsKey to a group answers nothing',
    source: 'Logs API reference AssociateKmsKey (no response elements)',
    given: ['logGroup', 'logsKey'],
    request: { op: 'AssociateKmsKey', input: { logGroupName: '{{logGroupName}}', kmsKeyId: '{{logsKeyArn}}' } },
    aws: { status: 200, body: {} },
  },
  onMissingGroup('AssociateKmsKey', { logGroupName: '/parity/missing/{{suffix}}', kmsKeyId: '{{logsKeyArn}}' }, ['logsKey']),
  {
    name: 'DisassociateKmsKey of an encrypted group answers nothing',
    source: 'Logs API reference DisassociateKmsKey (no response elements)',
    given: ['encryptedLogGroup'],
    request: { op: 'DisassociateKmsKey', input: { logGroupName: '{{encryptedLogGroupName}}' } },
    aws: { status: 200, body: {} },
  },
  onMissingGroup('DisassociateKmsKey', { logGroupName: '/parity/missing/disassociate' }),
  {
    name: 'PutRetentionPolicy answers nothing',
    source: 'Logs API reference PutRetentionPolicy (no response elements)',
    given: ['logGroup'],
    request: { op: 'PutRetentionPolicy', input: { logGroupName: '{{logGroupName}}', retentionInDays: 7 } },
    aws: { status: 200, body: {} },
  },
  onMissingGroup('PutRetentionPolicy', { logGroupName: '/parity/missing/retention', retentionInDays: 7 }),
  {
    name: 'DescribeLogGroups of a group with a retention',
    source: `${GROUPS}test_describe_log_groups_with_prefix/describe-log-groups-prefix, with retentionInDays (Logs API reference LogGroup)`,
    given: ['retainedLogGroup'],
    request: { op: 'DescribeLogGroups', input: { logGroupNamePrefix: '{{retainedLogGroupName}}' } },
    aws: { status: 200, body: { logGroups: [logGroup('<any>', { arn: '<any>', logGroupArn: '<any>', retentionInDays: 7 })] } },
  },
  onMissingGroup('DescribeLogStreams', { logGroupName: '/parity/missing/streams' }),
  onMissingGroup('CreateLogStream', { logGroupName: '/parity/missing/create-stream', logStreamName: 's' }),
  onMissingGroup('PutLogEvents', { logGroupName: '/parity/missing/put', logStreamName: 's', logEvents: [{ message: 'm', timestamp: Date.now() }] }),
  {
    name: 'PutLogEvents answers a nextSequenceToken and nothing rejected',
    source: `${EVENTS}test_put_log_events_too_old/response-too-old (the shape without rejectedLogEventsInfo)`,
    given: ['logStream'],
    request: { op: 'PutLogEvents', input: { logGroupName: '{{logGroupName}}', logStreamName: '{{logStreamName}}', logEvents: [{ message: 'm', timestamp: Date.now() }] } },
    aws: { status: 200, body: { nextSequenceToken: '<any>' } },
  },
  {
    name: 'PutLogEvents without events',
    source: "botocore logs/2014-03-28 InputLogEvents (min 1), in the validation text Logs answers as InvalidParameterException (see GetLogEvents with a limit over 10000)",
    given: ['logStream'],
    request: { op: 'PutLogEvents', input: { logGroupName: '{{logGroupName}}', logStreamName: '{{logStreamName}}', logEvents: [] } },
    aws: error('InvalidParameterException', "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1"),
  },
  {
    name: 'GetLogEvents of an empty stream',
    source: 'Logs API reference GetLogEvents (response: events, nextBackwardToken, nextForwardToken)',
    given: ['logStream'],
    request: { op: 'GetLogEvents', input: { logGroupName: '{{logGroupName}}', logStreamName: '{{logStreamName}}' } },
    aws: { status: 200, body: { events: [], nextBackwardToken: '<any>', nextForwardToken: '<any>' } },
  },
  onMissingGroup('FilterLogEvents', { logGroupName: '/parity/missing/filter' }),
  onMissingGroup('DeleteLogGroup', { logGroupName: '/parity/missing/delete' }),
  {
    name: 'DeleteLogStream of a stream that does not exist',
    source: `${EVENTS}test_resource_does_not_exist/error-log-stream-does-not-exist (Logs' text for any missing stream)`,
    given: ['logGroup'],
    request: { op: 'DeleteLogStream', input: { logGroupName: '{{logGroupName}}', logStreamName: 'missing' } },
    aws: STREAM_MISSING,
  },
];
