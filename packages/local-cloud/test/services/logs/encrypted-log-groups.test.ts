import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, DisableKeyCommand, EnableKeyCommand, KMSClient, ScheduleKeyDeletionCommand, CancelKeyDeletionCommand } from '@aws-sdk/client-kms';
import { logsKeyPolicy } from '../../helpers/key-policies';
import { startLocalCloud } from '../../helpers/local-cloud';
import { failure } from '../../helpers/sdk-errors';
import { withTempDir } from '../../helpers/temp-dir';

/**
 * Log data at rest: events of an encrypted group never reach the database file in plaintext, are readable only
 * while KMS lets CloudWatch Logs use the key, and survive a restart (the data keys are re-opened through KMS).
 */
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';

let dbFile: string;
withTempDir('local-cloud-logs-', (dir) => {
  dbFile = path.join(dir, 'local-cloud.db');
}, 'file');

/** Every byte SQLite has written for the database: the main file and its write-ahead log. */
function rawDatabaseBytes(): Buffer {
  return Buffer.concat([dbFile, `${dbFile}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

describe('encrypted log data at rest', () => {
  const secretMarker = `secret-marker-${randomUUID()}`;
  const plainMarker = `plain-marker-${randomUUID()}`;
  const encryptedGroup = '/aws/lambda/encrypted-at-rest';
  const plainGroup = '/aws/lambda/plain-at-rest';
  let keyId: string;

  it('keeps an encrypted group’s messages out of the database file, and a plain group’s in it', async () => {
    // Prepare
    const cloud = await startLocalCloud({ dbFile });
    const kms = new KMSClient(cloud.clientConfig);
    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    try {
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Policy: logsKeyPolicy() }));
      keyId = KeyMetadata!.KeyId!;
      await logs.send(new CreateLogGroupCommand({ logGroupName: encryptedGroup, kmsKeyId: KeyMetadata!.Arn }));
      await logs.send(new CreateLogGroupCommand({ logGroupName: plainGroup }));
      for (const logGroupName of [encryptedGroup, plainGroup]) {
        await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 's' }));
      }

      // Act
      const now = Date.now();
      await logs.send(new PutLogEventsCommand({ logGroupName: encryptedGroup, logStreamName: 's', logEvents: [{ timestamp: now, message: `event with ${secretMarker}` }] }));
      await logs.send(new PutLogEventsCommand({ logGroupName: plainGroup, logStreamName: 's', logEvents: [{ timestamp: now, message: `event with ${plainMarker}` }] }));

      // Assess: the grep works (plain marker found), and the secret is not on disk
      const raw = rawDatabaseBytes();
      expect(raw.includes(Buffer.from(plainMarker))).toBe(true);
      expect(raw.includes(Buffer.from(secretMarker))).toBe(false);
      expect(raw.includes(Buffer.from('secret-marker-'))).toBe(false);

      const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: encryptedGroup, logStreamName: 's', startFromHead: true }));
      expect(events!.map((e) => e.message)).toEqual([`event with ${secretMarker}`]);
    } finally {
      kms.destroy();
      logs.destroy();
      await cloud.close();
    }
    // after close (checkpointed) still nothing
    expect(rawDatabaseBytes().includes(Buffer.from(secretMarker))).toBe(false);
  });

  it('refuses reads and writes while the key is disabled or pending deletion, and loses nothing (across a restart)', async () => {
    const cloud = await startLocalCloud({ dbFile });
    const kms = new KMSClient(cloud.clientConfig);
    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    try {
      const get = () => logs.send(new GetLogEventsCommand({ logGroupName: encryptedGroup, logStreamName: 's', startFromHead: true }));
      const filter = () => logs.send(new FilterLogEventsCommand({ logGroupName: encryptedGroup }));
      const put = (message: string) =>
        logs.send(new PutLogEventsCommand({ logGroupName: encryptedGroup, logStreamName: 's', logEvents: [{ timestamp: Date.now(), message }] }));

      // after the restart, the data key is opened through KMS again
      expect((await get()).events!.map((e) => e.message)).toEqual([`event with ${secretMarker}`]);

      await kms.send(new DisableKeyCommand({ KeyId: keyId }));
      for (const refused of [await failure(get()), await failure(filter()), await failure(put('while disabled'))]) {
        expect(refused.name).toBe('AccessDeniedException');
        expect(refused.message).toContain(`log group Arn 'arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${encryptedGroup}'`);
        expect(refused.message).toContain(`arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId} is disabled.`);
      }

      await kms.send(new EnableKeyCommand({ KeyId: keyId }));
      await put('after enable');
      expect((await filter()).events!.map((e) => e.message)).toEqual([`event with ${secretMarker}`, 'after enable']);

      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
      const pending = await failure(get());
      expect(pending.name).toBe('AccessDeniedException');
      expect(pending.message).toContain('is pending deletion.');
      await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
      await kms.send(new EnableKeyCommand({ KeyId: keyId }));
      expect((await get()).events).toHaveLength(2);
    } finally {
      kms.destroy();
      logs.destroy();
      await cloud.close();
    }
    expect(rawDatabaseBytes().includes(Buffer.from('after enable'))).toBe(false);
  });
});
