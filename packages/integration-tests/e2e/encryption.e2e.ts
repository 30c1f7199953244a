import { randomUUID } from 'node:crypto';
import { CreateLogGroupCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand, LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { GetKeyPolicyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import { clientsFor } from '../src/clients';
import { resolveTarget } from '../src/target';
import { EXPECTED } from './expected';

const target = resolveTarget();
const { kms, logs } = clientsFor(target);
const { LogGroupName, AccessLogGroupName, KmsKeyArn, KmsKeyId } = target.outputs;
const [, partition, , region, account] = KmsKeyArn.split(':');
const groupArn = (name: string) => `arn:${partition}:logs:${region}:${account}:log-group:${name}`;

async function describeGroup(name: string): Promise<LogGroup> {
  const res = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  const group = res.logGroups?.find((g) => g.logGroupName === name);
  if (!group) throw new Error(`log group ${name} not found`);
  return group;
}

describe('encryption at rest with the stack key', () => {
  test.each([
    ['function', LogGroupName],
    ['access-log', AccessLogGroupName],
  ])('the %s group is encrypted with the stack key and has its retention', async (_kind, name) => {
    const group = await describeGroup(name);
    expect(group.kmsKeyId).toBe(KmsKeyArn);
    expect(group.retentionInDays).toBe(EXPECTED.retentionInDays);
  });

  test('the key rotates', async () => {
    const res = await kms.send(new GetKeyRotationStatusCommand({ KeyId: KmsKeyId }));
    expect(res.KeyRotationEnabled).toBe(true);
  });

  test("the key policy lets CloudWatch Logs use the key for exactly the stack's groups (the seed's own check)", async () => {
    const res = await kms.send(new GetKeyPolicyCommand({ KeyId: KmsKeyId, PolicyName: 'default' }));
    const policy = JSON.parse(res.Policy!);
    const logsStatements = policy.Statement.filter(
      (s: any) => s.Principal?.Service === `logs.${region}.amazonaws.com` && s.Effect === 'Allow',
    );
    expect(logsStatements).toHaveLength(1);
    const [statement] = logsStatements;
    expect([statement.Action].flat().sort()).toEqual([...EXPECTED.logsKeyActions].sort());
    expect([statement.Action].flat()).not.toContain('kms:CreateGrant');
    const [operator] = Object.keys(statement.Condition);
    expect(['ArnEquals', 'ArnLike']).toContain(operator);
    const values = [statement.Condition[operator]['kms:EncryptionContext:aws:logs:arn']].flat().sort();
    expect(values).toEqual([groupArn(LogGroupName), groupArn(AccessLogGroupName)].sort());
  });

  test('least privilege, observed: a new group outside the stack cannot use the key', async () => {
    const name = `/kms-logs-api/e2e/outsider-${randomUUID()}`;
    const attempt = logs.send(new CreateLogGroupCommand({ logGroupName: name, kmsKeyId: KmsKeyArn }));
    await expect(attempt).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `The specified KMS key does not exist or is not allowed to be used with Arn '${groupArn(name)}'`,
    });
    // nothing was created (and if it ever were, do not leave it behind)
    const res = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    if (res.logGroups?.length) await logs.send(new DeleteLogGroupCommand({ logGroupName: name }));
    expect(res.logGroups ?? []).toEqual([]);
  });
});
