// Profiles local-cloud on the request path: a foreground `local-cloud start` with a profiler preloaded
// (NODE_OPTIONS=--require bench/dist/lib/cpu-prof-preload.js; the measured window only, by SIGUSR2) and its Lambda
// workers (the function's own NODE_OPTIONS, from their start through warm-up and run),
// the stack deployed, autocannon for 10 s at 32 connections, then SIGTERM (the profiles are written at exit)
// and a summary of self time by function and by file.
// Usage: node bench/profile-request-path.js [seconds] [invoke]   (invoke: direct Lambda Invoke instead of HTTP)
// Output: <tmpdir>/kms-logs-bench-profile[-invoke]/*.cpuprofile (Chrome DevTools or speedscope) and
// bench/results/profile[-invoke]-summary.json (self time by file and by function, per process).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APIGatewayClient, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { LambdaClient, GetFunctionConfigurationCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { BENCH_DIR, REPO_ROOT, log, spawnTracked, stopTracked, waitForHttp, tmpDir, cleanup, round, sleep } from './lib/util';
import * as lcl from './lib/local-cloud';
import { cannon, summarize as summarizeLoad } from './lib/load';
import { invokeLoad } from './handler';

/** A V8 CPU profile (.cpuprofile), the parts read here. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

function summarize(file: string, top = 25) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++) {
    const n = byId.get(prof.samples[i])!;
    self.set(n.id, (self.get(n.id) || 0) + (dt[i] || 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fnAgg = new Map<string, number>();
  const fileAgg = new Map<string, number>();
  for (const [id, us] of self) {
    const cf = byId.get(id)!.callFrame;
    const url = (cf.url || '').replace('file://', '').replace(`${REPO_ROOT}/`, '');
    const fkey = `${cf.functionName || '(anonymous)'} ${url}:${cf.lineNumber + 1}`;
    fnAgg.set(fkey, (fnAgg.get(fkey) || 0) + us);
    const where = url.startsWith('node_modules/') ? url.split('/').slice(0, url.split('/')[1].startsWith('@') ? 3 : 2).join('/')
      : url.startsWith('node:') ? url : url ? url : `(${cf.functionName || 'native'})`;
    fileAgg.set(where, (fileAgg.get(where) || 0) + us);
  }
  const pct = (us: number) => `${round((100 * us) / total, 1)}%`;
  const sort = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => ({ where: k, selfMs: round(us / 1000), share: pct(us) }));
  return { file: path.basename(file), totalMs: round(total / 1000), byFunction: sort(fnAgg), byFile: sort(fileAgg) };
}

async function main() {
  const seconds = Number(process.argv[2]) || 10;
  const mode = process.argv[3] === 'invoke' ? 'invoke' : 'http';
  // the .cpuprofile files are large: they go to the OS temp dir; the summary goes to bench/results/
  const profDir = path.join(require('node:os').tmpdir(), mode === 'invoke' ? 'kms-logs-bench-profile-invoke' : 'kms-logs-bench-profile');
  const summaryFile = path.join(BENCH_DIR, 'results', mode === 'invoke' ? 'profile-invoke-summary.json' : 'profile-summary.json');
  fs.rmSync(profDir, { recursive: true, force: true });
  fs.mkdirSync(profDir, { recursive: true });
  const port = lcl.privatePort();
  const stateDir = tmpDir('prof');
  const preload = path.join(__dirname, 'lib', 'cpu-prof-preload.js');
  const child = spawnTracked(process.execPath, [lcl.CLI, 'start', '--port', String(port), '--state-dir', stateDir], {
    env: { ...process.env, NODE_OPTIONS: `--require ${preload}`, BENCH_PROF_DIR: profDir, BENCH_PROF_NAME: 'server', BENCH_PROF_SIGNAL: '1' },
  });
  const lc = { url: `http://127.0.0.1:${port}`, port, stateDir };
  try {
    await waitForHttp(`${lc.url}/_local-cloud/health`, { child });
    const setup = lcl.cdkSetup(lc, { handlerBundle: lcl.handlerCopy() });
    const d = await lcl.cdkDeploy(setup);
    if (d.code !== 0) throw new Error(d.output.slice(-3000));
    const outputs = lcl.stackOutputs(setup);
    const api = lcl.localApiUrl(lc, outputs);
    // the Lambda workers: the function's NODE_OPTIONS preloads a profiler that writes after warm-up + run
    const lambda = new LambdaClient(lcl.clientConfig(lc.url));
    const conf = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: outputs.FunctionName }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: outputs.FunctionName, Environment: { Variables: {
      ...(conf.Environment?.Variables || {}),
      NODE_OPTIONS: `--require ${preload}`, BENCH_PROF_DIR: profDir, BENCH_PROF_MS: String((seconds + 3) * 1000),
    } } }));
    await sleep(500);
    await new APIGatewayClient(lcl.clientConfig(lc.url)).send(new UpdateStageCommand({
      restApiId: api.apiId, stageName: api.stage,
      patchOperations: [{ op: 'replace', path: '/*/*/throttling/rateLimit', value: '10000' }, { op: 'replace', path: '/*/*/throttling/burstLimit', value: '5000' }],
    }));
    if (mode === 'invoke') {
      // direct Lambda Invoke, 16 concurrent SDK callers (as bench/handler.js)
      await invokeLoad(lambda, outputs.FunctionName, 3);
      process.kill(child.pid!, 'SIGUSR2');
      const r = await invokeLoad(lambda, outputs.FunctionName, seconds);
      process.kill(child.pid!, 'SIGUSR2');
      await sleep(2000);
      log(`profiled Invoke run: ${round(r.perSec)} invocations/s, errors ${r.errors}`);
    } else {
      await cannon({ url: `${api.url}hello?name=bench`, duration: 3 }); // warm-up: starts (and profiles) the workers
      process.kill(child.pid!, 'SIGUSR2'); // the server: profile the measured window only
      const r = summarizeLoad(await cannon({ url: `${api.url}hello?name=bench`, duration: seconds }));
      process.kill(child.pid!, 'SIGUSR2');
      await sleep(2000); // the workers write their profiles
      log(`profiled run: ${r.reqPerSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, errors ${r.errors + r.non2xx}`);
    }
  } finally {
    await stopTracked(child, 15_000);
    await cleanup();
  }
  const files = fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profDir, f));
  const summaries = files.map((f) => summarize(f)).sort((a, b) => b.totalMs - a.totalMs);
  fs.writeFileSync(summaryFile, `${JSON.stringify(summaries, null, 2)}\n`);
  console.log(`profiles: ${profDir}/*.cpuprofile (Chrome DevTools, speedscope); summary: ${path.relative(REPO_ROOT, summaryFile)}`);
  for (const s of summaries.slice(0, 4)) {
    console.log(`\n${s.file}: ${s.totalMs} ms sampled`);
    console.log('  by file:'); for (const x of s.byFile.slice(0, 15)) console.log(`    ${x.share.padStart(6)}  ${x.selfMs} ms  ${x.where}`);
    console.log('  by function:'); for (const x of s.byFunction.slice(0, 20)) console.log(`    ${x.share.padStart(6)}  ${x.selfMs} ms  ${x.where}`);
  }
}

main().catch(async (e) => { console.error(e); await cleanup(); process.exit(1); });
