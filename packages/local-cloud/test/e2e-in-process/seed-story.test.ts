import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  PutKeyPolicyCommand,
} from '@aws-sdk/client-kms';
import { useLocalCloud } from '../helpers/local-cloud';
import { failure } from '../helpers/sdk-errors';

/**
 * The story of shared/seeds/000_32782427b5c4ddba.txt, through the AWS SDK: a KMS key whose policy has only the
 * account-root statement cannot encrypt a CloudWatch Logs group; adding the `logs.<region>.amazonaws.com`
 * statement (with an ArnLike condition on the `aws:logs:arn` encryption context) fixes it.
 */
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const groupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;

/** The seed's "Original Code (Incorrect)" policy. */
const originalPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

/** The seed's "Fixed Code" policy, for a given logs region. */
function fixedPolicy(logsRegion = REGION): object {
  return {
    Version: '2012-10-17',
    Statement: [
      ...originalPolicy.Statement,
      {
        Sid: 'Allow CloudWatch Logs',
        Effect: 'Allow',
        Principal: { Service: `logs.${logsRegion}.amazonaws.com` },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/*` },
        },
      },
    ],
  };
}

const { kms, logs } = useLocalCloud({ kms: KMSClient, logs: CloudWatchLogsClient });

async function seedKey(): Promise<{ keyId: string; keyArn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({
    Description: 'KMS key for CloudWatch Logs encryption (dev)',
    Policy: JSON.stringify(originalPolicy),
  }));
  await kms.send(new EnableKeyRotationCommand({ KeyId: KeyMetadata!.KeyId }));
  return { keyId: KeyMetadata!.KeyId!, keyArn: KeyMetadata!.Arn! };
}

describe('the seed story: a key policy that forgets CloudWatch Logs', () => {
  const groupName = '/aws/lambda/api-handler-dev';

  it('fails exactly as AWS fails, then works once the logs statement is added', async () => {
    // Prepare: the original key
    const { keyId, keyArn } = await seedKey();
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(true);

    // Act 1: the deployment's CreateLogGroup with the key
    const refused = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: groupName, kmsKeyId: keyArn })));

    // Assess 1: AWS's error, and no group
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.$metadata?.httpStatusCode).toBe(400);
    expect(refused.message).toBe(`The specified KMS key does not exist or is not allowed to be used with Arn '${groupArn(groupName)}'`);
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: groupName }))).logGroups).toEqual([]);

    // Act 2: the fix
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: JSON.stringify(fixedPolicy()) }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: groupName, kmsKeyId: keyArn }));

    // Assess 2: the seed's own verification steps
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: groupName }));
    expect(logGroups).toHaveLength(1);
    expect(logGroups![0].kmsKeyId).toBe(keyArn);
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!);
    expect(policy.Statement.find((s: { Sid?: string }) => s.Sid === 'Allow CloudWatch Logs').Principal)
      .toEqual({ Service: 'logs.ap-southeast-1.amazonaws.com' });

    // and the Lambda can write encrypted logs that read back
    await logs.send(new CreateLogStreamCommand({ logGroupName: groupName, logStreamName: '2026/01/01/[$LATEST]abc' }));
    await logs.send(new PutLogEventsCommand({
      logGroupName: groupName,
      logStreamName: '2026/01/01/[$LATEST]abc',
      logEvents: [{ timestamp: Date.now(), message: '{"level":"INFO","message":"request handled"}' }],
    }));
    const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: groupName, filterPattern: '{ $.level = "INFO" }' }));
    expect(events!.map((e) => e.message)).toEqual(['{"level":"INFO","message":"request handled"}']);
  });

  it('still refuses a group outside the ArnLike pattern', async () => {
    const { keyId, keyArn } = await seedKey();
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: JSON.stringify(fixedPolicy()) }));
    const name = '/app/api-access-logs';
    const refused = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: name, kmsKeyId: keyArn })));
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toBe(`The specified KMS key does not exist or is not allowed to be used with Arn '${groupArn(name)}'`);
  });

  it('refuses the logs principal of another region', async () => {
    const { keyId, keyArn } = await seedKey();
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: JSON.stringify(fixedPolicy('us-east-1')) }));
    const name = '/aws/lambda/other-region-principal';
    const refused = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: name, kmsKeyId: keyArn })));
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toBe(`The specified KMS key does not exist or is not allowed to be used with Arn '${groupArn(name)}'`);
  });
});
