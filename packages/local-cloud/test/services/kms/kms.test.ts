import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeyPoliciesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { useLocalCloud } from '../../helpers/local-cloud';
import { signedRequest } from '../../helpers/raw-request';
import { expectError, failure } from '../../helpers/sdk-errors';

const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

const cloud = useLocalCloud({ kms: KMSClient });
const { kms } = cloud;

async function createKey(policy?: object, extra: Record<string, unknown> = {}): Promise<{ KeyId: string; Arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ ...(policy ? { Policy: JSON.stringify(policy) } : {}), ...extra }));
  return { KeyId: KeyMetadata!.KeyId!, Arn: KeyMetadata!.Arn! };
}

const text = (s: string) => Buffer.from(s, 'utf8');

function policyWith(...statements: object[]): object {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      ...statements,
    ],
  };
}

describe('CreateKey and DescribeKey', () => {
  it('creates an enabled symmetric key with AWS’s metadata and default policy', async () => {
    // Act
    const before = Date.now();
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'logs key', Tags: [{ TagKey: 'app', TagValue: 'api' }] }));

    // Assess
    expect(KeyMetadata).toMatchObject({
      AWSAccountId: ACCOUNT,
      Enabled: true,
      Description: 'logs key',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    });
    expect(KeyMetadata!.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(KeyMetadata!.Arn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:key/${KeyMetadata!.KeyId}`);
    expect(KeyMetadata!.CreationDate).toBeInstanceOf(Date);
    expect(KeyMetadata!.CreationDate!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);

    const { Policy, PolicyName } = await kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId }));
    expect(PolicyName).toBe('default');
    expect(JSON.parse(Policy!)).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }],
    });
    const tags = await kms.send(new ListResourceTagsCommand({ KeyId: KeyMetadata!.KeyId }));
    expect(tags.Tags).toEqual([{ TagKey: 'app', TagValue: 'api' }]);
  });

  it('describes a key by id, key ARN, alias name and alias ARN', async () => {
    const key = await createKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/describe-me', TargetKeyId: key.KeyId }));
    for (const KeyId of [key.KeyId, key.Arn, 'alias/describe-me', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/describe-me`]) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId }));
      expect(KeyMetadata!.Arn).toBe(key.Arn);
    }
  });

  it('answers NotFoundException for a missing key or alias', async () => {
    const missing = '11111111-2222-3333-4444-555555555555';
    await expectError(kms.send(new DescribeKeyCommand({ KeyId: missing })), 'NotFoundException',
      `Key 'arn:aws:kms:${REGION}:${ACCOUNT}:key/${missing}' does not exist`);
    await expectError(kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${missing}` })), 'NotFoundException',
      `Key 'arn:aws:kms:${REGION}:${ACCOUNT}:key/${missing}' does not exist`);
    await expectError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })), 'NotFoundException',
      `Alias 'arn:aws:kms:${REGION}:${ACCOUNT}:alias/nope' is not found.`);
    await expectError(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })), 'NotFoundException', "Invalid keyId 'not-a-key'");
  });

  it('rejects a malformed policy with the parser’s message', async () => {
    const e = await failure(kms.send(new CreateKeyCommand({
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: 7 }] }),
    })));
    expect(e.name).toBe('MalformedPolicyDocumentException');
    expect(e.message).toMatch(/Statement\[0\].*Resource/);
    await expectError(kms.send(new CreateKeyCommand({ Policy: '{not json' })), 'MalformedPolicyDocumentException');
    // a statement without Action is no error for KMS, only ineffective (see test/services/kms-key-policy.test.ts)
  });

  it('refuses a policy that would lock the caller out, unless the safety check is bypassed', async () => {
    const logsOnly = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: `logs.${REGION}.amazonaws.com` }, Action: 'kms:*', Resource: '*' }],
    };
    await expectError(kms.send(new CreateKeyCommand({ Policy: JSON.stringify(logsOnly) })), 'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.');

    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Policy: JSON.stringify(logsOnly), BypassPolicyLockoutSafetyCheck: true }));
    // the caller is now locked out, as on AWS
    await expectError(kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId })), 'AccessDeniedException',
      `User: ${ROOT} is not authorized to perform: kms:DescribeKey on resource: ${KeyMetadata!.Arn} because no resource-based policy allows the kms:DescribeKey action`);
  });

  it('supports only symmetric encryption keys', async () => {
    await expectError(kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })), 'UnsupportedOperationException');
  });

  it('updates the description', async () => {
    const key = await createKey();
    await kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: 'new words' }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.Description).toBe('new words');
  });
});

describe('ListKeys', () => {
  it('lists keys with KeyId and KeyArn, paginated by Limit and Marker', async () => {
    const created = [await createKey(), await createKey(), await createKey()];
    const seen: Array<{ KeyId?: string; KeyArn?: string }> = [];
    let Marker: string | undefined;
    do {
      const page = await kms.send(new ListKeysCommand({ Limit: 2, Marker }));
      expect(page.Keys!.length).toBeLessThanOrEqual(2);
      seen.push(...page.Keys!);
      expect(page.Truncated).toBe(page.NextMarker !== undefined);
      Marker = page.NextMarker;
    } while (Marker);
    for (const key of created) expect(seen).toContainEqual({ KeyId: key.KeyId, KeyArn: key.Arn });
  });
});

describe('key policies', () => {
  it('PutKeyPolicy replaces the policy; GetKeyPolicy returns it', async () => {
    const key = await createKey();
    const policy = policyWith({ Sid: 'Extra', Effect: 'Allow', Principal: { Service: `logs.${REGION}.amazonaws.com` }, Action: 'kms:Decrypt', Resource: '*' });
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: JSON.stringify(policy) }));
    expect(JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))).Policy!)).toEqual(policy);
    expect((await kms.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId }))).PolicyNames).toEqual(['default']);
  });

  it('only knows the policy named default', async () => {
    const key = await createKey();
    await expectError(kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'other' })), 'NotFoundException');
  });

  it('PutKeyPolicy validates the document and keeps the caller able to change it', async () => {
    const key = await createKey();
    await expectError(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: JSON.stringify({ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }) })),
      'MalformedPolicyDocumentException', /Effect/);
    const withoutPut = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }],
    };
    await expectError(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: JSON.stringify(withoutPut) })),
      'MalformedPolicyDocumentException', 'The new key policy will not allow you to update the key policy in the future.');
    // unchanged
    expect(JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }))).Policy!).Id).toBe('key-default-1');
  });

  it('denies what no statement allows, with AWS’s message', async () => {
    const key = await createKey({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey'], Resource: '*' }],
    });
    await expectError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })), 'AccessDeniedException',
      `User: ${ROOT} is not authorized to perform: kms:Encrypt on resource: ${key.Arn} because no resource-based policy allows the kms:Encrypt action`);
    await expectError(kms.send(new DisableKeyCommand({ KeyId: key.KeyId })), 'AccessDeniedException', /kms:DisableKey/);
    await expectError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId })), 'AccessDeniedException', /kms:ScheduleKeyDeletion/);
    await expectError(kms.send(new CreateAliasCommand({ AliasName: 'alias/denied', TargetKeyId: key.KeyId })), 'AccessDeniedException', /kms:CreateAlias/);
    await expectError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] })), 'AccessDeniedException', /kms:TagResource/);
    await expectError(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })), 'AccessDeniedException', /kms:EnableKeyRotation/);
  });

  it('lets an explicit Deny beat the root Allow', async () => {
    const key = await createKey(policyWith({ Sid: 'NoEncrypt', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Encrypt', Resource: '*' }));
    await expectError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })), 'AccessDeniedException',
      `User: ${ROOT} is not authorized to perform: kms:Encrypt on resource: ${key.Arn} with an explicit deny in a resource-based policy`);
    // everything else is still allowed
    const { CiphertextBlob } = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' }));
    expect(CiphertextBlob).toBeDefined();
  });

  it('evaluates conditions on the encryption context', async () => {
    const key = await createKey({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: ROOT }, Action: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey', 'kms:Decrypt'], Resource: '*' },
        {
          Effect: 'Allow',
          Principal: { AWS: ROOT },
          Action: 'kms:Encrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'billing' } },
        },
      ],
    });
    await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x'), EncryptionContext: { purpose: 'billing' } }));
    await expectError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x'), EncryptionContext: { purpose: 'other' } })), 'AccessDeniedException');
    await expectError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })), 'AccessDeniedException');
  });
});

describe('key states', () => {
  it('DisableKey stops cryptography with DisabledException; EnableKey restores it', async () => {
    const key = await createKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('kept') }));
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));

    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
    expect(KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    const disabled = `${key.Arn} is disabled.`;
    await expectError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })), 'DisabledException', disabled);
    await expectError(kms.send(new DecryptCommand({ CiphertextBlob })), 'DisabledException', disabled);
    await expectError(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' })), 'DisabledException', disabled);
    await expectError(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })), 'DisabledException', disabled);

    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!).toString()).toBe('kept');
  });

  it('ScheduleKeyDeletion puts the key in PendingDeletion; CancelKeyDeletion leaves it Disabled', async () => {
    const key = await createKey();
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    expect(scheduled).toMatchObject({ KeyId: key.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    const days = (scheduled.DeletionDate!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
    expect(KeyMetadata).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, PendingDeletionWindowInDays: 7 });
    expect(KeyMetadata!.DeletionDate).toBeInstanceOf(Date);

    const pending = `${key.Arn} is pending deletion.`;
    await expectError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })), 'KMSInvalidStateException', pending);
    await expectError(kms.send(new EnableKeyCommand({ KeyId: key.KeyId })), 'KMSInvalidStateException', pending);
    await expectError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId })), 'KMSInvalidStateException', pending);
    await expectError(kms.send(new CreateAliasCommand({ AliasName: 'alias/to-pending', TargetKeyId: key.KeyId })), 'KMSInvalidStateException', pending);

    expect(await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }))).toMatchObject({ KeyId: key.Arn });
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    await expectError(kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId })), 'KMSInvalidStateException', `${key.Arn} is not pending deletion.`);
  });

  it('validates the pending window (7–30 days, default 30)', async () => {
    const key = await createKey();
    await expectError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 6 })), 'ValidationException');
    await expectError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 31 })), 'ValidationException');
    expect((await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }))).PendingWindowInDays).toBe(30);
  });
});

describe('rotation', () => {
  it('EnableKeyRotation / GetKeyRotationStatus / DisableKeyRotation', async () => {
    const key = await createKey();
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(false);
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    expect(await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365, KeyId: key.Arn });
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }));
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).RotationPeriodInDays).toBe(90);
    await expectError(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 89 })), 'ValidationException');
    await expectError(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 2561 })), 'ValidationException');
    await kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }));
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(false);
  });
});

describe('aliases', () => {
  it('CreateAlias, ListAliases (filtered by key), UpdateAlias, DeleteAlias', async () => {
    const a = await createKey();
    const b = await createKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app/logs', TargetKeyId: a.Arn }));
    const listed = await kms.send(new ListAliasesCommand({ KeyId: a.KeyId }));
    expect(listed.Aliases).toEqual([expect.objectContaining({
      AliasName: 'alias/app/logs',
      AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/app/logs`,
      TargetKeyId: a.KeyId,
    })]);
    expect((await kms.send(new ListAliasesCommand({}))).Aliases!.map((x) => x.AliasName)).toContain('alias/app/logs');

    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/app/logs', TargetKeyId: b.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/app/logs' }))).KeyMetadata!.KeyId).toBe(b.KeyId);

    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/app/logs' }));
    await expectError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/app/logs' })), 'NotFoundException');
    await expectError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/app/logs' })), 'NotFoundException',
      `Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/app/logs is not found.`);
  });

  it('rejects bad alias names and duplicates', async () => {
    const key = await createKey();
    await expectError(kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: key.KeyId })), 'ValidationException'); // as AWS answers it
    await expectError(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/reserved', TargetKeyId: key.KeyId })), 'InvalidAliasNameException');
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: key.KeyId }));
    await expectError(kms.send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: key.KeyId })), 'AlreadyExistsException',
      `An alias with the name arn:aws:kms:${REGION}:${ACCOUNT}:alias/dup already exists`);
    await expectError(kms.send(new CreateAliasCommand({ AliasName: 'alias/x', TargetKeyId: '11111111-2222-3333-4444-555555555555' })), 'NotFoundException');
  });
});

describe('cryptography', () => {
  it('Encrypt/Decrypt round-trips; Decrypt needs no KeyId; the context is bound', async () => {
    const key = await createKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/crypto', TargetKeyId: key.KeyId }));
    const context = { 'aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:app`, tenant: 't1' };
    const encrypted = await kms.send(new EncryptCommand({ KeyId: 'alias/crypto', Plaintext: text('hello kms'), EncryptionContext: context }));
    expect(encrypted.KeyId).toBe(key.Arn);
    expect(encrypted.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(Buffer.from(encrypted.CiphertextBlob!).includes(text('hello kms'))).toBe(false);

    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { tenant: 't1', 'aws:logs:arn': context['aws:logs:arn'] } }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('hello kms');
    expect(decrypted.KeyId).toBe(key.Arn);

    const withKeyId = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: context, KeyId: 'alias/crypto' }));
    expect(Buffer.from(withKeyId.Plaintext!).toString()).toBe('hello kms');
  });

  it('fails InvalidCiphertextException for a wrong or missing context and for garbage', async () => {
    const key = await createKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x'), EncryptionContext: { a: '1' } }));
    await expectError(kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { a: '2' } })), 'InvalidCiphertextException');
    await expectError(kms.send(new DecryptCommand({ CiphertextBlob })), 'InvalidCiphertextException');
    await expectError(kms.send(new DecryptCommand({ CiphertextBlob: text('definitely not a ciphertext blob at all, just text') })), 'InvalidCiphertextException');
  });

  it('fails IncorrectKeyException when KeyId is not the ciphertext’s key', async () => {
    const a = await createKey();
    const b = await createKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: text('x') }));
    await expectError(kms.send(new DecryptCommand({ CiphertextBlob, KeyId: b.KeyId })), 'IncorrectKeyException');
  });

  it('limits Encrypt plaintext to 4096 bytes', async () => {
    const key = await createKey();
    await expectError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(4097, 1) })), 'ValidationException');
    await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(4096, 1) }));
  });

  it('ReEncrypt moves a ciphertext to another key and context', async () => {
    const a = await createKey();
    const b = await createKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: text('moved'), EncryptionContext: { v: '1' } }));
    const re = await kms.send(new ReEncryptCommand({
      CiphertextBlob, SourceEncryptionContext: { v: '1' }, DestinationKeyId: b.Arn, DestinationEncryptionContext: { v: '2' },
    }));
    expect(re).toMatchObject({ SourceKeyId: a.Arn, KeyId: b.Arn });
    const out = await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { v: '2' } }));
    expect(out.KeyId).toBe(b.Arn);
    expect(Buffer.from(out.Plaintext!).toString()).toBe('moved');
  });

  it('ReEncrypt needs kms:ReEncryptFrom on the source and kms:ReEncryptTo on the destination', async () => {
    const a = await createKey(policyWith({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ReEncryptFrom', Resource: '*' }));
    const b = await createKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: text('x') }));
    await expectError(kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: b.KeyId })), 'AccessDeniedException', /kms:ReEncryptFrom/);
  });

  it('GenerateDataKey returns a data key and its sealed form; WithoutPlaintext only the sealed form', async () => {
    const key = await createKey();
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: { g: 'x' } }));
    expect(dk.Plaintext).toHaveLength(32);
    expect(dk.KeyId).toBe(key.Arn);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { g: 'x' } }));
    expect(Buffer.from(opened.Plaintext!).equals(Buffer.from(dk.Plaintext!))).toBe(true);

    expect((await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_128' }))).Plaintext).toHaveLength(16);
    expect((await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 64 }))).Plaintext).toHaveLength(64);
    await expectError(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId })), 'ValidationException');
    await expectError(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 2000 })), 'ValidationException');

    const sealedOnly = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' }));
    expect(sealedOnly).not.toHaveProperty('Plaintext');
    expect((await kms.send(new DecryptCommand({ CiphertextBlob: sealedOnly.CiphertextBlob }))).Plaintext).toHaveLength(32);
  });

  it('GenerateRandom returns random bytes', async () => {
    const { Plaintext } = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 24 }));
    expect(Plaintext).toHaveLength(24);
  });
});

describe('tags', () => {
  it('TagResource, UntagResource, ListResourceTags', async () => {
    const key = await createKey();
    await kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'b', TagValue: '2' }, { TagKey: 'a', TagValue: '1' }] }));
    await kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'a', TagValue: 'one' }] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags).toEqual([
      { TagKey: 'a', TagValue: 'one' },
      { TagKey: 'b', TagValue: '2' },
    ]);
    await kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['b'] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags).toEqual([{ TagKey: 'a', TagValue: 'one' }]);
    await expectError(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'aws:reserved', TagValue: 'x' }] })), 'TagException');
  });
});

describe('assumed-role callers', () => {
  let roleKms: KMSClient;
  let roleArn: string;
  let sessionArn: string;

  beforeAll(async () => {
    // Prepare: a role whose only identity policy allows kms:Encrypt, and a session of it
    const iam = new IAMClient(cloud().clientConfig);
    const sts = new STSClient(cloud().clientConfig);
    const roleName = `kms-tester-${Date.now()}`;
    const { Role } = await iam.send(new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'sts:AssumeRole' }],
      }),
    }));
    roleArn = Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: 'encrypt-only',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }] }),
    }));
    const { Credentials, AssumedRoleUser } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'tester' }));
    sessionArn = AssumedRoleUser!.Arn!;
    roleKms = new KMSClient({
      ...cloud().clientConfig,
      credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! },
    });
    iam.destroy();
    sts.destroy();
  });

  afterAll(() => roleKms?.destroy());

  it('follows a key policy that delegates to IAM: the role’s identity policy decides', async () => {
    const key = await createKey();
    await roleKms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') }));
    await expectError(roleKms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' })), 'AccessDeniedException',
      `User: ${sessionArn} is not authorized to perform: kms:GenerateDataKey on resource: ${key.Arn} because no identity-based policy allows the kms:GenerateDataKey action`);
  });

  it('lets a key policy that names the role allow on its own', async () => {
    const key = await createKey(policyWith({ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:GenerateDataKey', Resource: '*' }));
    const { Plaintext } = await roleKms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' }));
    expect(Plaintext).toHaveLength(32);
  });

  it('refuses the role what the key policy does not allow, whatever IAM says', async () => {
    const key = await createKey({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: ['kms:PutKeyPolicy', 'kms:DescribeKey'], Resource: '*' }],
    });
    await expectError(roleKms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })), 'AccessDeniedException',
      `User: ${sessionArn} is not authorized to perform: kms:Encrypt on resource: ${key.Arn} because no resource-based policy allows the kms:Encrypt action`);
  });

  it('applies a Deny aimed at the account to the role as well', async () => {
    const key = await createKey(policyWith({ Effect: 'Deny', Principal: { AWS: ROOT }, Action: 'kms:Encrypt', Resource: '*' }));
    await expectError(roleKms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })), 'AccessDeniedException', /explicit deny/);
  });
});

// KMS as it answers since 2025: fields and texts recorded on AWS in LocalStack tests/aws/services/kms/test_kms.snapshot.json
// (CurrentKeyMaterialId/KeyMaterialId 2025-09..11, NextRotationDate 2025-03, InvalidCiphertextException without a
// message), member shapes from botocore kms/2014-11-01/service-2.json.
describe('as AWS answers in 2025', () => {
  const MATERIAL_ID = /^[a-f0-9]{64}$/;
  const DAY_MS = 24 * 60 * 60 * 1000;

  it('CreateKey/DescribeKey carry CurrentKeyMaterialId; Decrypt, GenerateDataKey and ReEncrypt name the material they used', async () => {
    // Act
    const created = await kms.send(new CreateKeyCommand({}));
    const keyId = created.KeyMetadata!.KeyId!;
    const described = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: text('material') }));
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob }));
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    const sealedOnly = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    const other = await createKey();
    const moved = await kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: other.KeyId }));
    const otherMaterial = (await kms.send(new DescribeKeyCommand({ KeyId: other.KeyId }))).KeyMetadata!.CurrentKeyMaterialId;
    // Assess
    const material = created.KeyMetadata!.CurrentKeyMaterialId;
    expect(material).toMatch(MATERIAL_ID);
    expect(described.KeyMetadata!.CurrentKeyMaterialId).toBe(material);
    expect(otherMaterial).toMatch(MATERIAL_ID);
    expect(otherMaterial).not.toBe(material);
    expect(decrypted.KeyMaterialId).toBe(material);
    expect(dataKey.KeyMaterialId).toBe(material);
    expect(sealedOnly.KeyMaterialId).toBe(material);
    expect({ source: moved.SourceKeyMaterialId, destination: moved.DestinationKeyMaterialId }).toEqual({ source: material, destination: otherMaterial });
  });

  it('GetKeyRotationStatus: RotationPeriodInDays and NextRotationDate while rotation is enabled, neither when it is not', async () => {
    const key = await createKey();
    const off = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
    const enabledAt = Date.now();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }));
    const on = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.Arn }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    const yearly = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 2560 }));
    await kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }));
    const offAgain = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));

    expect(off).not.toHaveProperty('NextRotationDate');
    expect(off).not.toHaveProperty('RotationPeriodInDays');
    expect(on).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });
    expect(on.NextRotationDate).toBeInstanceOf(Date);
    expect(Math.abs(on.NextRotationDate!.getTime() - (enabledAt + 90 * DAY_MS))).toBeLessThan(60_000);
    expect(yearly.RotationPeriodInDays).toBe(365);
    expect(Math.abs(yearly.NextRotationDate!.getTime() - (enabledAt + 365 * DAY_MS))).toBeLessThan(60_000);
    expect(offAgain).toMatchObject({ KeyRotationEnabled: false });
    expect(offAgain).not.toHaveProperty('NextRotationDate');
  });

  it('the rotation operations take a key id or key ARN only: an alias is NotFoundException', async () => {
    const key = await createKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/rotate-me', TargetKeyId: key.KeyId }));
    const aliasArn = `arn:aws:kms:${REGION}:${ACCOUNT}:alias/rotate-me`;
    await expectError(kms.send(new EnableKeyRotationCommand({ KeyId: 'alias/rotate-me' })), 'NotFoundException', "Invalid keyId 'alias/rotate-me'");
    await expectError(kms.send(new EnableKeyRotationCommand({ KeyId: aliasArn })), 'NotFoundException', `Invalid keyId '${aliasArn}'`);
    await expectError(kms.send(new GetKeyRotationStatusCommand({ KeyId: 'alias/rotate-me' })), 'NotFoundException');
    await expectError(kms.send(new DisableKeyRotationCommand({ KeyId: 'alias/rotate-me' })), 'NotFoundException');
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.Arn }));
    // the cryptographic operations still take the alias
    await kms.send(new EncryptCommand({ KeyId: 'alias/rotate-me', Plaintext: text('x') }));
  });

  it('InvalidCiphertextException carries no message, as AWS sends it', async () => {
    const raw = await signedRequest(
      cloud().endpoint,
      {
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Decrypt' },
        body: JSON.stringify({ CiphertextBlob: text('definitely not a ciphertext blob at all').toString('base64') }),
      },
      { service: 'kms' },
    );
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.body)).toEqual({ __type: 'InvalidCiphertextException' });
    const error = await failure(kms.send(new DecryptCommand({ CiphertextBlob: text('definitely not a ciphertext blob at all') })));
    expect(error.name).toBe('InvalidCiphertextException');
  });

  it('a missing Plaintext: "Value at \'plaintext\'" (a sensitive member\'s value is never shown, not even null)', async () => {
    const key = await createKey();
    await expectError(
      kms.send(new EncryptCommand({ KeyId: key.KeyId } as never)),
      'ValidationException',
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must not be null",
    );
  });
});
