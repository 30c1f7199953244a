import { Aws, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  LOGS_ENCRYPTION_CONTEXT_KEY,
  LOGS_KEY_POLICY_ACTIONS,
  LOGS_KEY_POLICY_SID,
  logGroupArn,
  logsServicePrincipal,
} from '../cloudwatch-logs';

/**
 * The one key-policy statement that lets CloudWatch Logs use a KMS key, for exactly the log
 * groups registered with it. One per key: find it with {@link LogsKeyPolicy.of}.
 *
 * The statement is rendered lazily, so it names every group registered until synthesis:
 * `Principal: { Service: logs.<region>.amazonaws.com }`, the documented actions,
 * `Resource: "*"` and `ArnEquals` on `kms:EncryptionContext:aws:logs:arn` with each group's
 * ARN built from its name (no `:*`, no wildcard).
 *
 * @example
 * const key = new kms.Key(this, 'Key', { enableKeyRotation: true });
 * LogsKeyPolicy.of(key).allowLogGroup('/my-app/function');
 */
export class LogsKeyPolicy extends Construct {
  /** The statement's Sid in the key policy. */
  public static readonly SID = LOGS_KEY_POLICY_SID;

  /**
   * The statement of this key, added to the key policy on first use.
   *
   * @throws if the key has no editable policy (an imported key): the statement could not be added
   */
  public static of(key: kms.IKey): LogsKeyPolicy {
    const existing = key.node.tryFindChild(LogsKeyPolicy.ID);
    return existing instanceof LogsKeyPolicy ? existing : new LogsKeyPolicy(key);
  }

  private static readonly ID = 'CloudWatchLogsKeyPolicy';

  private readonly logGroupArns: string[] = [];

  private constructor(key: kms.IKey) {
    super(key, LogsKeyPolicy.ID);
    const stack = Stack.of(key);
    const statement = new iam.PolicyStatement({
      sid: LogsKeyPolicy.SID,
      effect: iam.Effect.ALLOW,
      // A static name: CDK would otherwise normalise `logs.<region>.amazonaws.com` to
      // `logs.amazonaws.com`; AWS documents the regional principal for key policies.
      principals: [iam.ServicePrincipal.fromStaticServicePrincipleName(logsServicePrincipal(stack.region))],
      actions: [...LOGS_KEY_POLICY_ACTIONS],
      resources: ['*'],
      conditions: {
        ArnEquals: {
          [LOGS_ENCRYPTION_CONTEXT_KEY]: Lazy.list({ produce: () => [...this.logGroupArns] }),
        },
      },
    });
    // allowNoOp = false: an imported key's policy cannot be edited, so fail here, not at deploy.
    key.addToResourcePolicy(statement, false);
  }

  /**
   * Lets CloudWatch Logs use the key for the log group of this name (in the key's stack's
   * account and region).
   *
   * @returns the group's ARN as it appears in the encryption context
   */
  public allowLogGroup(logGroupName: string): string {
    const stack = Stack.of(this);
    const arn = logGroupArn({ partition: Aws.PARTITION, region: stack.region, account: stack.account, logGroupName });
    if (!this.logGroupArns.includes(arn)) this.logGroupArns.push(arn);
    return arn;
  }
}
