/**
 * What this package knows about CloudWatch Logs and KMS, in one place: the ARNs, the service
 * principal, the encryption context and the KMS actions. The stack calls these with CDK tokens
 * (`Aws.PARTITION`, `stack.region`, …), the synth-time guard with the concrete values it
 * resolved from a template, so both sides agree on the exact text.
 */

/**
 * The key-policy actions AWS documents for CloudWatch Logs (CloudWatch Logs User Guide,
 * "Encrypt log data in CloudWatch Logs using AWS KMS"). `kms:CreateGrant` is not among them.
 */
export const LOGS_KEY_POLICY_ACTIONS: readonly string[] = [
  'kms:Encrypt*',
  'kms:Decrypt*',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:Describe*',
];

/** The KMS operations CloudWatch Logs performs with the key of an encrypted log group. */
export const LOGS_KMS_OPERATIONS: readonly string[] = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
];

/** The Sid of the CloudWatch Logs statement in a key policy. */
export const LOGS_KEY_POLICY_SID = 'AllowCloudWatchLogsForTheseLogGroups';

/** The condition key that carries the log group ARN (without `:*`) in each of those requests. */
export const LOGS_ENCRYPTION_CONTEXT_KEY = 'kms:EncryptionContext:aws:logs:arn';

/** Where a log group lives. Each value may be a literal or a CDK token. */
export interface LogGroupLocation {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly logGroupName: string;
}

/**
 * The log group ARN WITHOUT the trailing `:*`: the value CloudWatch Logs puts in the KMS
 * encryption context `aws:logs:arn`. (CloudFormation's `Arn` attribute and CDK's
 * `logGroupArn` end in `:*` and never equal it.)
 *
 * @example
 * logGroupArn({ partition: 'aws', region: 'ap-southeast-1', account: '123456789012', logGroupName: '/app/fn' })
 * // 'arn:aws:logs:ap-southeast-1:123456789012:log-group:/app/fn'
 */
export function logGroupArn(location: LogGroupLocation): string {
  return `arn:${location.partition}:logs:${location.region}:${location.account}:log-group:${location.logGroupName}`;
}

/**
 * The ARN IAM evaluates for log-group actions such as `logs:CreateLogStream`: the group's
 * ARN followed by `:*` (CloudWatch Logs User Guide, "CloudWatch Logs resources and operations").
 */
export function logGroupActionsArn(location: LogGroupLocation): string {
  return `${logGroupArn(location)}:*`;
}

/** The ARN of every log stream of the group, for `logs:PutLogEvents`. */
export function logStreamsArn(location: LogGroupLocation): string {
  return `${logGroupArn(location)}:log-stream:*`;
}

/** The regional CloudWatch Logs service principal AWS documents for key policies. */
export function logsServicePrincipal(region: string): string {
  return `logs.${region}.amazonaws.com`;
}

/**
 * The key-policy statement AWS documents for CloudWatch Logs, naming exactly these log groups
 * (ARNs without `:*`), as policy JSON.
 *
 * @example
 * logsKeyPolicyStatement('ap-southeast-1', ['arn:aws:logs:ap-southeast-1:123456789012:log-group:/app/fn'])
 */
export function logsKeyPolicyStatement(region: string, logGroupArns: readonly string[]): object {
  return {
    Sid: LOGS_KEY_POLICY_SID,
    Effect: 'Allow',
    Principal: { Service: logsServicePrincipal(region) },
    Action: [...LOGS_KEY_POLICY_ACTIONS],
    Resource: '*',
    Condition: {
      ArnEquals: { [LOGS_ENCRYPTION_CONTEXT_KEY]: logGroupArns.length === 1 ? logGroupArns[0] : [...logGroupArns] },
    },
  };
}
