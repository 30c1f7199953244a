// 7. Edit loop: the time from writing a changed handler source file to the first API response that carries the
// change, with `handler:watch` (esbuild rebuild + UpdateFunctionCode), beside the handler-only `cdk deploy` of the
// same kind of change: EDITS of each, alternated in one run (watch, deploy, watch, …), medians. The watch runs from
// a copy of packages/handler inside bench/ (so it resolves its modules), against the bench's stack; the developer's
// sources and stacks are never touched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BENCH_DIR, REPO_ROOT, log, round, median, sleep, spawnTracked, stopTracked, onCleanup } from './lib/util';
import * as lcl from './lib/local-cloud';
import { ensureStack, runStandalone, type BenchContext } from './lib/context';

const EDITS = Number(process.env.BENCH_EDITS) || 5;

/** Polls GET <api>health until its `status` is `expected`; the ms from `t0` (hrtime) to that response. */
async function untilLive(api: string, expected: string, t0: bigint, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${api}health`);
      const body = (await res.json().catch(() => ({}))) as { status?: string };
      if (body.status === expected) return Number(process.hrtime.bigint() - t0) / 1e6;
    } catch {
      // a refused connection: keep polling
    }
    if (Date.now() > deadline) throw new Error(`no response with status ${expected} within ${timeoutMs} ms`);
    await sleep(2);
  }
}

/** Waits until the watcher's output (`out()`) has a line matching `pattern` after `from` characters. */
async function line(out: () => string, pattern: RegExp, from = 0, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = out().slice(from).split('\n').find((l) => pattern.test(l));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`watcher: no line matching ${pattern} in:\n${out().slice(-3000)}`);
    await sleep(10);
  }
}

export async function run(ctx: BenchContext): Promise<void> {
  const stack = await ensureStack(ctx);
  const { setup } = stack;
  const api = stack.api.url;
  const lc = ctx.lc!;

  // the watch session: a copy of the handler package next to the bench (module resolution from the repository)
  const copy = path.join(BENCH_DIR, `.edit-loop-${process.pid}`);
  const handler = path.join(REPO_ROOT, 'packages', 'handler');
  for (const item of ['src', 'scripts', 'bundle.json']) fs.cpSync(path.join(handler, item), path.join(copy, item), { recursive: true });
  fs.writeFileSync(path.join(copy, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'CommonJS', esModuleInterop: true } }));
  onCleanup(() => fs.rmSync(copy, { recursive: true, force: true }));
  const healthTs = path.join(copy, 'src', 'routes', 'health.ts');
  const original = fs.readFileSync(healthTs, 'utf8');

  const watcher = spawnTracked(path.join(REPO_ROOT, 'node_modules', '.bin', 'ts-node'), ['--transpile-only', path.join(copy, 'scripts', 'watch.ts'), 'local', '--outputs', setup.outputsFile], {
    cwd: copy,
    env: { ...process.env, ENVIRONMENT_SUFFIX: setup.stackName.replace(/^KmsLogsApi-/, ''), LOCAL_CLOUD_PORT: String(lc.port) },
  });
  const out = () => watcher.output;
  await line(out, /✔ live in \d+ ms \(start\)/);
  await untilLive(api, 'ok', process.hrtime.bigint());

  const watch: number[] = [];
  const deploy: number[] = [];
  const watchLines: string[] = [];
  // the bench's CDK copy of the bundle (cdkSetup's handlerBundle): a handler-only change there, as in the deploy loop
  const bundle = path.join(setup.handlerBundle, 'index.js');
  const bundleText = fs.readFileSync(bundle, 'utf8');
  for (let i = 1; i <= EDITS; i++) {
    // A: save a changed source file while the watch runs; time to the first response carrying it
    const from = out().length;
    const w0 = process.hrtime.bigint();
    fs.writeFileSync(healthTs, original.replace("status: 'ok'", `status: 'watch-${i}'`));
    watch.push(await untilLive(api, `watch-${i}`, w0));
    watchLines.push(await line(out, /✔ live in/, from));
    // B: the same kind of change deployed by `cdk deploy` (synth, asset, CloudFormation update)
    const d0 = process.hrtime.bigint();
    fs.writeFileSync(bundle, bundleText.replace('status:"ok"', `status:"deploy-${i}"`));
    const r = await lcl.cdkDeploy(setup);
    if (r.code !== 0) throw new Error(`handler-only cdk deploy failed (${r.code}):\n${r.output.slice(-4000)}`);
    deploy.push(await untilLive(api, `deploy-${i}`, d0));
    log(`edit loop: edit ${i}: handler:watch ${round(watch.at(-1))} ms, handler-only cdk deploy ${round(deploy.at(-1))} ms`);
  }
  await stopTracked(watcher);
  // leave the stack running the original code for the sections after this one
  fs.writeFileSync(bundle, bundleText);
  const restore = await lcl.cdkDeploy(setup);
  if (restore.code !== 0) throw new Error(`restoring deploy failed (${restore.code}):\n${restore.output.slice(-4000)}`);

  ctx.results.editLoop = {
    edits: EDITS,
    watchMs: round(median(watch)),
    watchRuns: watch.map((x) => round(x)),
    cdkDeployMs: round(median(deploy)),
    cdkDeployRuns: deploy.map((x) => round(x)),
    ratio: round(median(deploy)! / median(watch)!, 1),
    watcherLines: watchLines.map((l) => l.replace(/^\S+ /, '')),
  };
  log(`edit loop: handler:watch median ${ctx.results.editLoop.watchMs} ms; handler-only cdk deploy median ${ctx.results.editLoop.cdkDeployMs} ms`);
}

if (require.main === module) runStandalone({ run });
