// Where the CPU of the request path goes (not part of bench:all): one local-cloud with KmsLogsApi-bench
// deployed, the request path's load (autocannon in this process, 32 connections, 3 s warm-up + 10 s), and
// the CPU time of each process over the measured run from /proc/<pid>/stat (user + system ticks): the server,
// its Lambda worker processes, and autocannon; plus the machine's idle time from /proc/stat. A profile
// (bench/profile-request-path.js) shows where one process spends its time; this shows which process is the
// bottleneck: when the server's share is near 1 core, its event loop limits the request rate.
// Settings go through the environment to local-cloud (LOCAL_CLOUD_LAMBDA_MAX_ENVIRONMENTS,
// LOCAL_CLOUD_LAMBDA_SCHED_BATCH=0, …). Linux only (/proc).
// Usage: node bench/cpu-split.js [rounds]   → a line per round, and bench/results/cpu-split.json
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APIGatewayClient, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { BENCH_DIR, log, round, processTree, cleanup, cpuOf, TICKS_PER_S } from './lib/util';
import * as lcl from './lib/local-cloud';
import { newContext, ensureStack, type Figures } from './lib/context';
import { cannon } from './lib/load';

/** Idle CPU seconds of the whole machine (idle + iowait, all cores). */
function machineIdle() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return (f[3] + f[4]) / TICKS_PER_S;
}

async function main() {
  const rounds = Number(process.argv[2]) || 3;
  const ctx = newContext();
  const out: Figures = { env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('LOCAL_CLOUD_LAMBDA_'))), rounds: [] };
  try {
    const stack = await ensureStack(ctx);
    const lc = ctx.lc!;
    await new APIGatewayClient(lcl.clientConfig(lc.url)).send(new UpdateStageCommand({
      restApiId: stack.api.apiId, stageName: stack.api.stage,
      patchOperations: [{ op: 'replace', path: '/*/*/throttling/rateLimit', value: '10000' }, { op: 'replace', path: '/*/*/throttling/burstLimit', value: '5000' }],
    }));
    const url = `${stack.api.url}hello?name=bench`;
    for (let r = 0; r < rounds; r++) {
      await cannon({ url, duration: 3 });
      // the workers alive after the warm-up; one that starts during the run is not counted (none did in practice)
      const workers = processTree(lc.pid).filter((p) => p !== lc.pid);
      const pids: Record<string, number[]> = { server: [lc.pid], workers, autocannon: [process.pid] };
      const before = Object.fromEntries(Object.entries(pids).map(([k, ps]) => [k, ps.map(cpuOf)]));
      const idle0 = machineIdle();
      const t0 = process.hrtime.bigint();
      const res = await cannon({ url, duration: 10 });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const idle = machineIdle() - idle0;
      const requests = res.requests.total;
      const line: Figures = { round: r + 1, reqPerSec: round(res.requests.average, 1), errors: res.errors + res.non2xx + res.timeouts, workers: workers.length, cores: {}, microsPerRequest: {} };
      for (const [k, ps] of Object.entries(pids)) {
        const used = ps.map(cpuOf).reduce((s, c, i) => ({
          user: s.user + c.user - before[k][i].user,
          system: s.system + c.system - before[k][i].system,
        }), { user: 0, system: 0 });
        line.cores[k] = round((used.user + used.system) / seconds, 2);
        line.microsPerRequest[k] = { user: Math.round((used.user * 1e6) / requests), system: Math.round((used.system * 1e6) / requests) };
      }
      line.cores.idle = round(idle / seconds, 2);
      out.rounds.push(line);
      const us = (k: string) => `${line.microsPerRequest[k].user}+${line.microsPerRequest[k].system}`;
      log(`round ${r + 1}: ${line.reqPerSec} req/s, ${line.errors} errors, ${workers.length} workers | cores: server ${line.cores.server}, workers ${line.cores.workers}, autocannon ${line.cores.autocannon}, idle ${line.cores.idle} | µs per request (user+system): server ${us('server')}, workers ${us('workers')}, autocannon ${us('autocannon')}`);
    }
    fs.writeFileSync(path.join(BENCH_DIR, 'results', 'cpu-split.json'), `${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await cleanup();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e.stack || e);
  cleanup().finally(() => process.exit(1));
});
