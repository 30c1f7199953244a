import { buildArn, parseArn, PARTITION } from '../arn';
import type { Scope } from '../scope';

/** `arn:aws:logs:<region>:<account>:log-group:<name>`: no trailing `:*` (that is the `arn` DescribeLogGroups shows). */
export const logGroupArn = (scope: Scope, logGroupName: string): string =>
  buildArn('logs', scope.region, scope.accountId, `log-group:${logGroupName}`);

/** The `arn` member of DescribeLogGroups' `LogGroup`: the group ARN followed by `:*`. */
export const logGroupWildcardArn = (scope: Scope, logGroupName: string): string => `${logGroupArn(scope, logGroupName)}:*`;

/** `arn:aws:logs:<region>:<account>:log-group:<group>:log-stream:<stream>`. */
export const logStreamArn = (scope: Scope, logGroupName: string, logStreamName: string): string =>
  `${logGroupArn(scope, logGroupName)}:log-stream:${logStreamName}`;

/** A log group ARN read back: where the group lives, its name, and whether it ended in `:*`. */
export interface ParsedLogGroupArn {
  readonly scope: Scope;
  readonly logGroupName: string;
  readonly wildcard: boolean;
}

const AWS_PARTITION = new RegExp(`^${PARTITION}[a-z-]*$`);

/**
 * Reads `arn:aws…:logs:<region>:<12 digits>:log-group:<name>` with or without a trailing `:*`;
 * `undefined` for anything else (a stream ARN, another service, an empty region or name).
 */
export function parseLogGroupArn(arn: string): ParsedLogGroupArn | undefined {
  const parsed = parseArn(arn);
  if (!parsed || !AWS_PARTITION.test(parsed.partition) || parsed.service !== 'logs') return undefined;
  if (parsed.region === '' || !/^\d{12}$/.test(parsed.account)) return undefined;
  const parts = parsed.resource.split(':');
  const wildcard = parts.length === 3 && parts[2] === '*';
  if (parts[0] !== 'log-group' || parts[1] === '' || (parts.length !== 2 && !wildcard)) return undefined;
  return { scope: { accountId: parsed.account, region: parsed.region }, logGroupName: parts[1], wildcard };
}
