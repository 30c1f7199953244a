import { createKmsService, KmsService } from '../../../src/services/kms';
import { createLogsService, LogsService } from '../../../src/services/logs';
import { DATA_KEY_EVENTS } from '../../../src/services/logs/log-encryption';
import { Store } from '../../../src/store/store';
import { rootContext } from '../../helpers/call-context';
import { logsKeyPolicy, logsStatementForGroups, policyDocument, rootStatement } from '../../helpers/key-policies';

/**
 * Service-level tests of the envelope encryption (operations called directly): how many KMS calls it makes,
 * how fast an encrypted group is searched, and that the in-memory data keys never outlive key access.
 */
const ctx = rootContext;

function setup(): { store: Store; kms: KmsService; logs: LogsService } {
  const store = Store.open(':memory:');
  const kms = createKmsService({ store });
  const logs = createLogsService({ store, kms });
  return { store, kms, logs };
}

async function encryptedGroup(kms: KmsService, logs: LogsService, name: string): Promise<string> {
  const { KeyMetadata } = await kms.operations.CreateKey({ Policy: logsKeyPolicy() }, ctx);
  await logs.operations.CreateLogGroup({ logGroupName: name, kmsKeyId: KeyMetadata.Arn }, ctx);
  await logs.operations.CreateLogStream({ logGroupName: name, logStreamName: 's' }, ctx);
  return KeyMetadata.Arn as string;
}

function batch(start: number, count: number, t0: number): Array<{ timestamp: number; message: string }> {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: t0 + start + i,
    message: JSON.stringify({ n: start + i, level: (start + i) % 1000 === 0 ? 'ERROR' : 'INFO', text: `event number ${start + i}` }),
  }));
}

function cryptoCalls(kms: KmsService): number {
  return kms.backend.stats.generateDataKey + kms.backend.stats.decrypt + kms.backend.stats.encrypt;
}

describe('CloudWatch Logs envelope encryption (service level)', () => {
  // The search time is a speed goal: bench/src/log-store.ts measures it; this test only prints it.
  it('makes at most one KMS call per 1,000 events written and read, and finds the matches among 100,000 events', async () => {
    // Prepare
    const { kms, logs, store } = setup();
    await encryptedGroup(kms, logs, 'bench');
    const t0 = Date.now() - 60 * 60 * 1000;
    const before = cryptoCalls(kms);

    // Act: write 100,000 events in batches of 1,000
    for (let start = 0; start < 100_000; start += 1_000) {
      await logs.operations.PutLogEvents({ logGroupName: 'bench', logStreamName: 's', logEvents: batch(start, 1_000, t0) }, ctx);
    }
    const writeCalls = cryptoCalls(kms) - before;

    // a "restarted" Logs service: same store and KMS, no cached data keys
    const restarted = createLogsService({ store, kms });
    const readBefore = cryptoCalls(kms);
    const started = performance.now();
    const result = await restarted.operations.FilterLogEvents({ logGroupName: 'bench', filterPattern: '{ $.level = "ERROR" }' }, ctx);
    const elapsed = performance.now() - started;
    const readCalls = cryptoCalls(kms) - readBefore;

    // Assess
    expect(result.events).toHaveLength(100);
    expect(result.events[0].message).toContain('"n":0');
    expect(writeCalls).toBeLessThanOrEqual(100_000 / 1_000);
    expect(writeCalls).toBe(Math.ceil(100_000 / DATA_KEY_EVENTS));
    expect(readCalls).toBe(Math.ceil(100_000 / DATA_KEY_EVENTS));
    // eslint-disable-next-line no-console
    console.log(`100k encrypted events: ${writeCalls} KMS calls to write, ${readCalls} to read; FilterLogEvents ${elapsed.toFixed(0)} ms`);
  }, 120_000);

  it('stores only the sealed data key and never the plaintext', async () => {
    const { kms, logs, store } = setup();
    await encryptedGroup(kms, logs, 'g');
    await logs.operations.PutLogEvents({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'secret-marker-1' }] }, ctx);
    const rows = store.db.prepare('SELECT message, chunk_id FROM logs_events').all() as Array<{ message: string | null; chunk_id: number }>;
    expect(rows).toEqual([{ message: null, chunk_id: expect.any(Number) }]);
    const sealed = store.db.prepare('SELECT sealed FROM logs_chunks').get() as { sealed: Buffer };
    expect(sealed.sealed.includes(Buffer.from('secret-marker-1'))).toBe(false);
    const keys = store.db.prepare('SELECT encrypted_key FROM logs_data_keys').all() as Array<{ encrypted_key: Buffer }>;
    expect(keys).toHaveLength(1);
    expect(keys[0].encrypted_key.length).toBeGreaterThan(32);
  });

  it('refuses reads and writes as soon as the key is disabled, though the data key is cached', async () => {
    // Prepare
    const { kms, logs } = setup();
    const keyArn = await encryptedGroup(kms, logs, 'g');
    const now = Date.now();
    await logs.operations.PutLogEvents({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: now, message: 'before' }] }, ctx);

    // Act
    await kms.operations.DisableKey({ KeyId: keyArn }, ctx);

    // Assess
    const get = () => logs.operations.GetLogEvents({ logGroupName: 'g', logStreamName: 's', startFromHead: true }, ctx);
    expect(get).toThrow(expect.objectContaining({ code: 'AccessDeniedException', message: expect.stringContaining(`${keyArn} is disabled.`) }));
    expect(() => logs.operations.FilterLogEvents({ logGroupName: 'g' }, ctx)).toThrow(expect.objectContaining({ code: 'AccessDeniedException' }));
    expect(() => logs.operations.PutLogEvents({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: now, message: 'refused' }] }, ctx))
      .toThrow(expect.objectContaining({ code: 'AccessDeniedException', message: expect.stringContaining("log group Arn 'arn:aws:logs:ap-southeast-1:000000000000:log-group:g'") }));

    await kms.operations.EnableKey({ KeyId: keyArn }, ctx);
    await logs.operations.PutLogEvents({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: now + 1, message: 'after' }] }, ctx);
    expect((await get()).events.map((e: { message: string }) => e.message)).toEqual(['before', 'after']);
  });

  it('refuses reads once the key policy no longer allows the logs principal', async () => {
    const { kms, logs } = setup();
    const keyArn = await encryptedGroup(kms, logs, 'g');
    await logs.operations.PutLogEvents({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'x' }] }, ctx);
    // CloudWatch Logs may now use the key for another group only (the region argument of logsKeyPolicy is no ARN:
    // a service principal 'logs.arn:…' is one KMS refuses as invalid)
    const otherGroupOnly = policyDocument(rootStatement, logsStatementForGroups(undefined, 'arn:aws:logs:ap-southeast-1:000000000000:log-group:other', 'ArnEquals'));
    await kms.operations.PutKeyPolicy({ KeyId: keyArn, Policy: otherGroupOnly }, ctx);
    expect(() => logs.operations.FilterLogEvents({ logGroupName: 'g' }, ctx)).toThrow(
      expect.objectContaining({ code: 'AccessDeniedException', message: expect.stringContaining('kms:Decrypt') }),
    );
  });

  it('keeps events written under a disassociated key readable only through that key', async () => {
    const { kms, logs } = setup();
    const keyArn = await encryptedGroup(kms, logs, 'g');
    const now = Date.now();
    await logs.operations.PutLogEvents({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: now, message: 'sealed' }] }, ctx);
    await logs.operations.DisassociateKmsKey({ logGroupName: 'g' }, ctx);
    await logs.operations.PutLogEvents({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: now + 1, message: 'plain' }] }, ctx);
    const read = () => logs.operations.FilterLogEvents({ logGroupName: 'g' }, ctx).events.map((e: { message: string }) => e.message);
    expect(read()).toEqual(['sealed', 'plain']);
    await kms.operations.DisableKey({ KeyId: keyArn }, ctx);
    expect(read).toThrow(expect.objectContaining({ code: 'AccessDeniedException' }));
    // the plain part alone is readable
    expect(logs.operations.FilterLogEvents({ logGroupName: 'g', startTime: now + 1 }, ctx).events).toHaveLength(1);
  });

  it('rotates the data key after DATA_KEY_EVENTS events', async () => {
    const { kms, logs, store } = setup();
    await encryptedGroup(kms, logs, 'g');
    const t0 = Date.now() - 1000 * 60;
    for (let start = 0; start < DATA_KEY_EVENTS + 1; start += 5_000) {
      const count = Math.min(5_000, DATA_KEY_EVENTS + 1 - start);
      await logs.operations.PutLogEvents({ logGroupName: 'g', logStreamName: 's', logEvents: batch(start, count, t0) }, ctx);
    }
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM logs_data_keys').get() as { n: number }).n).toBe(2);
  });

  it('delivers through the backend on the same path as PutLogEvents (stream created, encrypted)', async () => {
    const { kms, logs, store } = setup();
    await encryptedGroup(kms, logs, 'g');
    const out = logs.backend.deliverLogEvents('g', 'lambda-stream', [{ timestamp: Date.now(), message: 'from lambda' }], ctx);
    expect(out.nextSequenceToken).toMatch(/^\d+$/);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM logs_events WHERE message IS NULL').get() as { n: number }).n).toBe(1);
    expect(logs.backend.filterLogEvents({ logGroupName: 'g', logStreamNames: ['lambda-stream'] }, ctx).events?.[0]?.message).toBe('from lambda');
    expect(() => logs.backend.deliverLogEvents('missing', 's', [{ timestamp: Date.now(), message: 'x' }], ctx))
      .toThrow(expect.objectContaining({ code: 'ResourceNotFoundException' }));
  });
});
