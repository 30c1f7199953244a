import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  DescribeKeyCommand,
} from '@aws-sdk/client-kms';
import { startLocalCloud, useLocalCloud } from '../../helpers/local-cloud';
import { expectError } from '../../helpers/sdk-errors';
import { MAX_ON_DEMAND_ROTATIONS } from '../../../src/services/kms/kms-backend';

const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const keyArnOf = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;

const cloud = useLocalCloud();
let kms: KMSClient;
beforeAll(() => {
  kms = new KMSClient(cloud().clientConfig);
});

async function newKey(): Promise<{ KeyId: string; Arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  return { KeyId: KeyMetadata!.KeyId!, Arn: KeyMetadata!.Arn! };
}

describe('RotateKeyOnDemand', () => {
  it('answers the key ARN for a key id and gives the key new material, while old ciphertexts still decrypt', async () => {
    // Prepare
    const key = await newKey();
    const before = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('sealed before') }));
    const materialBefore = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.CurrentKeyMaterialId;
    // Act
    const rotated = await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    // Assess: the ARN, as AWS answers (LocalStack test_kms.py test_rotate_on_demand_returns_arn_for_key_id)
    expect(rotated.KeyId).toBe(key.Arn);
    const materialAfter = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.CurrentKeyMaterialId;
    expect(materialAfter).toMatch(/^[0-9a-f]{64}$/);
    expect(materialAfter).not.toBe(materialBefore);
    const after = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('sealed after') }));
    expect(after.CiphertextBlob).not.toEqual(before.CiphertextBlob);
    const old = await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
    expect(Buffer.from(old.Plaintext!).toString()).toBe('sealed before');
    expect(old.KeyMaterialId).toBe(materialBefore);
    const current = await kms.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }));
    expect(Buffer.from(current.Plaintext!).toString()).toBe('sealed after');
    expect(current.KeyMaterialId).toBe(materialAfter);
  });

  it('leaves the automatic rotation status and schedule as they were', async () => {
    // Prepare
    const off = await newKey();
    const on = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: on.KeyId, RotationPeriodInDays: 365 }));
    const scheduled = (await kms.send(new GetKeyRotationStatusCommand({ KeyId: on.KeyId }))).NextRotationDate;
    // Act
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: off.KeyId }));
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: on.KeyId }));
    // Assess (recorded on AWS: LocalStack test_kms.snapshot.json, rotate_key_on_demand_with_symmetric_key_and_automatic_rotation_*)
    expect(await kms.send(new GetKeyRotationStatusCommand({ KeyId: off.KeyId }))).toMatchObject({ KeyRotationEnabled: false, KeyId: off.Arn });
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: on.KeyId }));
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    expect(status.NextRotationDate).toEqual(scheduled);
  });

  it('refuses a disabled key with DisabledException "<arn> is disabled." and an unknown one with NotFoundException', async () => {
    // Prepare
    const key = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const missing = '11111111-2222-3333-4444-555555555555';
    // Act, Assess (texts recorded on AWS: LocalStack test_kms.snapshot.json, rotate_key_on_demand_raises_error_given_*)
    await expectError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })), 'DisabledException', `${key.Arn} is disabled.`);
    await expectError(kms.send(new RotateKeyOnDemandCommand({ KeyId: missing })), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
  });

  it('refuses a key pending deletion and an alias (its KeyId is a key id or key ARN)', async () => {
    // Prepare
    const pending = await newKey();
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: pending.KeyId, PendingWindowInDays: 7 }));
    const aliased = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/rotate-me', TargetKeyId: aliased.KeyId }));
    // Act, Assess
    await expectError(kms.send(new RotateKeyOnDemandCommand({ KeyId: pending.Arn })), 'KMSInvalidStateException', `${pending.Arn} is pending deletion.`);
    await expectError(kms.send(new RotateKeyOnDemandCommand({ KeyId: 'alias/rotate-me' })), 'NotFoundException', "Invalid keyId 'alias/rotate-me'");
  });

  it(`allows ${MAX_ON_DEMAND_ROTATIONS} on-demand rotations per key, then LimitExceededException`, async () => {
    // Prepare
    const key = await newKey();
    for (let i = 0; i < MAX_ON_DEMAND_ROTATIONS; i++) await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    // Act, Assess
    await expectError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })), 'LimitExceededException');
  });
});

describe('ListKeyRotations', () => {
  it('lists the on-demand rotations (not the first material unless asked), oldest first, CURRENT last', async () => {
    // Prepare
    const key = await newKey();
    expect((await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }))).Rotations).toEqual([]);
    const started = Date.now();
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.Arn }));
    // Act
    const rotations = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
    const all = await kms.send(new ListKeyRotationsCommand({ KeyId: key.Arn, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }));
    // Assess
    expect(rotations.Truncated).toBe(false);
    expect(rotations.Rotations).toHaveLength(2);
    for (const entry of rotations.Rotations!) {
      expect(entry).toMatchObject({ KeyId: key.KeyId, RotationType: 'ON_DEMAND' });
      expect(entry.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.RotationDate!.getTime()).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
    }
    expect(rotations.Rotations!.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'CURRENT']);
    const current = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.CurrentKeyMaterialId;
    expect(rotations.Rotations![1].KeyMaterialId).toBe(current);
    expect(all.Rotations).toHaveLength(3);
    expect(all.Rotations![0]).toEqual({ KeyId: key.KeyId, KeyMaterialId: expect.stringMatching(/^[0-9a-f]{64}$/), KeyMaterialState: 'NON_CURRENT' });
  });

  it('pages with Limit and Marker', async () => {
    // Prepare
    const key = await newKey();
    for (let i = 0; i < 3; i++) await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    // Act
    const first = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, Limit: 2 }));
    const second = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, Limit: 2, Marker: first.NextMarker }));
    // Assess
    expect(first).toMatchObject({ Truncated: true, NextMarker: expect.any(String) });
    expect(first.Rotations).toHaveLength(2);
    expect(second).toMatchObject({ Truncated: false });
    expect(second.Rotations).toHaveLength(1);
  });

  it("answers the model's text for a Limit out of range and NotFoundException for an unknown key", async () => {
    const missing = '11111111-2222-3333-4444-555555555556';
    await expectError(kms.send(new ListKeyRotationsCommand({ KeyId: missing })), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
    await expectError(
      kms.send(new ListKeyRotationsCommand({ KeyId: missing, Limit: 0 })),
      'ValidationException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});

describe('rotated material across a restart', () => {
  it('decrypts what every material version sealed', async () => {
    // Prepare
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-kms-rotation-'));
    const first = await startLocalCloud({ stateDir: dir, dbFile: undefined });
    const client = new KMSClient(first.clientConfig);
    const { KeyMetadata } = await client.send(new CreateKeyCommand({}));
    const sealed = [];
    for (let i = 0; i < 3; i++) {
      sealed.push((await client.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from(`v${i}`) }))).CiphertextBlob!);
      await client.send(new RotateKeyOnDemandCommand({ KeyId: KeyMetadata!.KeyId }));
    }
    client.destroy();
    await first.close();
    // Act
    const second = await startLocalCloud({ stateDir: dir, dbFile: undefined });
    const again = new KMSClient(second.clientConfig);
    try {
      const opened = [];
      for (const blob of sealed) opened.push(Buffer.from((await again.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString());
      // Assess
      expect(opened).toEqual(['v0', 'v1', 'v2']);
      expect((await again.send(new ListKeyRotationsCommand({ KeyId: KeyMetadata!.KeyId }))).Rotations).toHaveLength(3);
    } finally {
      again.destroy();
      await second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
