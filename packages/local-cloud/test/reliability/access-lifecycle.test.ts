import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  KMSClient,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { logsKeyPolicy, logsStatementForGroups, policyDocument, rootStatement } from '../helpers/key-policies';
import { useLocalCloud } from '../helpers/local-cloud';
import { errorCode, signedRequest } from '../helpers/raw-request';
import { failure } from '../helpers/sdk-errors';

/**
 * Reliability item 4 (access) and 5 (key lifecycle), the parts not already proven elsewhere:
 * - test/auth/sigv4.test.ts: wrong secret, unknown key, 20-minute-old signature on query/JSON/S3;
 * - test/kms.test.ts: explicit Deny beats the root Allow for direct KMS calls; role identity policies;
 * - test/seed-story.test.ts: the logs principal of another region cannot create an encrypted group;
 * - test/logs-encryption.test.ts: DisableKey / EnableKey / ScheduleKeyDeletion reads through Logs, nothing lost;
 * - test/server.test.ts: binds loopback only (the child-process server is checked in crash-putlogevents.test.ts).
 * Here: the same rules applied to the encrypted log events of an EXISTING group, the services of this stack
 * (KMS, Logs) for signatures, and PutLogEvents while the key is pending deletion.
 */
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

const cloud = useLocalCloud({ kms: KMSClient, logs: CloudWatchLogsClient });
const { kms, logs } = cloud;
let seq = 0;

/** A key with the stack's policy shape and an encrypted group holding `messages`. */
async function encryptedGroup(messages: string[]): Promise<{ keyId: string; keyArn: string; group: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Policy: logsKeyPolicy() }));
  const group = `/reliability/access-${++seq}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group, kmsKeyId: KeyMetadata!.Arn }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
  if (messages.length > 0) {
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 's', logEvents: messages.map((message) => ({ timestamp: Date.now(), message })) }));
  }
  return { keyId: KeyMetadata!.KeyId!, keyArn: KeyMetadata!.Arn!, group };
}

const read = (c: CloudWatchLogsClient, group: string) => c.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 's', startFromHead: true }));
const filter = (c: CloudWatchLogsClient, group: string) => c.send(new FilterLogEventsCommand({ logGroupName: group }));
const put = (c: CloudWatchLogsClient, group: string, message: string) =>
  c.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 's', logEvents: [{ timestamp: Date.now(), message }] }));

describe('access to the key of encrypted log events', () => {
  it('a key-policy Deny of kms:Decrypt for the logs principal beats the root and logs Allows: events unreadable, then readable again', async () => {
    const { keyId, group } = await encryptedGroup(['before the deny']);
    await kms.send(new PutKeyPolicyCommand({
      KeyId: keyId,
      Policy: policyDocument(rootStatement, logsStatementForGroups(), { Sid: 'DenyLogsDecrypt', Effect: 'Deny', Principal: { Service: `logs.${REGION}.amazonaws.com` }, Action: 'kms:Decrypt', Resource: '*' }),
    }));
    for (const refused of [await failure(read(logs, group)), await failure(filter(logs, group))]) {
      expect(refused.name).toBe('AccessDeniedException');
      expect(refused.message).toContain(`log group Arn 'arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}'`);
    }
    // the Deny names only Decrypt: writing still works, and nothing written is lost
    await put(logs, group, 'during the deny');
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: logsKeyPolicy() }));
    expect((await read(logs, group)).events!.map((e) => e.message)).toEqual(['before the deny', 'during the deny']);
  });

  it('an explicit Deny aimed at the account root wins over the root statement for every caller of the account', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({
      Policy: policyDocument(rootStatement, { Sid: 'DenyDecrypt', Effect: 'Deny', Principal: { AWS: ROOT }, Action: 'kms:Decrypt', Resource: '*' }),
    }));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from('x') }));
    const refused = await failure(kms.send(new DecryptCommand({ CiphertextBlob })));
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toMatch(/explicit deny/);
  });

  it('after the key policy is changed to name the logs principal of another region, the group can neither be written nor read', async () => {
    const { keyId, group } = await encryptedGroup(['written while allowed']);
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: logsKeyPolicy('us-east-1') }));
    for (const refused of [await failure(read(logs, group)), await failure(put(logs, group, 'refused'))]) {
      expect(refused.name).toBe('AccessDeniedException');
      expect(refused.$metadata?.httpStatusCode).toBe(400);
    }
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: logsKeyPolicy() }));
    expect((await read(logs, group)).events!.map((e) => e.message)).toEqual(['written while allowed']);
  });

  it('an assumed role whose identity policy denies kms:Decrypt cannot decrypt with the key', async () => {
    const iam = new IAMClient(cloud().clientConfig);
    const sts = new STSClient(cloud().clientConfig);
    const roleName = `reliability-no-decrypt-${Date.now()}`;
    const { Role } = await iam.send(new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'sts:AssumeRole' }),
    }));
    await iam.send(new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: 'logs-and-kms-but-no-decrypt',
      PolicyDocument: policyDocument({ Effect: 'Allow', Action: ['logs:*', 'kms:*'], Resource: '*' }, { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }),
    }));
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'no-decrypt' }));
    const roleConfig = { ...cloud().clientConfig, credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! } };
    const roleKms = new KMSClient(roleConfig);
    try {
      const { keyId } = await encryptedGroup([]);
      const { CiphertextBlob } = await roleKms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('secret') }));
      const refused = await failure(roleKms.send(new DecryptCommand({ CiphertextBlob })));
      expect(refused.name).toBe('AccessDeniedException');
      expect(refused.message).toMatch(/kms:Decrypt/);
      expect(refused.message).toMatch(/explicit deny/);
    } finally {
      roleKms.destroy();
      iam.destroy();
      sts.destroy();
    }
  });
});

describe('signatures on the services of this stack (KMS, CloudWatch Logs)', () => {
  const JSON_CALLS = [
    { service: 'kms', target: 'TrentService.ListKeys', body: '{}' },
    { service: 'logs', target: 'Logs_20140328.DescribeLogGroups', body: '{}' },
  ];

  it.each(JSON_CALLS)('$target: a wrong secret is InvalidSignatureException (400)', async ({ service, target, body }) => {
    const res = await signedRequest(cloud().endpoint, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body }, { service, secretAccessKey: 'wrong' });
    expect([res.status, errorCode(res)]).toEqual([400, 'InvalidSignatureException']);
  });

  it.each(JSON_CALLS)('$target: signed 16 minutes ago or 16 minutes ahead is refused; 14 minutes ago is accepted', async ({ service, target, body }) => {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
    const at = (minutes: number) => signedRequest(cloud().endpoint, { headers, body }, { service, signingDate: new Date(Date.now() + minutes * 60_000) });
    const past = await at(-16);
    const future = await at(16);
    expect([past.status, errorCode(past)]).toEqual([400, 'InvalidSignatureException']);
    expect(past.body).toMatch(/Signature expired/);
    expect([future.status, errorCode(future)]).toEqual([400, 'InvalidSignatureException']);
    expect((await at(-14)).status).toBe(200);
  });
});

describe('key lifecycle seen through CloudWatch Logs', () => {
  it('ScheduleKeyDeletion refuses reads, writes and KMS use while pending; CancelKeyDeletion + EnableKey restore all, nothing lost', async () => {
    const { keyId, group } = await encryptedGroup(['one', 'two']);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    for (const refused of [await failure(read(logs, group)), await failure(filter(logs, group)), await failure(put(logs, group, 'refused'))]) {
      expect(refused.name).toBe('AccessDeniedException');
      expect(refused.message).toContain('is pending deletion.');
    }
    const kmsRefused = await failure(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })));
    expect(kmsRefused.name).toBe('KMSInvalidStateException');

    await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    // CancelKeyDeletion leaves the key Disabled, as on AWS: still refused until EnableKey
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('Disabled');
    expect((await failure(put(logs, group, 'refused'))).message).toContain('is disabled.');
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    await put(logs, group, 'three');
    expect((await read(logs, group)).events!.map((e) => e.message)).toEqual(['one', 'two', 'three']);
  });
});
