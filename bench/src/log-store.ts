// 3. Log store: PutLogEvents throughput (batches of 1,000) into a KMS-encrypted group up to 100,000 events,
// FilterLogEvents with a JSON filter pattern over all 100,000, and the KMS operations per 1,000 events
// written and read (counted inside local-cloud's KMS service). Next to the wall times, the server process's CPU time
// (`*ServerCpuMs`, user + system): on a shared machine, load stretches the wall time but barely moves the CPU.
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, FilterLogEventsCommand, type FilterLogEventsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient, CreateKeyCommand } from '@aws-sdk/client-kms';
import { log, median, round, tmpDir, onCleanup, sleep } from './lib/util';
import * as lcl from './lib/local-cloud';
import { runStandalone, type BenchContext } from './lib/context';

const EVENTS = 100_000;
const BATCH = 1_000;
const FILTER_RUNS = 3;
const PATTERN = '{ $.status = 500 && $.method = "POST" }';

/** KMS's operation counts, as the stats server reports them. */
type KmsStats = Record<string, number>;
/** What the stats server answers: KMS's counts, its RSS and the CPU milliseconds it has used. */
interface Stats {
  kms: KmsStats;
  rssMiB: number;
  cpuMs: number;
}

/** local-cloud in a child process that reports KMS's operation counts (lib/stats-server). */
interface StatsServer {
  url: string;
  child: ReturnType<typeof fork>;
  ask(): Promise<Stats>;
  stateDir: string;
}

function startStatsServer(stateDir = tmpDir('logstore')): Promise<StatsServer> {
  const port = lcl.privatePort();
  const child = fork(path.join(__dirname, 'lib', 'stats-server.js'), [String(port), stateDir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  onCleanup(async () => { if (child.exitCode === null) { child.send('stop'); await Promise.race([new Promise((r) => child.on('exit', r)), sleep(3000)]); child.kill('SIGKILL'); } });
  const ask = () => new Promise<Stats>((resolve) => { child.once('message', (m) => resolve(m as Stats)); child.send('stats'); });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ url: (m as { ready: string }).ready, child, ask, stateDir }));
    child.once('exit', (c) => reject(new Error(`stats server exited ${c}`)));
  });
}

function keyPolicy(region: string, account: string, groupArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Logs', Effect: 'Allow', Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'], Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': groupArn } } },
    ],
  });
}

const diff = (a: KmsStats, b: KmsStats): KmsStats => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - a[k]]));
const cryptoOps = (d: KmsStats) => d.generateDataKey + d.encrypt + d.decrypt;

async function filterAll(logs: CloudWatchLogsClient, group: string, srv: StatsServer) {
  const cpu0 = (await srv.ask()).cpuMs;
  const f0 = process.hrtime.bigint();
  let nextToken: string | undefined;
  let matched = 0;
  let pages = 0;
  do {
    const res: FilterLogEventsCommandOutput = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: PATTERN, nextToken }));
    matched += res.events?.length ?? 0; pages++;
    nextToken = res.nextToken;
  } while (nextToken);
  const ms = Number(process.hrtime.bigint() - f0) / 1e6;
  return { ms, serverCpuMs: (await srv.ask()).cpuMs - cpu0, matched, pages };
}

export async function run(ctx: BenchContext): Promise<void> {
  const srv = await startStatsServer();
  const cfg = lcl.clientConfig(srv.url);
  const logs = new CloudWatchLogsClient(cfg);
  const kms = new KMSClient(cfg);
  const group = '/bench/log-store';
  const groupArn = `arn:aws:logs:${lcl.REGION}:${lcl.ACCOUNT}:log-group:${group}`;
  const key = await kms.send(new CreateKeyCommand({ Policy: keyPolicy(lcl.REGION, lcl.ACCOUNT, groupArn) }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: group, kmsKeyId: key.KeyMetadata!.Arn }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's1' }));

  // events shaped like the handler's access lines; 1 in 100 is a POST answered 500
  const t0 = Date.now() - EVENTS;
  const batches: Array<Array<{ timestamp: number; message: string }>> = [];
  for (let b = 0; b < EVENTS / BATCH; b++) {
    const events: Array<{ timestamp: number; message: string }> = [];
    for (let i = 0; i < BATCH; i++) {
      const n = b * BATCH + i;
      const bad = n % 100 === 7;
      events.push({ timestamp: t0 + n, message: JSON.stringify({ level: 'INFO', message: 'request', service: 'kms-logs-api', requestId: `req-${n}`, method: bad ? 'POST' : 'GET', resource: bad ? '/echo' : '/hello', status: bad ? 500 : 200, durationMs: 0.3 }) });
    }
    batches.push(events);
  }
  const { kms: s0, cpuMs: putCpu0 } = await srv.ask();
  const w0 = process.hrtime.bigint();
  for (const logEvents of batches) await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 's1', logEvents }));
  const writeMs = Number(process.hrtime.bigint() - w0) / 1e6;
  const { kms: s1, cpuMs: putCpu1 } = await srv.ask();
  const putServerCpuMs = putCpu1 - putCpu0;
  log(`log store: put ${EVENTS} events in ${round(writeMs)} ms, server CPU ${round(putServerCpuMs)} ms`);

  const filterMs: number[] = [];
  const filterCpuMs: number[] = [];
  let matched = 0;
  let pages = 0;
  for (let r = 0; r < FILTER_RUNS; r++) {
    const f = await filterAll(logs, group, srv);
    ({ matched, pages } = f);
    filterMs.push(f.ms);
    filterCpuMs.push(f.serverCpuMs);
    log(`log store: filter run ${r + 1}: ${matched} matches, ${pages} pages, ${round(f.ms)} ms, server CPU ${round(f.serverCpuMs)} ms`);
  }
  const s2 = (await srv.ask()).kms;

  // a cold read: a restarted server holds no data key in memory and must Decrypt each one it needs
  srv.child.send('stop');
  await new Promise((r) => srv.child.once('exit', r));
  const srv2 = await startStatsServer(srv.stateDir);
  const logs2 = new CloudWatchLogsClient(lcl.clientConfig(srv2.url));
  const c0 = (await srv2.ask()).kms;
  const cold = await filterAll(logs2, group, srv2);
  const c1 = (await srv2.ask()).kms;
  const coldRead = diff(c0, c1);
  log(`log store: cold filter (after restart): ${round(cold.ms)} ms, ${coldRead.decrypt} KMS Decrypt`);
  const write = diff(s0, s1);
  const read = diff(s1, s2);
  const readEvents = EVENTS * FILTER_RUNS;
  ctx.results.logStore = {
    events: EVENTS,
    batchSize: BATCH,
    putEventsPerSec: round(EVENTS / (writeMs / 1000)),
    putTotalMs: round(writeMs),
    putServerCpuMs: round(putServerCpuMs),
    filterPattern: PATTERN,
    filterMatches: matched,
    filterPages: pages,
    filterMs: round(median(filterMs)),
    filterRunsMs: filterMs.map((x) => round(x)),
    filterServerCpuMs: round(median(filterCpuMs)),
    filterServerCpuRunsMs: filterCpuMs.map((x) => round(x)),
    kms: {
      write, read,
      cryptoCallsPer1000Written: round(cryptoOps(write) / (EVENTS / 1000), 3),
      cryptoCallsPer1000Read: round(cryptoOps(read) / (readEvents / 1000), 3),
      policyChecksPer1000Written: round(write.checkAccess / (EVENTS / 1000), 3),
      policyChecksPer1000Read: round(read.checkAccess / (readEvents / 1000), 3),
      coldRead,
      cryptoCallsPer1000ReadCold: round(cryptoOps(coldRead) / (EVENTS / 1000), 3),
    },
    filterColdMs: round(cold.ms),
    filterColdServerCpuMs: round(cold.serverCpuMs),
  };
}

if (require.main === module) runStandalone({ run });
