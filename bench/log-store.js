'use strict';
// 3. Log store: PutLogEvents throughput (batches of 1,000) into a KMS-encrypted group up to 100,000 events,
// FilterLogEvents with a JSON filter pattern over all 100,000, and the KMS operations per 1,000 events
// written and read (counted inside local-cloud's KMS service).
const { fork } = require('node:child_process');
const path = require('node:path');
const { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, FilterLogEventsCommand } = require('@aws-sdk/client-cloudwatch-logs');
const { KMSClient, CreateKeyCommand } = require('@aws-sdk/client-kms');
const { log, median, round, tmpDir, onCleanup, sleep } = require('./lib/util');
const lcl = require('./lib/local-cloud');
const { runStandalone } = require('./lib/context');

const EVENTS = 100_000;
const BATCH = 1_000;
const FILTER_RUNS = 3;
const PATTERN = '{ $.status = 500 && $.method = "POST" }';

function startStatsServer(stateDir = tmpDir('logstore')) {
  const port = lcl.privatePort();
  const child = fork(path.join(__dirname, 'lib', 'stats-server.js'), [String(port), stateDir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  onCleanup(async () => { if (child.exitCode === null) { child.send('stop'); await Promise.race([new Promise((r) => child.on('exit', r)), sleep(3000)]); child.kill('SIGKILL'); } });
  const ask = () => new Promise((resolve) => { child.once('message', resolve); child.send('stats'); });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ url: m.ready, child, ask, stateDir }));
    child.once('exit', (c) => reject(new Error(`stats server exited ${c}`)));
  });
}

function keyPolicy(region, account, groupArn) {
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

const diff = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - a[k]]));
const cryptoOps = (d) => d.generateDataKey + d.encrypt + d.decrypt;

async function filterAll(logs, group) {
  const f0 = process.hrtime.bigint();
  let nextToken;
  let matched = 0;
  let pages = 0;
  do {
    const res = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: PATTERN, nextToken }));
    matched += res.events.length; pages++;
    nextToken = res.nextToken;
  } while (nextToken);
  return { ms: Number(process.hrtime.bigint() - f0) / 1e6, matched, pages };
}

async function run(ctx) {
  const srv = await startStatsServer();
  const cfg = lcl.clientConfig(srv.url);
  const logs = new CloudWatchLogsClient(cfg);
  const kms = new KMSClient(cfg);
  const group = '/bench/log-store';
  const groupArn = `arn:aws:logs:${lcl.REGION}:${lcl.ACCOUNT}:log-group:${group}`;
  const key = await kms.send(new CreateKeyCommand({ Policy: keyPolicy(lcl.REGION, lcl.ACCOUNT, groupArn) }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: group, kmsKeyId: key.KeyMetadata.Arn }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's1' }));

  // events shaped like the handler's access lines; 1 in 100 is a POST answered 500
  const t0 = Date.now() - EVENTS;
  const batches = [];
  for (let b = 0; b < EVENTS / BATCH; b++) {
    const events = [];
    for (let i = 0; i < BATCH; i++) {
      const n = b * BATCH + i;
      const bad = n % 100 === 7;
      events.push({ timestamp: t0 + n, message: JSON.stringify({ level: 'INFO', message: 'request', service: 'kms-logs-api', requestId: `req-${n}`, method: bad ? 'POST' : 'GET', resource: bad ? '/echo' : '/hello', status: bad ? 500 : 200, durationMs: 0.3 }) });
    }
    batches.push(events);
  }
  const s0 = (await srv.ask()).kms;
  const w0 = process.hrtime.bigint();
  for (const logEvents of batches) await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 's1', logEvents }));
  const writeMs = Number(process.hrtime.bigint() - w0) / 1e6;
  const s1 = (await srv.ask()).kms;
  log(`log store: put ${EVENTS} events in ${round(writeMs)} ms`);

  const filterMs = [];
  let matched = 0;
  let pages = 0;
  for (let r = 0; r < FILTER_RUNS; r++) {
    const f = await filterAll(logs, group);
    ({ matched, pages } = f);
    filterMs.push(f.ms);
    log(`log store: filter run ${r + 1}: ${matched} matches, ${pages} pages, ${round(f.ms)} ms`);
  }
  const s2 = (await srv.ask()).kms;

  // a cold read: a restarted server holds no data key in memory and must Decrypt each one it needs
  srv.child.send('stop');
  await new Promise((r) => srv.child.once('exit', r));
  const srv2 = await startStatsServer(srv.stateDir);
  const logs2 = new CloudWatchLogsClient(lcl.clientConfig(srv2.url));
  const c0 = (await srv2.ask()).kms;
  const cold = await filterAll(logs2, group);
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
    filterPattern: PATTERN,
    filterMatches: matched,
    filterPages: pages,
    filterMs: round(median(filterMs)),
    filterRunsMs: filterMs.map((x) => round(x)),
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
  };
}

module.exports = { run };
if (require.main === module) runStandalone(module.exports);
