import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import {
  ContextKeyTypeEnum,
  IAMClient,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { clientsFor } from '../src/clients';
import { resolveTarget } from '../src/target';

/**
 * The stack's least privilege, proved with IAM's policy simulator — the same calls locally (local-cloud answers them
 * with its authorizer) and on AWS: the function's role may write its own log group and nothing else, and the key
 * policy's CloudWatch Logs statement covers exactly the stack's two groups.
 */
const target = resolveTarget();
const { kms, lambda } = clientsFor(target);
const iam = new IAMClient(target.clientConfig);
const { FunctionName, LogGroupName, AccessLogGroupName, KmsKeyArn, KmsKeyId } = target.outputs;
const [, partition, , region, account] = KmsKeyArn.split(':');
const groupArn = (name: string) => `arn:${partition}:logs:${region}:${account}:log-group:${name}`;
const streamArn = (group: string, stream: string) => `${groupArn(group)}:log-stream:${stream}`;
const outsider = '/kms-logs-api/e2e/outsider';
// the simulator takes actions, not wildcards: each action the statement's `kms:Encrypt*`, … patterns cover that Logs uses
const LOGS_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'];

const decisions = (results: EvaluationResult[] | undefined) =>
  (results ?? []).map((r) => ({ action: r.EvalActionName, resource: r.EvalResourceName, decision: r.EvalDecision })).sort((a, b) =>
    `${a.action} ${a.resource}`.localeCompare(`${b.action} ${b.resource}`),
  );

describe("the function's role, simulated: its own log group and nothing else", () => {
  let roleArn: string;

  beforeAll(async () => {
    roleArn = (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName }))).Role!;
  });

  const simulate = async (ActionNames: string[], ResourceArns: string[]) =>
    decisions((await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames, ResourceArns }))).EvaluationResults);

  test('may create streams in and put events to its own group: allowed', async () => {
    const stream = streamArn(LogGroupName, '2026/12/06/[$LATEST]0123456789abcdef');
    expect(await simulate(['logs:CreateLogStream', 'logs:PutLogEvents'], [stream])).toEqual([
      { action: 'logs:CreateLogStream', resource: stream, decision: 'allowed' },
      { action: 'logs:PutLogEvents', resource: stream, decision: 'allowed' },
    ]);
  });

  test.each([
    ['another group (the access-log group)', ['logs:CreateLogStream', 'logs:PutLogEvents'], streamArn(AccessLogGroupName, 'x')],
    ['a group outside the stack', ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:CreateLogGroup'], streamArn(outsider, 'x')],
    ['its own group, beyond writing', ['logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:GetLogEvents'], streamArn(LogGroupName, 'x')],
    ['the stack key', ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], KmsKeyArn],
    ['any SSM parameter', ['ssm:GetParameter', 'ssm:PutParameter'], `arn:${partition}:ssm:${region}:${account}:parameter/kms-logs-api/anything`],
  ])('%s: implicitDeny', async (_what, actions, resource) => {
    const results = await simulate(actions, [resource]);
    expect(results.map((r) => r.decision)).toEqual(actions.map(() => 'implicitDeny'));
  });

  test('the stack key, with its key policy as the resource policy: kms:Decrypt is still implicitDeny', async () => {
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: KmsKeyId, PolicyName: 'default' }));
    const res = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames: ['kms:Decrypt'], ResourceArns: [KmsKeyArn], ResourcePolicy: Policy, ResourceOwner: `arn:${partition}:iam::${account}:root` }),
    );
    expect(decisions(res.EvaluationResults)).toEqual([{ action: 'kms:Decrypt', resource: KmsKeyArn, decision: 'implicitDeny' }]);
  });
});

/**
 * The simulator takes an IAM user or role as the caller, never a service principal, so it cannot evaluate the key
 * policy for `logs.<region>.amazonaws.com` itself. What it can: the logs statement's actions and condition, as a
 * custom policy (its principal left out), against the encryption context CloudWatch Logs sends for each group.
 */
describe("the key policy's CloudWatch Logs statement, simulated: exactly the stack's two groups", () => {
  let statementAsPolicy: string;

  beforeAll(async () => {
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: KmsKeyId, PolicyName: 'default' }));
    const statements = JSON.parse(Policy!).Statement.filter((s: any) => s.Principal?.Service === `logs.${region}.amazonaws.com` && s.Effect === 'Allow');
    expect(statements).toHaveLength(1);
    const { Principal: _principal, ...statement } = statements[0];
    statementAsPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ ...statement, Resource: KmsKeyArn }] });
  });

  const simulate = async (group: string) => {
    const res = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [statementAsPolicy],
        ActionNames: LOGS_KEY_ACTIONS,
        ResourceArns: [KmsKeyArn],
        ContextEntries: [{ ContextKeyName: 'kms:EncryptionContext:aws:logs:arn', ContextKeyType: ContextKeyTypeEnum.STRING, ContextKeyValues: [groupArn(group)] }],
      }),
    );
    return (res.EvaluationResults ?? []).map((r) => r.EvalDecision);
  };

  test.each([
    ['the function group', LogGroupName],
    ['the access-log group', AccessLogGroupName],
  ])('%s: allowed', async (_what, group) => {
    expect(await simulate(group)).toEqual(LOGS_KEY_ACTIONS.map(() => 'allowed'));
  });

  test('a group outside the stack: implicitDeny', async () => {
    expect(await simulate(outsider)).toEqual(LOGS_KEY_ACTIONS.map(() => 'implicitDeny'));
  });
});
