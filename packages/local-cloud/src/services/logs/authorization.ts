import { logStreamArn, parseLogGroupArn } from '../../core/arns/logs';
import type { Scope } from '../../core/scope';
import type { CallContext } from '../../core/service';
import { one, type AuthorizationTable } from '../../core/operation';

/**
 * CloudWatch Logs' IAM facts per operation (Service Authorization Reference, "Actions, resources, and condition
 * keys for Amazon CloudWatch Logs": https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html).
 * Resources are named the way Logs' AccessDenied messages name them: a group as
 * `arn:aws:logs:<r>:<a>:log-group:<name>:log-stream:`, a stream as `…:log-group:<name>:log-stream:<stream>`,
 * and DescribeLogGroups (no resource type) as `…:log-group::log-stream:`. A policy's `…:log-group:<name>:*`
 * covers both, as on AWS; a bare `…:log-group:<name>` does not.
 */
type Input = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The group a call names, from `logGroupName` or `logGroupIdentifier` (a name, or an ARN with or without `:*`,
 * which also says where the group is).
 */
function namedGroup(input: Input, ctx: CallContext): { scope: Scope; name: string } {
  const id = str(input.logGroupIdentifier) || str(input.logGroupName);
  const arn = parseLogGroupArn(id);
  return arn ? { scope: arn.scope, name: arn.logGroupName } : { scope: ctx, name: id };
}

// a group as Logs' refusals name it (`…:log-group:<name>:log-stream:`), a stream as `…:log-stream:<stream>`
const groupArn = (scope: Scope, name: string) => logStreamArn(scope, name, '');
const streamArn = logStreamArn;

const onGroup = (action: string) => (input: Input, ctx: CallContext) => {
  const group = namedGroup(input, ctx);
  return one(action, groupArn(group.scope, group.name));
};
const onStream = (action: string) => (input: Input, ctx: CallContext) => {
  const group = namedGroup(input, ctx);
  return one(action, streamArn(group.scope, group.name, str(input.logStreamName)));
};
/** Tagging by ARN names the group's ARN as given (without a trailing `:*`). */
const onTagged = (action: string) => (input: Input) => one(action, str(input.resourceArn).replace(/:\*$/, ''));

export const LOGS_AUTHORIZATION: AuthorizationTable = {
  CreateLogGroup: onGroup('logs:CreateLogGroup'),
  DeleteLogGroup: onGroup('logs:DeleteLogGroup'),
  DescribeLogGroups: (_input, ctx) => one('logs:DescribeLogGroups', groupArn(ctx, '')),
  PutRetentionPolicy: onGroup('logs:PutRetentionPolicy'),
  DeleteRetentionPolicy: onGroup('logs:DeleteRetentionPolicy'),
  AssociateKmsKey: onGroup('logs:AssociateKmsKey'),
  DisassociateKmsKey: onGroup('logs:DisassociateKmsKey'),
  CreateLogStream: onStream('logs:CreateLogStream'),
  DeleteLogStream: onStream('logs:DeleteLogStream'),
  DescribeLogStreams: onGroup('logs:DescribeLogStreams'),
  PutLogEvents: onStream('logs:PutLogEvents'),
  GetLogEvents: onStream('logs:GetLogEvents'),
  FilterLogEvents: onGroup('logs:FilterLogEvents'),
  TagResource: onTagged('logs:TagResource'),
  UntagResource: onTagged('logs:UntagResource'),
  ListTagsForResource: onTagged('logs:ListTagsForResource'),
  TagLogGroup: onGroup('logs:TagLogGroup'),
  UntagLogGroup: onGroup('logs:UntagLogGroup'),
  ListTagsLogGroup: onGroup('logs:ListTagsLogGroup'),
};

/** The ARN a Logs refusal names for `action` on a group (and stream): for the log shipper's own checks. */
export function logsResourceArn(ctx: Pick<CallContext, 'region' | 'accountId'>, group: string, stream?: string): string {
  return stream === undefined ? groupArn(ctx, group) : streamArn(ctx, group, stream);
}
