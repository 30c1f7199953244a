'use strict';
// The shared state of one bench run: one private local-cloud (started by the CLI, detached) and, once
// deployed, the stack KmsLogsApi-bench. Sections that need them call ensureLocalCloud / ensureStack, so every
// section also runs on its own (`node bench/<section>.js`).
const { log, cleanup, rssMiB, treeRssMiB, sleep } = require('./util');
const lcl = require('./local-cloud');

function newContext() {
  return { results: {}, lc: null, stack: null };
}

function ensureLocalCloud(ctx) {
  if (!ctx.lc) {
    ctx.lc = lcl.startDetached();
    log(`local-cloud started on ${ctx.lc.url} (pid ${ctx.lc.pid}, state ${ctx.lc.stateDir}) in ${Math.round(ctx.lc.startMs)} ms`);
  }
  return ctx.lc;
}

/** Deploys the stack unless deployed; returns { setup, outputs, api }. */
async function ensureStack(ctx) {
  if (ctx.stack) return ctx.stack;
  const lc = ensureLocalCloud(ctx);
  const setup = lcl.cdkSetup(lc, { handlerBundle: lcl.handlerCopy() });
  log('deploying KmsLogsApi-bench …');
  const r = await lcl.cdkDeploy(setup);
  if (r.code !== 0) throw new Error(`cdk deploy failed (${r.code}):\n${r.output.slice(-4000)}`);
  ctx.stack = { setup, outputs: lcl.stackOutputs(setup), lastDeploy: r };
  ctx.stack.api = lcl.localApiUrl(lc, ctx.stack.outputs);
  return ctx.stack;
}

function serverRss(ctx) {
  return { serverMiB: rssMiB(ctx.lc.pid), withWorkersMiB: treeRssMiB(ctx.lc.pid) };
}

/** Runs one section on its own: `node bench/<section>.js`. */
async function runStandalone(section) {
  const ctx = newContext();
  let code = 0;
  try {
    await section.run(ctx);
    if (section.finish) await section.finish(ctx);
    console.log(JSON.stringify(ctx.results, null, 2));
  } catch (e) {
    console.error(e.stack || e);
    code = 1;
  } finally {
    await cleanup();
  }
  await sleep(10);
  process.exit(code);
}

module.exports = { newContext, ensureLocalCloud, ensureStack, serverRss, runStandalone };
