import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { inProcessContext } from '../../../src/core/scope';
import type { AwsService } from '../../../src/core/service';
import { Authorizer } from '../../../src/services/iam/authorizer';
import { createServices } from '../../../src/services/registry';
import { Store } from '../../../src/store/store';
import { startLocalCloud } from '../../helpers/local-cloud';
import { functionActive } from '../../helpers/lambda-waiters';
import { zipFiles } from '../../helpers/zip';

describe('IAM facts of every operation', () => {
  const store = Store.open(':memory:');
  const services = createServices({ store });
  afterAll(() => store.close());

  it.each(services.map((s) => [s.signingName, s] as const))('%s: every implemented operation has an entry in its authorization table', (_name, service) => {
    // Assess: an operation missing here would be refused on every call
    const table = service.authorization ?? {};
    const missing = Object.keys(service.operations).filter((op) => !Object.hasOwn(table, op));
    expect(missing).toEqual([]);
  });

  it('refuses an operation without IAM facts, saying what is missing (fail closed)', async () => {
    // Prepare: a service without IAM facts
    const toy: AwsService = { signingName: 'toy', protocol: 'awsJson1_1', operations: { DoIt: () => ({}) } };
    const authorizer = new Authorizer({ mode: 'enforce' });
    const ctx = inProcessContext({ accountId: '000000000000', region: 'ap-southeast-1' }, '');
    // Act
    const refusal = authorizer.authorizeCall(toy, 'DoIt', {}, ctx);
    // Assess: even the root is refused
    await expect(refusal).rejects.toMatchObject({
      code: 'AccessDeniedException',
      message: expect.stringContaining('local-cloud has no IAM authorization facts for toy DoIt'),
    });
  });
});

describe('LOCAL_CLOUD_IAM=soft', () => {
  jest.setTimeout(60_000);
  it('logs what it would refuse and allows it', async () => {
    // Prepare
    const before = process.env.LOCAL_CLOUD_IAM;
    process.env.LOCAL_CLOUD_IAM = 'soft';
    const lines: string[] = [];
    const lc = await startLocalCloud({ log: (l) => lines.push(l) });
    if (before === undefined) delete process.env.LOCAL_CLOUD_IAM;
    else process.env.LOCAL_CLOUD_IAM = before;
    try {
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });
      await new IAMClient(lc.clientConfig).send(new CreateRoleCommand({ RoleName: 'bare', AssumeRolePolicyDocument: trust }));
      const { Credentials: c } = await new STSClient(lc.clientConfig).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/bare', RoleSessionName: 'soft' }));
      const ssm = new SSMClient({ ...lc.clientConfig, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken } });
      // Act: refused with enforcement; here it reaches the operation (which finds no parameter)
      const outcome = await ssm.send(new GetParameterCommand({ Name: '/nothing' })).catch((e: Error) => e);
      // Assess
      expect(outcome).toMatchObject({ name: 'ParameterNotFound' });
      expect(lines.join('\n')).toContain('would refuse (LOCAL_CLOUD_IAM=soft): User: arn:aws:sts::000000000000:assumed-role/bare/soft is not authorized to perform: ssm:GetParameter');

      // Act: a function whose role may not write its logs
      const lambdaTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      await new IAMClient(lc.clientConfig).send(new CreateRoleCommand({ RoleName: 'bare-fn', AssumeRolePolicyDocument: lambdaTrust }));
      const lambda = new LambdaClient(lc.clientConfig);
      await lambda.send(new CreateFunctionCommand({
        FunctionName: 'soft-logs', Role: 'arn:aws:iam::000000000000:role/bare-fn', Runtime: 'nodejs20.x', Handler: 'index.handler',
        Code: { ZipFile: await zipFiles({ 'index.js': "exports.handler = async () => { console.log('soft line'); return 1; };" }) },
      }));
      await functionActive(lambda, 'soft-logs');
      await lambda.send(new InvokeCommand({ FunctionName: 'soft-logs' }));
      await new Promise((r) => setTimeout(r, 500)); // the platform ships lines every 50 ms
      // Assess: its lines are shipped, and the log says enforcement would have dropped them
      const events = await new CloudWatchLogsClient(lc.clientConfig).send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/soft-logs', filterPattern: '"soft line"' }));
      expect(events.events?.length).toBe(1);
      expect(lines.join('\n')).toContain('would refuse (LOCAL_CLOUD_IAM=soft): function soft-logs may not write to log group /aws/lambda/soft-logs');
      lambda.destroy();
    } finally {
      await lc.close();
    }
  });
});
