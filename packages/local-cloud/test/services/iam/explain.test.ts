import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { useLocalCloud } from '../../helpers/local-cloud';

/** Every refusal is explainable by its request id: `local-cloud explain <id>` asks the running server. */
describe('explain a refusal', () => {
  const cloud = useLocalCloud();

  it('prints principal, action, resource, context keys, policies consulted and the smallest statement that would allow it', async () => {
    // Prepare: a role that may read /app/one only
    const iam = new IAMClient(cloud().clientConfig);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'reader', PolicyName: 'one',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'One', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:ap-southeast-1:000000000000:parameter/app/one' }] }),
    }));
    const { Credentials: c } = await new STSClient(cloud().clientConfig).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/reader', RoleSessionName: 'me' }));
    const ssm = new SSMClient({ ...cloud().clientConfig, maxAttempts: 1, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken } });
    const refused = await ssm.send(new GetParameterCommand({ Name: '/app/two' })).catch((e: { $metadata: { requestId: string } }) => e) as { $metadata: { requestId: string } };
    // Act
    const res = await fetch(`${cloud().endpoint}/_local-cloud/explain/${refused.$metadata.requestId}`);
    const text = await res.text();
    const unknown = await fetch(`${cloud().endpoint}/_local-cloud/explain/00000000-0000-0000-0000-000000000000`);
    // Assess
    expect(res.status).toBe(200);
    expect(text).toContain('REFUSED  ssm:GetParameter on arn:aws:ssm:ap-southeast-1:000000000000:parameter/app/two');
    expect(text).toContain('principal: arn:aws:sts::000000000000:assumed-role/reader/me (AssumedRole, role arn:aws:iam::000000000000:role/reader)');
    expect(text).toContain('aws:PrincipalArn = "arn:aws:iam::000000000000:role/reader"');
    expect(text).toContain('identity role/reader inline policy one');
    expect(text).toContain('to allow it: add to an identity-based policy of arn:aws:iam::000000000000:role/reader: '
      + '{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:ap-southeast-1:000000000000:parameter/app/two"}');
    expect(unknown.status).toBe(404);
    for (const client of [iam, ssm]) client.destroy();
  });
});
