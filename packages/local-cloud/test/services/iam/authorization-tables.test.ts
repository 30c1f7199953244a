import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { inProcessContext } from '../../../src/core/scope';
import type { AwsService } from '../../../src/core/service';
import { Authorizer } from '../../../src/services/iam/authorizer';
import { createServices } from '../../../src/services/registry';
import { Store } from '../../../src/store/store';
import { startLocalCloud } from '../../helpers/local-cloud';

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
    } finally {
      await lc.close();
    }
  });
});
