import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LogsKeyPolicy } from './logs-key-policy';

/** Properties of an {@link EncryptedLogGroup}. */
export interface EncryptedLogGroupProps {
  /** The customer-managed key that encrypts the group; its policy gets the group added. */
  readonly key: kms.IKey;
  /** The group's name. Must not start with `aws/` (reserved by AWS). */
  readonly logGroupName: string;
  /**
   * How long CloudWatch Logs keeps the events.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly retention?: logs.RetentionDays;
  /**
   * What happens to the group when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A CloudWatch Logs log group encrypted with a customer-managed KMS key, whose key policy
 * lets CloudWatch Logs use the key for exactly this group.
 *
 * CDK's `LogGroup` only sets `KmsKeyId`; creating the group then fails with
 * `AccessDeniedException` unless the key policy allows `logs.<region>.amazonaws.com`.
 * This construct adds the group's ARN to the key's one CloudWatch Logs statement
 * ({@link LogsKeyPolicy}), so that mistake cannot be written with it.
 *
 * @example
 * const group = new EncryptedLogGroup(this, 'FunctionLogs', {
 *   key,
 *   logGroupName: '/my-app/dev/function',
 *   removalPolicy: RemovalPolicy.DESTROY,
 * });
 */
export class EncryptedLogGroup extends Construct {
  /** The log group. */
  public readonly logGroup: logs.LogGroup;
  /** The group's name. */
  public readonly logGroupName: string;
  /**
   * The group's ARN WITHOUT the trailing `:*` (the encryption-context value), unlike
   * `logGroup.logGroupArn`.
   */
  public readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    validateLogGroupName(this, props.logGroupName);

    // Register first: the statement exists before anything can reference the group.
    this.logGroupArn = LogsKeyPolicy.of(props.key).allowLogGroup(props.logGroupName);
    this.logGroupName = props.logGroupName;
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      logGroupName: props.logGroupName,
      encryptionKey: props.key,
      retention: props.retention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}

// CloudWatch Logs CreateLogGroup: 1-512 characters of [.-_/#A-Za-z0-9]; `aws/` is reserved.
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

function validateLogGroupName(scope: Construct, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (!LOG_GROUP_NAME.test(name)) {
    throw new Error(`${scope.node.path}: invalid log group name "${name}": use 1-512 of . - _ / # A-Z a-z 0-9`);
  }
  if (name.startsWith('aws/')) {
    throw new Error(`${scope.node.path}: invalid log group name "${name}": names starting with "aws/" are reserved by AWS`);
  }
}
