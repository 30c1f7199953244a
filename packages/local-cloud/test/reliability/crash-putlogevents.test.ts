process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { logsKeyPolicy } from '../helpers/key-policies';
import { freePort, pidOf, runCli } from '../helpers/local-cloud-process';

/**
 * Reliability item 2a (PutLogEvents half) and the loopback-only listener of a real process:
 * local-cloud runs as a child process (the CLI, through ts-node, no build needed); a pool of writers sends
 * PutLogEvents to an encrypted group; the process is killed with SIGKILL mid-load; after the restart on the same
 * state dir every batch that was answered 200 is readable, exactly once, and SQLite's integrity check is `ok`.
 * Bounded: CRASH_CYCLES kills (default 2), at most BATCHES_PER_CYCLE acknowledged batches before each kill.
 */
const REGION = 'ap-southeast-1';
const CYCLES = Number(process.env.CRASH_CYCLES ?? 2);
const WRITERS = 8;
const EVENTS_PER_BATCH = 5;
const BATCHES_PER_CYCLE = 120;
const GROUP = '/reliability/crash';

async function cli(args: string[]): Promise<string> {
  const res = await runCli(args, { startTimeoutMs: 90_000, timeoutMs: 120_000 });
  if (res.code !== 0) throw new Error(`local-cloud ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
  return res.stdout;
}

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    // a zombie (no reaper in a container) still answers kill(0): treat "not in /proc as running" as gone
    try {
      if (/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))) return;
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`pid ${pid} still alive after SIGKILL`);
}

/** `PRAGMA integrity_check` of the database file, opened read-only (as a crash left it: main file + WAL). */
function integrity(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Addresses the kernel says a TCP socket on `port` listens on (Linux /proc/net/tcp{,6}); undefined elsewhere. */
function listeningAddresses(port: number): string[] | undefined {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      if (file === '/proc/net/tcp') return undefined;
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue;
      const [addr, hexPort] = cols[1].split(':');
      if (parseInt(hexPort, 16) === port) out.push(addr);
    }
  }
  return out;
}

describe('kill -9 of local-cloud during a PutLogEvents load', () => {
  let stateDir: string;
  let port: number;
  let endpoint: string;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-crash-'));
    port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    logs = new CloudWatchLogsClient({ endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  }, 30_000);

  afterAll(async () => {
    logs?.destroy();
    try {
      await cli(['stop', '--port', String(port), '--state-dir', stateDir]);
    } catch {
      // not running
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  it(`survives ${CYCLES} SIGKILLs mid-load: every acknowledged batch readable exactly once, integrity_check ok, listening on loopback only`, async () => {
    const start = () => cli(['start', '--detach', '--port', String(port), '--state-dir', stateDir]);
    await start();

    // the live process listens on 127.0.0.1 only
    const addrs = listeningAddresses(port);
    if (addrs) expect(addrs).toEqual(['0100007F']);
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const refused = await new Promise<string>((resolve) => {
        const s = net.connect({ host: external.address, port }, () => { s.destroy(); resolve('connected'); });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        s.setTimeout(3_000, () => { s.destroy(); resolve('timeout'); });
      });
      expect(refused).not.toBe('connected');
    }

    const kms = new KMSClient({ endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Policy: logsKeyPolicy() }));
    kms.destroy();
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP, kmsKeyId: KeyMetadata!.Arn }));
    const streams = Array.from({ length: WRITERS }, (_, w) => `writer-${w}`);
    for (const logStreamName of streams) await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName }));

    const acknowledged = new Set<string>();
    const attempted = new Set<string>();
    let crashes = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const pid = pidOf(stateDir);
      let acked = 0;
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        process.kill(pid, 'SIGKILL');
      };
      const writer = async (w: number) => {
        for (let b = 0; ; b++) {
          const messages = Array.from({ length: EVENTS_PER_BATCH }, (_, e) => `c${cycle}-w${w}-b${b}-e${e}`);
          messages.forEach((m) => attempted.add(m));
          try {
            await logs.send(new PutLogEventsCommand({
              logGroupName: GROUP,
              logStreamName: streams[w],
              logEvents: messages.map((message) => ({ timestamp: Date.now(), message })),
            }));
          } catch (e) {
            if (!killed) throw e;
            return; // the server is gone: the batch in flight was not acknowledged
          }
          messages.forEach((m) => acknowledged.add(m));
          if (++acked >= BATCHES_PER_CYCLE) kill();
          if (killed) return;
        }
      };
      await Promise.all(streams.map((_, w) => writer(w)));
      await waitGone(pid);
      crashes++;

      // the database as the crash left it (main file + WAL) is consistent
      expect(integrity(path.join(stateDir, 'local-cloud.db'))).toBe('ok');
      await start();
      expect(pidOf(stateDir)).not.toBe(pid);
    }

    // every acknowledged event is readable, once; nothing that was never sent appears
    const seen: string[] = [];
    for (const logStreamName of streams) {
      let nextToken: string | undefined;
      for (;;) {
        const page = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName, startFromHead: true, nextToken }));
        seen.push(...(page.events ?? []).map((e) => e.message!));
        if (!page.nextForwardToken || page.nextForwardToken === nextToken) break;
        nextToken = page.nextForwardToken;
      }
    }
    const seenSet = new Set(seen);
    const lost = [...acknowledged].filter((m) => !seenSet.has(m));
    const duplicated = seen.length - seenSet.size;
    const unknown = seen.filter((m) => !attempted.has(m));
    console.log(`reliability crash-putlogevents: ${crashes} SIGKILLs survived, ${acknowledged.size} acknowledged events, ${seen.length} read back, lost ${lost.length}, duplicated ${duplicated}`);
    expect(crashes).toBe(CYCLES);
    expect(acknowledged.size).toBeGreaterThanOrEqual(CYCLES * BATCHES_PER_CYCLE * EVENTS_PER_BATCH);
    expect(lost).toEqual([]);
    expect(duplicated).toBe(0);
    expect(unknown).toEqual([]);

    await cli(['stop', '--port', String(port), '--state-dir', stateDir]);
    expect(integrity(path.join(stateDir, 'local-cloud.db'))).toBe('ok');
  }, 400_000);
});
