/**
 * TEST ONLY. The key policies of the seed document (shared/seeds/000_32782427b5c4ddba.txt),
 * rebuilt so that tests can show what the guard and the deploy target do with them.
 * Never the default: the stack uses them only when `keyPolicyMode` asks for them.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LOGS_ENCRYPTION_CONTEXT_KEY, logGroupArn, logsServicePrincipal } from '../cloudwatch-logs';

/**
 * How the stack builds its key policy.
 * - `least-privilege` (the default, the only production value): account root + one CloudWatch
 *   Logs statement naming exactly the stack's log groups.
 * - `seed-broken` (TEST ONLY): the seed's original policy, account root only. CloudWatch Logs
 *   cannot use the key, so creating the encrypted log groups fails with AccessDeniedException.
 * - `seed-wildcard` (TEST ONLY): the seed's "fixed" policy: it adds `kms:CreateGrant` and an
 *   `ArnLike` wildcard. The seed's own pattern `log-group:/aws/lambda/*` does not cover this
 *   stack's group names, so `log-group:<prefix>*` is added to it: it deploys, but lets
 *   CloudWatch Logs use the key for groups the stack does not own.
 */
export type KeyPolicyMode = 'least-privilege' | 'seed-broken' | 'seed-wildcard';

/** Every {@link KeyPolicyMode}, for validating input. */
export const KEY_POLICY_MODES: readonly KeyPolicyMode[] = ['least-privilege', 'seed-broken', 'seed-wildcard'];

/**
 * TEST ONLY: the seed's key policy for `mode`.
 *
 * @param logGroupNamePrefix the common prefix of the stack's log group names (for `seed-wildcard`)
 */
export function seedKeyPolicy(
  scope: Construct,
  mode: Exclude<KeyPolicyMode, 'least-privilege'>,
  logGroupNamePrefix: string,
): iam.PolicyDocument {
  const stack = Stack.of(scope);
  const statements = [
    new iam.PolicyStatement({
      sid: 'EnableIAMUserPermissions',
      principals: [new iam.AccountRootPrincipal()],
      actions: ['kms:*'],
      resources: ['*'],
    }),
  ];
  if (mode === 'seed-wildcard') {
    const arnOf = (logGroupName: string) =>
      logGroupArn({ partition: Aws.PARTITION, region: stack.region, account: stack.account, logGroupName });
    statements.push(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogs',
        principals: [iam.ServicePrincipal.fromStaticServicePrincipleName(logsServicePrincipal(stack.region))],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          ArnLike: { [LOGS_ENCRYPTION_CONTEXT_KEY]: [arnOf('/aws/lambda/*'), arnOf(`${logGroupNamePrefix}*`)] },
        },
      }),
    );
  }
  return new iam.PolicyDocument({ statements });
}
