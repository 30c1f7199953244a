import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { zipFiles } from '../../helpers/zip';
import { functionActive } from '../../helpers/lambda-waiters';
import { useLocalCloud } from '../../helpers/local-cloud';
import { LAMBDA_TRUST } from '../../helpers/roles';

/**
 * A function acts with its execution role, as on AWS: inside it, STS says who it is, what the role allows works and
 * the rest is refused in AWS's words; the platform ships its logs only when the role may write them.
 */
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

const CODE = `
const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
const { SSMClient, GetParameterCommand } = require('@aws-sdk/client-ssm');
const { KMSClient, ListKeysCommand } = require('@aws-sdk/client-kms');
const { CloudWatchLogsClient, DescribeLogGroupsCommand } = require('@aws-sdk/client-cloudwatch-logs');
const attempt = (p) => p.then(() => 'ok', (e) => e.name + ': ' + e.message);
exports.handler = async () => {
  console.log('hello from the function');
  const me = await new STSClient({}).send(new GetCallerIdentityCommand({}));
  return {
    arn: me.Arn,
    one: await attempt(new SSMClient({}).send(new GetParameterCommand({ Name: '/app/one' }))),
    two: await attempt(new SSMClient({}).send(new GetParameterCommand({ Name: '/app/two' }))),
    kms: await attempt(new KMSClient({}).send(new ListKeysCommand({}))),
    logs: await attempt(new CloudWatchLogsClient({}).send(new DescribeLogGroupsCommand({}))),
  };
};`;

describe('a function acts with its execution role', () => {
  const { lambda, iam, ssm, logs } = useLocalCloud({ lambda: LambdaClient, iam: IAMClient, ssm: SSMClient, logs: CloudWatchLogsClient });

  beforeAll(async () => {
    for (const name of ['reader-role', 'bare-role']) await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'reader-role', PolicyArn: BASIC }));
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'reader-role', PolicyName: 'one',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/one` }] }),
    }));
    for (const name of ['/app/one', '/app/two']) await ssm.send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'String' }));
    for (const [fn, role] of [['reader', 'reader-role'], ['bare', 'bare-role']]) {
      await lambda.send(new CreateFunctionCommand({
        FunctionName: fn, Role: `arn:aws:iam::${ACCOUNT}:role/${role}`, Runtime: 'nodejs20.x', Handler: 'index.handler',
        Code: { ZipFile: await zipFiles({ 'index.js': CODE }) }, Timeout: 30,
      }));
      await functionActive(lambda, fn);
    }
  }, 60_000);

  const invoke = async (fn: string) => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: fn }));
    return JSON.parse(Buffer.from(out.Payload!).toString('utf8')) as Record<string, string>;
  };
  const session = (role: string, fn: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${fn}`;

  it('may do what its role allows, and is refused the rest in AWS words', async () => {
    // Act
    const result = await invoke('reader');
    // Assess
    expect(result).toEqual({
      arn: session('reader-role', 'reader'),
      one: 'ok',
      two: `AccessDeniedException: User: ${session('reader-role', 'reader')} is not authorized to perform: ssm:GetParameter on resource: `
        + `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/two because no identity-based policy allows the ssm:GetParameter action`,
      kms: `AccessDeniedException: User: ${session('reader-role', 'reader')} is not authorized to perform: kms:ListKeys on resource: * `
        + 'because no identity-based policy allows the kms:ListKeys action',
      logs: `AccessDeniedException: User: ${session('reader-role', 'reader')} is not authorized to perform: logs:DescribeLogGroups on resource: `
        + `arn:aws:logs:${REGION}:${ACCOUNT}:log-group::log-stream: because no identity-based policy allows the logs:DescribeLogGroups action`,
    });
  }, 60_000);

  it('ships the logs of a role that may write them, drops those of a role that may not, and says why', async () => {
    // Prepare: Lambda's platform writes to the server's standard error
    const stderr: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    // Act
    await invoke('reader');
    const bare = await invoke('bare');
    await new Promise((r) => setTimeout(r, 300));
    spy.mockRestore();
    // Assess: the bare function ran, as on AWS
    expect(bare.arn).toBe(session('bare-role', 'bare'));
    const events = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/reader', filterPattern: '"hello from the function"' }));
    expect(events.events?.length).toBeGreaterThan(0);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/bare' }));
    expect(groups.logGroups).toEqual([]);
    expect(stderr.join('')).toContain(`function bare may not write to log group /aws/lambda/bare: its execution role arn:aws:iam::${ACCOUNT}:role/bare-role lacks logs:CreateLogStream`);
  }, 60_000);
});
