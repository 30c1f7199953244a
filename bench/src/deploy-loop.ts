// 2. Deploy loop: cold deploy against a fresh local-cloud (synth + assets + stack create; once), then 3 rounds of
// (no-change redeploy, handler-only change redeploy), medians, and destroy. The CDK CLI's own synth is timed separately (`cdk synth --quiet`
// with the same app and arguments) to say how much of a deploy it is. Next to each step's wall time, the CPU time the
// local-cloud server process used during it (`serverCpuMs`, user + system from /proc/<pid>/stat, 10 ms ticks): on a
// shared machine, load stretches the wall time of a step but barely moves the CPU it takes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { log, round, median, tmpDir, cpuMs } from './lib/util';

const ROUNDS = Number(process.env.BENCH_DEPLOY_ROUNDS) || 3;
import * as lcl from './lib/local-cloud';
import { ensureLocalCloud, runStandalone, type BenchContext, type Figures } from './lib/context';

export async function run(ctx: BenchContext): Promise<void> {
  const lc = ensureLocalCloud(ctx);
  const setup = lcl.cdkSetup(lc, { handlerBundle: lcl.handlerCopy() });
  const out: Figures = {};
  /** A CDK CLI run, and the server's CPU milliseconds during it. */
  const deploy = async (s: lcl.CdkSetup) => {
    const cpu0 = cpuMs(lc.pid);
    const r = await lcl.cdkDeploy(s);
    return { ...r, serverCpuMs: cpuMs(lc.pid) - cpu0 };
  };

  const cold = await deploy(setup);
  if (cold.code !== 0) throw new Error(`coldDeploy failed (${cold.code}):\n${cold.output.slice(-4000)}`);
  out.coldDeploy = { ms: round(cold.ms), serverCpuMs: cold.serverCpuMs, phases: lcl.phases(lc, cold) };
  log(`deploy loop: coldDeploy ${round(cold.ms)} ms, server CPU ${cold.serverCpuMs} ms`);
  out.coldDeploy.stackEngineMs = await lcl.stackOperationMs(lc, setup.stackName);
  const outputs = lcl.stackOutputs(setup);
  ctx.stack = { setup, outputs, lastDeploy: cold, api: lcl.localApiUrl(lc, outputs) };

  // redeploys: ROUNDS × (no change, handler-only change), alternating; median of each
  type Phases = Record<string, number | null | undefined>;
  const noChange: number[] = [];
  const handlerChange: number[] = [];
  const noChangeCpu: number[] = [];
  const handlerChangeCpu: number[] = [];
  const noChangePhases: Array<Phases | null> = [];
  const handlerPhases: Array<Phases | null> = [];
  for (let r = 0; r < ROUNDS; r++) {
    const a = await deploy(setup);
    if (a.code !== 0) throw new Error(`no-change redeploy failed (${a.code}):\n${a.output.slice(-4000)}`);
    noChange.push(a.ms);
    noChangeCpu.push(a.serverCpuMs);
    noChangePhases.push(lcl.phases(lc, a));
    // a handler-only change: a comment appended to the private copy of the bundle (a new asset hash)
    fs.appendFileSync(path.join(setup.handlerBundle, 'index.js'), `\n// bench change ${Date.now()}\n`);
    const b = await deploy(setup);
    if (b.code !== 0) throw new Error(`handler-only redeploy failed (${b.code}):\n${b.output.slice(-4000)}`);
    handlerChange.push(b.ms);
    handlerChangeCpu.push(b.serverCpuMs);
    handlerPhases.push({ ...lcl.phases(lc, b), stackEngineMs: await lcl.stackOperationMs(lc, setup.stackName) });
    log(`deploy loop: round ${r + 1}: no-change ${round(a.ms)} ms (server CPU ${a.serverCpuMs} ms), handler-only ${round(b.ms)} ms (server CPU ${b.serverCpuMs} ms)`);
  }
  const medPhases = (ps: Array<Phases | null>) => (ps.every(Boolean) ? Object.fromEntries(Object.keys(ps[0]!).map((k) => [k, round(median(ps.map((p) => p![k])))])) : null);
  out.noChangeRedeploy = { ms: round(median(noChange)), runs: noChange.map((x) => round(x)), serverCpuMs: median(noChangeCpu), serverCpuRunsMs: noChangeCpu, phases: medPhases(noChangePhases) };
  out.handlerChangeRedeploy = { ms: round(median(handlerChange)), runs: handlerChange.map((x) => round(x)), serverCpuMs: median(handlerChangeCpu), serverCpuRunsMs: handlerChangeCpu, phases: medPhases(handlerPhases) };

  // the CLI's own synth, same app and arguments: the floor of every deploy
  const synths: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await lcl.cdkSynth(setup);
    if (r.code !== 0) throw new Error(`cdk synth failed:\n${r.output.slice(-3000)}`);
    synths.push(r.ms);
  }
  out.cdkSynthOnly = { ms: round(median(synths)), runs: synths.map((x) => round(x)) };
  log(`deploy loop: cdk synth alone ${out.cdkSynthOnly.ms} ms`);

  // the CDK app alone (node lib/main.js: construct tree, cdk-nag, the key-policy guard, template + asset
  // staging), without the CLI: what synth costs inside the app
  const app: number[] = [];
  for (let i = 0; i < 3; i++) {
    const outdir = tmpDir('app-out');
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['lib/main.js'], {
      cwd: lcl.INFRA_DIR, encoding: 'utf8',
      env: { ...setup.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(setup.context) },
    });
    if (r.status !== 0) throw new Error(`the CDK app failed:\n${(r.stderr || '').slice(-2000)}`);
    app.push(Number(process.hrtime.bigint() - t0) / 1e6);
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  out.cdkAppOnly = { ms: round(median(app)), runs: app.map((x) => round(x)) };
  log(`deploy loop: CDK app alone ${out.cdkAppOnly.ms} ms`);

  // what-if (not a change to the project): aws-cdk-lib's built-in CloudFormation template validation (a WASM
  // engine, @aws/cloudformation-validate) is most of the app's synth time; CDK_VALIDATION=false turns only that
  // one off (the project's key-policy guard and cdk-nag still run). No-change redeploys, alternating A B A B.
  const withV: number[] = [];
  const withoutV: number[] = [];
  const noValidation = { ...setup, env: { ...setup.env, CDK_VALIDATION: 'false' } };
  for (let r = 0; r < 2; r++) {
    const a = await lcl.cdkDeploy(setup);
    const b = await lcl.cdkDeploy(noValidation);
    if (a.code !== 0 || b.code !== 0) throw new Error(`what-if redeploy failed:\n${(a.code ? a : b).output.slice(-3000)}`);
    withV.push(a.ms);
    withoutV.push(b.ms);
  }
  out.whatIfNoBuiltinCfnValidation = {
    noChangeDefaultMs: round(median(withV)), noChangeCdkValidationFalseMs: round(median(withoutV)),
    ratio: round(median(withoutV.map((x, i) => x / withV[i])), 2), runsDefault: withV.map((x) => round(x)), runsCdkValidationFalse: withoutV.map((x) => round(x)),
  };
  log(`deploy loop: what-if CDK_VALIDATION=false: no-change ${out.whatIfNoBuiltinCfnValidation.noChangeCdkValidationFalseMs} ms vs ${out.whatIfNoBuiltinCfnValidation.noChangeDefaultMs} ms`);
  ctx.results.deployLoop = out;
}

/** Destroy runs last (the other sections use the deployed stack). */
export async function finish(ctx: BenchContext): Promise<void> {
  if (!ctx.stack) return;
  const cpu0 = cpuMs(ctx.lc!.pid);
  const r = await lcl.cdkDestroy(ctx.stack.setup);
  const serverCpuMs = cpuMs(ctx.lc!.pid) - cpu0;
  if (r.code !== 0) throw new Error(`cdk destroy failed (${r.code}):\n${r.output.slice(-4000)}`);
  ctx.results.deployLoop = { ...(ctx.results.deployLoop || {}), destroy: { ms: round(r.ms), serverCpuMs, phases: lcl.phases(ctx.lc!, r) } };
  log(`deploy loop: destroy ${round(r.ms)} ms, server CPU ${serverCpuMs} ms`);
  ctx.stack = null;
}

if (require.main === module) runStandalone({ run, finish });
