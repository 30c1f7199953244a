import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useLocalCloud } from '../../helpers/local-cloud';
import { createLambdaRole } from '../../helpers/roles';

const DEPLOY_ROLE = 'arn:aws:iam::000000000000:role/cdk-hnb659fds-deploy-role-000000000000-ap-southeast-1';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });

describe('STS', () => {
  const cloud = useLocalCloud({ sts: STSClient });
  const { sts } = cloud;

  it('GetCallerIdentity answers the account root for the test key', async () => {
    // Act
    const me = await sts.send(new GetCallerIdentityCommand({}));
    // Assess
    expect(me).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root', UserId: '000000000000' });
    expect(me.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('AssumeRole of the CDK bootstrap cfn-exec role is refused: its trust policy names only CloudFormation', async () => {
    const arn = 'arn:aws:iam::000000000000:role/cdk-hnb659fds-cfn-exec-role-000000000000-eu-west-1';
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'aws-cdk-me' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    });
  });

  it.each(['deploy', 'file-publishing', 'image-publishing', 'lookup'])('AssumeRole of the CDK bootstrap %s role works without IAM', async (kind) => {
    const arn = `arn:aws:iam::000000000000:role/cdk-hnb659fds-${kind}-role-000000000000-eu-west-1`;
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'aws-cdk-me' }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    expect(out.Credentials!.Expiration!.getTime()).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/cdk-hnb659fds-${kind}-role-000000000000-eu-west-1/aws-cdk-me`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:aws-cdk-me$/);
  });

  it('session credentials authenticate and act as the assumed role', async () => {
    // Prepare
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: DEPLOY_ROLE, RoleSessionName: 'deployer', DurationSeconds: 900 }));
    const asRole = new STSClient({
      ...cloud().clientConfig,
      credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken },
    });
    // Act
    const me = await asRole.send(new GetCallerIdentityCommand({}));
    asRole.destroy();
    // Assess
    expect(me.Arn).toBe('arn:aws:sts::000000000000:assumed-role/cdk-hnb659fds-deploy-role-000000000000-ap-southeast-1/deployer');
    expect(me.UserId).toMatch(/^AROA[A-Z0-9]{17}:deployer$/);
  });

  it('a session key with the wrong session token is refused', async () => {
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: DEPLOY_ROLE, RoleSessionName: 'deployer' }));
    const forged = new STSClient({
      ...cloud().clientConfig,
      maxAttempts: 1,
      credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: 'forged' },
    });
    await expect(forged.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    forged.destroy();
  });

  it('AssumeRole of a role IAM has works, of one it lacks is AccessDenied', async () => {
    // Prepare
    const iam = new IAMClient(cloud().clientConfig);
    await iam.send(new CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: TRUST }));
    iam.destroy();
    // Act
    const ok = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/app-role', RoleSessionName: 'app' }));
    const missing = sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/nope', RoleSessionName: 'app' }));
    // Assess
    expect(ok.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/app-role/app');
    await expect(missing).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/nope',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('AssumeRole is AccessDenied when the role trusts only others', async () => {
    const iam = new IAMClient(cloud().clientConfig);
    await createLambdaRole(iam, 'lambda-only');
    iam.destroy();
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/lambda-only', RoleSessionName: 'me' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('AssumeRole into another account is AccessDenied', async () => {
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-ap-southeast-1', RoleSessionName: 'x1' })))
      .rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('AssumeRole validates its input like STS', async () => {
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: DEPLOY_ROLE, RoleSessionName: 'a' }))).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: DEPLOY_ROLE, RoleSessionName: 'ok', DurationSeconds: 100 }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: DEPLOY_ROLE, RoleSessionName: 'ok', DurationSeconds: 7200 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: 'not-an-arn-but-long-enough', RoleSessionName: 'ok' }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: DEPLOY_ROLE, RoleSessionName: 'ok', Policy: '{not json' }))).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' });
  });
});
