// The shared state of one bench run: one private local-cloud (started by the CLI, detached) and, once
// deployed, the stack KmsLogsApi-bench. Sections that need them call ensureLocalCloud / ensureStack, so every
// section also runs on its own (`node bench/<section>.js`).
import { log, cleanup, rssMiB, treeRssMiB, sleep } from './util';
import * as lcl from './local-cloud';

/** The deployed bench stack: how the CDK CLI deploys it, its outputs, its API, and its last deploy. */
export interface BenchStack {
  setup: lcl.CdkSetup;
  outputs: Record<string, string>;
  lastDeploy: lcl.CdkRun;
  api: lcl.StackApi;
}

/** Measured figures: free-form JSON records, as written to results/*.json. */
export type Figures = Record<string, any>;

/** One bench run: the figures of each section (free-form JSON, written to results/), its local-cloud and stack. */
export interface BenchContext {
  results: Figures;
  lc: lcl.LocalCloud | null;
  stack: BenchStack | null;
  /** local-cloud's RSS once the request path's load has run (the handler section reports it too). */
  rssAfterRequestPath?: ReturnType<typeof serverRss>;
}

/** A section of `bench:all`: `run` measures into ctx.results; `finish` (optional) runs after every section. */
export interface BenchSection {
  run(ctx: BenchContext): Promise<void>;
  finish?(ctx: BenchContext): Promise<void>;
}

export function newContext(): BenchContext {
  return { results: {}, lc: null, stack: null };
}

export function ensureLocalCloud(ctx: BenchContext): lcl.LocalCloud {
  if (!ctx.lc) {
    ctx.lc = lcl.startDetached();
    log(`local-cloud started on ${ctx.lc.url} (pid ${ctx.lc.pid}, state ${ctx.lc.stateDir}) in ${Math.round(ctx.lc.startMs)} ms`);
  }
  return ctx.lc;
}

/** Deploys the stack unless deployed; returns { setup, outputs, api }. */
export async function ensureStack(ctx: BenchContext): Promise<BenchStack> {
  if (ctx.stack) return ctx.stack;
  const lc = ensureLocalCloud(ctx);
  const setup = lcl.cdkSetup(lc, { handlerBundle: lcl.handlerCopy() });
  log('deploying KmsLogsApi-bench …');
  const r = await lcl.cdkDeploy(setup);
  if (r.code !== 0) throw new Error(`cdk deploy failed (${r.code}):\n${r.output.slice(-4000)}`);
  const outputs = lcl.stackOutputs(setup);
  ctx.stack = { setup, outputs, lastDeploy: r, api: lcl.localApiUrl(lc, outputs) };
  return ctx.stack;
}

export function serverRss(ctx: BenchContext) {
  return { serverMiB: rssMiB(ctx.lc!.pid), withWorkersMiB: treeRssMiB(ctx.lc!.pid) };
}

/** Runs one section on its own: `node bench/<section>.js`. */
export async function runStandalone(section: BenchSection): Promise<void> {
  const ctx = newContext();
  let code = 0;
  try {
    await section.run(ctx);
    if (section.finish) await section.finish(ctx);
    console.log(JSON.stringify(ctx.results, null, 2));
  } catch (e) {
    console.error((e as Error).stack ?? e);
    code = 1;
  } finally {
    await cleanup();
  }
  await sleep(10);
  process.exit(code);
}

