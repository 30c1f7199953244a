import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { useLocalCloud } from '../../helpers/local-cloud';

/**
 * Without a RoleARN, CloudFormation creates a stack's resources with the permissions of whoever asked for it
 * (issue 14): a role that may only use CloudFormation cannot make a log group through it.
 */
const ACCOUNT = '000000000000';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
const doc = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
const TEMPLATE = JSON.stringify({ Resources: { Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/cfn/caller' } } } });

describe('CloudFormation acts with the caller\'s permissions', () => {
  const cloud = useLocalCloud({ iam: IAMClient });
  const { iam } = cloud;
  beforeAll(async () => {
    for (const [name, actions] of [['cfn-only', ['cloudformation:*']], ['cfn-and-logs', ['cloudformation:*', 'logs:*']]] as const) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: doc([...actions]) }));
    }
  });

  const asRole = async (name: string) => {
    const { Credentials: c } = await new STSClient(cloud().clientConfig).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}`, RoleSessionName: 'deployer' }));
    return new CloudFormationClient({ ...cloud().clientConfig, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken } });
  };

  it('refuses the resource the caller may not create, and says so in the stack events', async () => {
    // Act
    const cfn = await asRole('cfn-only');
    await cfn.send(new CreateStackCommand({ StackName: 'denied', TemplateBody: TEMPLATE }));
    const outcome = await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 30, minDelay: 0.2, maxDelay: 0.5 }, { StackName: 'denied' }).catch((e: Error) => e);
    // Assess
    expect(outcome).toBeInstanceOf(Error);
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: 'denied' }));
    expect(Stacks?.[0].StackStatus).toMatch(/ROLLBACK/);
    const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'denied' }));
    expect(StackEvents?.map((e) => e.ResourceStatusReason ?? '').join('\n')).toContain(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/cfn-only/deployer is not authorized to perform: logs:CreateLogGroup`,
    );
    cfn.destroy();
  });

  it('refuses a RoleARN the caller may not pass (iam:PassRole)', async () => {
    // Act: cfn-only may use CloudFormation, not pass the bootstrap's execution role
    const cfn = await asRole('cfn-only');
    const role = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-ap-southeast-1`;
    const outcome = cfn.send(new CreateStackCommand({ StackName: 'passing', TemplateBody: TEMPLATE, RoleARN: role }));
    // Assess
    await expect(outcome).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/cfn-only/deployer is not authorized to perform: iam:PassRole on resource: ${role} because no identity-based policy allows the iam:PassRole action`,
      $metadata: { httpStatusCode: 403 },
    });
    cfn.destroy();
  });

  it('creates what the caller may create', async () => {
    const cfn = await asRole('cfn-and-logs');
    await cfn.send(new CreateStackCommand({ StackName: 'allowed', TemplateBody: TEMPLATE.replace('/cfn/caller', '/cfn/caller2') }));
    await expect(waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 30, minDelay: 0.2, maxDelay: 0.5 }, { StackName: 'allowed' })).resolves.toMatchObject({ state: 'SUCCESS' });
    cfn.destroy();
  });
});
