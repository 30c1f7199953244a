// Experiment (not part of bench:all): does the number of Lambda worker processes limit the request path on a
// 2-core machine? Two local-clouds side by side, each with KmsLogsApi-bench deployed: the default pool
// (up to 10 environments per function) and LOCAL_CLOUD_LAMBDA_MAX_ENVIRONMENTS=N (default 2; local-cloud's own
// env knob, no code change). Same load as the request path, alternating A B A B, ratio per round, median.
// Usage: node bench/experiment-pool-size.js [N] → bench/results/experiment-pool-size.json
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APIGatewayClient, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { BENCH_DIR, log, median, round, cleanup, alternate, treeRssMiB } from './lib/util';
import * as lcl from './lib/local-cloud';
import { load } from './lib/load';

async function deployed(env: NodeJS.ProcessEnv) {
  const lc = lcl.startDetached({ env });
  const setup = lcl.cdkSetup(lc, { handlerBundle: lcl.handlerCopy() });
  const d = await lcl.cdkDeploy(setup);
  if (d.code !== 0) throw new Error(d.output.slice(-3000));
  const api = lcl.localApiUrl(lc, lcl.stackOutputs(setup));
  await new APIGatewayClient(lcl.clientConfig(lc.url)).send(new UpdateStageCommand({
    restApiId: api.apiId, stageName: api.stage,
    patchOperations: [{ op: 'replace', path: '/*/*/throttling/rateLimit', value: '10000' }, { op: 'replace', path: '/*/*/throttling/burstLimit', value: '5000' }],
  }));
  return { lc, url: `${api.url}hello?name=bench` };
}

async function main() {
  const n = Number(process.argv[2]) || 2;
  const rounds = Number(process.env.BENCH_ROUNDS) || 3;
  try {
    const a = await deployed({});
    const b = await deployed({ LOCAL_CLOUD_LAMBDA_MAX_ENVIRONMENTS: String(n) });
    const runs = await alternate({
      default10: async (r: number) => { const x = await load(a.url); log(`round ${r + 1} default pool: ${x.reqPerSec} req/s p99 ${x.p99Ms} ms errors ${x.errors + x.non2xx}`); return x; },
      [`max${n}`]: async (r: number) => { const x = await load(b.url); log(`round ${r + 1} max ${n} environments: ${x.reqPerSec} req/s p99 ${x.p99Ms} ms errors ${x.errors + x.non2xx}`); return x; },
    }, rounds);
    const k = `max${n}`;
    const out = {
      machineLoadAvg: require('node:os').loadavg(),
      default10: { reqPerSec: median(runs.default10.map((x) => x.reqPerSec)), p99Ms: median(runs.default10.map((x) => x.p99Ms)), treeRssMiB: round(treeRssMiB(a.lc.pid), 1) },
      [k]: { reqPerSec: median(runs[k].map((x) => x.reqPerSec)), p99Ms: median(runs[k].map((x) => x.p99Ms)), treeRssMiB: round(treeRssMiB(b.lc.pid), 1) },
      ratio: round(median(runs[k].map((x, i) => x.reqPerSec / runs.default10[i].reqPerSec)), 2),
      runs,
    };
    fs.writeFileSync(path.join(BENCH_DIR, 'results', 'experiment-pool-size.json'), `${JSON.stringify(out, null, 2)}\n`);
    console.log(JSON.stringify({ default10: out.default10, [k]: out[k], ratio: out.ratio }, null, 2));
  } finally {
    await cleanup();
  }
}
main().catch(async (e) => { console.error(e); await cleanup(); process.exit(1); });
