// 1. Request path: the same handler bundle behind (a) local-cloud's execute-api (API Gateway → Lambda →
// encrypted log write), (b) serverless-offline in its default mode and in --useInProcess --noTimeout, and
// (c) a bare node:http server calling the handler (the ceiling). autocannon, 32 connections, 3 s warm-up +
// 10 s, alternating a b b' c, a b b' c, … ; ratios per round, median over the rounds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APIGatewayClient, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, FilterLogEventsCommand, DescribeLogGroupsCommand, type FilterLogEventsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import { REPO_ROOT, log, median, round, spawnTracked, stopTracked, waitForHttp, httpGet, sleep, alternate } from './lib/util';
import * as lcl from './lib/local-cloud';
import * as sls from './lib/serverless-offline';
import { load } from './lib/load';
import { ensureStack, serverRss, runStandalone, type BenchContext, type Figures } from './lib/context';

const ROUNDS = Number(process.env.BENCH_ROUNDS) || 3;
const ROUTE = 'hello?name=bench';

/** Counts the events of a group that match `pattern` (FilterLogEvents, every page). */
export async function countEvents(client: CloudWatchLogsClient, logGroupName: string, filterPattern: string): Promise<number> {
  let n = 0;
  let nextToken: string | undefined;
  do {
    const r: FilterLogEventsCommandOutput = await client.send(new FilterLogEventsCommand({ logGroupName, filterPattern, nextToken }));
    n += r.events?.length ?? 0;
    nextToken = r.nextToken;
  } while (nextToken);
  return n;
}

/** Occurrences of `needle` in the raw bytes of the state dir's SQLite files (database and WAL). */
function plaintextHits(stateDir: string, needle: string): number {
  let hits = 0;
  for (const f of fs.readdirSync(stateDir).filter((n) => n.startsWith('local-cloud.db'))) {
    const buf = fs.readFileSync(path.join(stateDir, f));
    for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + 1)) hits++;
  }
  return hits;
}

export async function run(ctx: BenchContext): Promise<void> {
  const stack = await ensureStack(ctx);
  const lc = ctx.lc!;
  const cfg = lcl.clientConfig(lc.url);
  const out: Figures = { rounds: ROUNDS, connections: 32, warmupS: 3, durationS: 10, route: `GET /${ROUTE}` };

  // the stage throttles at 100 rps / burst 50: raise it to API Gateway's account defaults for the load run
  const apigw = new APIGatewayClient(cfg);
  await apigw.send(new UpdateStageCommand({
    restApiId: stack.api.apiId, stageName: stack.api.stage,
    patchOperations: [
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '10000' },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '5000' },
    ],
  }));
  out.stageThrottleDuringRun = { rateLimit: 10000, burstLimit: 5000, deployed: { rateLimit: 100, burstLimit: 50 } };
  const urls: Record<string, string> = { localCloud: stack.api.url + ROUTE };
  const first = await httpGet(urls.localCloud);
  if (first.status !== 200) throw new Error(`local-cloud answered ${first.status}: ${first.body}`);

  const servers = [];
  try {
    // (c) the ceiling
    const bundle = path.join(REPO_ROOT, 'packages', 'handler', 'dist');
    const barePort = lcl.privatePort();
    const bare = spawnTracked(process.execPath, [path.join(__dirname, 'lib', 'bare-server.js'), String(barePort), bundle]);
    servers.push(bare);
    await waitForHttp(`http://127.0.0.1:${barePort}/health`, { child: bare });
    urls.bare = `http://127.0.0.1:${barePort}/${ROUTE}`;

    // (b) the peer, both modes
    try {
      out.peerVersions = sls.ensureInstalled();
      const dir = sls.serviceDir();
      for (const [name, fast] of [['slsDefault', false], ['slsFast', true]] as const) {
        const s = await sls.start({ dir, httpPort: lcl.privatePort(), lambdaPort: lcl.privatePort(), fast });
        servers.push(s.child);
        const probe = await httpGet(s.url + ROUTE);
        if (probe.status !== 200) throw new Error(`serverless-offline (${name}) answered ${probe.status}`);
        urls[name] = s.url + ROUTE;
      }
    } catch (e) {
      out.peerError = (e as Error).message.slice(0, 2000);
      log(`serverless-offline could not run: ${out.peerError}`);
    }

    const order = ['localCloud', 'slsDefault', 'slsFast', 'bare'].filter((k) => urls[k]);
    log(`request path: ${ROUNDS} rounds of ${order.join(' → ')} (13 s each)`);
    const runs = await alternate(Object.fromEntries(order.map((k) => [k, async (r: number) => {
      const res = await load(urls[k]);
      log(`  round ${r + 1} ${k}: ${res.reqPerSec} req/s p50 ${res.p50Ms} ms p99 ${res.p99Ms} ms errors ${res.errors} non2xx ${res.non2xx} timeouts ${res.timeouts}`);
      return res;
    }])), ROUNDS);

    out.runs = runs;
    out.summary = {};
    for (const k of order) {
      const rs = runs[k];
      out.summary[k] = {
        reqPerSec: round(median(rs.map((x) => x.reqPerSec)), 1),
        p50Ms: median(rs.map((x) => x.p50Ms)),
        p99Ms: median(rs.map((x) => x.p99Ms)),
        errors: rs.reduce((s, x) => s + x.errors + x.timeouts + x.non2xx + x.warmupErrors, 0),
        ok2xx: rs.reduce((s, x) => s + x.ok2xx + x.warmup2xx, 0),
        sent: rs.reduce((s, x) => s + x.sent + x.warmupSent, 0),
      };
    }
    const ratio = (a: string, b: string) => (runs[a] && runs[b] ? round(median(runs[a].map((x, i) => x.reqPerSec / runs[b][i].reqPerSec)), 2) : null);
    out.ratios = {
      localCloudOverSlsDefault: ratio('localCloud', 'slsDefault'),
      localCloudOverSlsFast: ratio('localCloud', 'slsFast'),
      localCloudOverBare: ratio('localCloud', 'bare'),
    };
  } finally {
    for (const s of servers) await stopTracked(s);
  }

  // every 2xx answered by local-cloud wrote one access line to the encrypted function group
  const logs = new CloudWatchLogsClient(cfg);
  const group = stack.outputs.LogGroupName;
  // autocannon counts the 2xx that arrive before a run's end; requests still in flight then (up to 32 per
  // run) are served and logged too, so the expected count is the requests sent (all answered 2xx: errors 0)
  const expected = out.summary.localCloud.sent + 1; // + the probe above
  let stored = 0;
  const deadline = Date.now() + 20_000;
  for (let last = -1; Date.now() < deadline; last = stored) {
    stored = await countEvents(logs, group, '{ $.message = "request" && $.resource = "/hello" }');
    if (stored >= expected || stored === last) break;
    await sleep(1000);
  }
  const desc = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
  out.logEvents = {
    group,
    kmsKeyId: desc.logGroups?.find((g) => g.logGroupName === group)?.kmsKeyId || null,
    expected,
    counted2xx: out.summary.localCloud.ok2xx + 1,
    stored,
    allStored: stored === expected,
    plaintextHitsInDatabase: plaintextHits(lc.stateDir, '"message":"request"'),
    peerStores: 'none (serverless-offline prints the lines to its stdout)',
  };
  log(`request path: ${stored} / ${expected} access lines in ${group} (KMS key ${out.logEvents.kmsKeyId ? 'set' : 'MISSING'}), plaintext hits in the database: ${out.logEvents.plaintextHitsInDatabase}`);
  ctx.rssAfterRequestPath = serverRss(ctx);
  out.localCloudRssAfterMiB = ctx.rssAfterRequestPath;
  ctx.results.requestPath = out;
}

if (require.main === module) runStandalone({ run });
