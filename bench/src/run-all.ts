// `npx nx run bench:all`: every section in one run against one private local-cloud (port 4610+, temp state dir),
// then a table on stdout, bench/results/latest.json, and the figures table in docs/benchmarks.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BENCH_DIR, REPO_ROOT, log, cleanup, machine, round, sleep } from './lib/util';
import { newContext, type BenchContext, type Figures } from './lib/context';
import * as startup from './startup';
import * as deployLoop from './deploy-loop';
import * as requestPath from './request-path';
import * as handler from './handler';
import * as editLoop from './edit-loop';
import * as logStore from './log-store';
import * as tests from './tests';

const sections = { startup, deployLoop, requestPath, handler, editLoop, logStore, tests };

/** One line of the figures table: section, figure, value, unit, target text, and whether it met the target. */
interface Row {
  sec: string;
  label: string;
  value: unknown;
  unit: string;
  target: string;
  pass: boolean | null;
}

/** Every figure the issue asks for: [section, label, value, unit, target text, pass (true/false/null)]. */
function rows(r: Figures): Row[] {
  const out: Row[] = [];
  const add = (sec: string, label: string, value: unknown, unit: string, target?: string, pass?: boolean | null) => out.push({ sec, label, value: value ?? 'n/a', unit, target: target || '', pass: pass === undefined ? null : pass });
  const rp = r.requestPath;
  if (rp?.summary) {
    for (const [k, name] of [['localCloud', 'local-cloud execute-api'], ['slsDefault', 'serverless-offline default'], ['slsFast', 'serverless-offline --useInProcess --noTimeout'], ['bare', 'bare node:http (ceiling)']]) {
      const s = rp.summary[k];
      if (!s) { add('1 request path', `${name}`, rp.peerError ? `not run: ${rp.peerError.split('\n')[0]}` : 'n/a', ''); continue; }
      add('1 request path', `${name}: req/s | p50 | p99 | errors`, `${s.reqPerSec} | ${s.p50Ms} ms | ${s.p99Ms} ms | ${s.errors}`, '', k === 'localCloud' ? 'errors = 0' : '', k === 'localCloud' ? s.errors === 0 : undefined);
    }
    const q = rp.ratios;
    add('1 request path', 'ratio local-cloud / serverless-offline default', q.localCloudOverSlsDefault, '×', '≥ 4', q.localCloudOverSlsDefault == null ? null : q.localCloudOverSlsDefault >= 4);
    add('1 request path', 'ratio local-cloud / serverless-offline fastest', q.localCloudOverSlsFast, '×', '≥ 1.5', q.localCloudOverSlsFast == null ? null : q.localCloudOverSlsFast >= 1.5);
    add('1 request path', 'ratio local-cloud / bare ceiling', q.localCloudOverBare, '×', '(reported)');
    const le = rp.logEvents;
    add('1 request path', 'access-log events stored in the encrypted group / requests', `${le.stored} / ${le.expected}`, '', 'all, encrypted', le.allStored && !!le.kmsKeyId && le.plaintextHitsInDatabase === 0);
    add('1 request path', 'plaintext access lines found in the SQLite files', le.plaintextHitsInDatabase, '', '0', le.plaintextHitsInDatabase === 0);
  } else if (rp?.error) add('1 request path', 'FAILED', rp.error.split('\n')[0], '');
  const d = r.deployLoop;
  if (d && !d.error) {
    const ph = (x: Figures | undefined) => (x?.phases ? ` [CLI before 1st CloudFormation call ${x.phases.beforeCloudFormationMs} ms, CloudFormation calls ${x.phases.cloudFormationMs} ms${x.stackEngineMs ?? x.phases.stackEngineMs ? ` (stack operation in local-cloud ${x.stackEngineMs ?? x.phases.stackEngineMs} ms)` : ''}]` : '');
    add('2 deploy loop', `cold deploy (synth + assets + create; once)${ph(d.coldDeploy)}`, d.coldDeploy?.ms, 'ms', '≤ 15000', d.coldDeploy && d.coldDeploy.ms <= 15000);
    add('2 deploy loop', `no-change redeploy (median of ${d.noChangeRedeploy?.runs?.length})${ph(d.noChangeRedeploy)}`, d.noChangeRedeploy?.ms, 'ms', '≤ 8000', d.noChangeRedeploy && d.noChangeRedeploy.ms <= 8000);
    add('2 deploy loop', `handler-only change redeploy (median of ${d.handlerChangeRedeploy?.runs?.length})${ph(d.handlerChangeRedeploy)}`, d.handlerChangeRedeploy?.ms, 'ms', '≤ 12000', d.handlerChangeRedeploy && d.handlerChangeRedeploy.ms <= 12000);
    const share = (x: Figures | undefined) => (x?.phases ? `${Math.round((100 * x.phases.beforeCloudFormationMs) / x.ms)}%` : '?');
    add('2 deploy loop', `share of each deploy spent in the CDK CLI before its first CloudFormation call (start-up + synth + assets; same runs): ${share(d.coldDeploy)} of cold, ${share(d.noChangeRedeploy)} of no-change, ${share(d.handlerChangeRedeploy)} of handler-only`, '', '', '(reported)');
    add('2 deploy loop', 'CDK CLI synth alone (`cdk synth --quiet`, same app and arguments, median of 3, timed after the deploys)', d.cdkSynthOnly?.ms, 'ms', '(reported)');
    if (d.cdkAppOnly) add('2 deploy loop', 'the CDK app alone, no CLI (`node lib/main.js`: constructs, cdk-nag, key-policy guard, templates; median of 3)', d.cdkAppOnly.ms, 'ms', '(reported)');
    const w = d.whatIfNoBuiltinCfnValidation;
    if (w) add('2 deploy loop', 'what-if: no-change redeploy with CDK_VALIDATION=false (aws-cdk-lib built-in template validation off; guard + cdk-nag still run) vs default, alternating', `${w.noChangeCdkValidationFalseMs} vs ${w.noChangeDefaultMs} ms (ratio ${w.ratio})`, '', '(not a project setting)');
    add('2 deploy loop', `destroy${ph(d.destroy)}`, d.destroy?.ms, 'ms', '(reported)');
  } else if (d?.error) add('2 deploy loop', 'FAILED', d.error.split('\n')[0], '');
  const l = r.logStore;
  if (l && !l.error) {
    add('3 log store', `FilterLogEvents over ${l.events} encrypted events (${l.filterMatches} matches)`, l.filterMs, 'ms', '≤ 1500', l.filterMs <= 1500);
    add('3 log store', 'same, cold (after a restart: data keys decrypted again)', l.filterColdMs, 'ms', '(reported)');
    add('3 log store', 'PutLogEvents throughput (batches of 1,000)', l.putEventsPerSec, 'events/s', '(reported)');
    add('3 log store', 'KMS crypto calls per 1,000 events written', l.kms.cryptoCallsPer1000Written, '', '≤ 1', l.kms.cryptoCallsPer1000Written <= 1);
    add('3 log store', 'KMS crypto calls per 1,000 events read (warm | cold)', `${l.kms.cryptoCallsPer1000Read} | ${l.kms.cryptoCallsPer1000ReadCold}`, '', '≤ 1', Math.max(l.kms.cryptoCallsPer1000Read, l.kms.cryptoCallsPer1000ReadCold) <= 1);
    add('3 log store', 'key-policy checks per 1,000 events written | read (no crypto)', `${l.kms.policyChecksPer1000Written} | ${l.kms.policyChecksPer1000Read}`, '', '(reported)');
  } else if (l?.error) add('3 log store', 'FAILED', l.error.split('\n')[0], '');
  const h = r.handler;
  if (h && !h.error) {
    add('4 handler', 'bundle size | gzip', `${h.bundleBytes} | ${h.bundleGzipBytes}`, 'bytes', '(reported)');
    add('4 handler', 'cold init (Init Duration) | first Invoke wall', `${h.coldInit.initMs} | ${h.coldInit.firstInvokeWallMs}`, 'ms', '(reported)');
    add('4 handler', 'direct Invoke, 16 concurrent SDK v3 callers', h.invoke.perSec, 'invocations/s', '≥ 3000', h.invoke.perSec >= 3000);
    if (h.invokePresigned) add('4 handler', 'direct Invoke, one pre-signed request replayed on 16 connections (no SDK cost in the client)', h.invokePresigned.perSec, 'invocations/s', '(reported; Floci claims ~290/s)');
  } else if (h?.error) add('4 handler', 'FAILED', h.error.split('\n')[0], '');
  const s = r.startup;
  if (s && !s.error) {
    add('5 local-cloud', '`local-cloud start` → first answered request', s.startToReadyMs, 'ms', '≤ 500', s.startToReadyMs <= 500);
    add('5 local-cloud', 'idle RSS (server process)', s.idleRssMiB, 'MiB', '≤ 100', s.idleRssMiB <= 100);
    const after = r.requestPath?.localCloudRssAfterMiB;
    if (after) add('5 local-cloud', 'RSS after the request-path run: server | with Lambda workers', `${round(after.serverMiB, 1)} | ${round(after.withWorkersMiB, 1)}`, 'MiB', '(reported)');
    add('5 local-cloud', 'published claims (not our measurements)', 'Floci ~24 ms / ~13 MiB (native); MiniStack 0.5–2 s / 21–30 MB (Python)', '');
  } else if (s?.error) add('5 local-cloud', 'FAILED', s.error.split('\n')[0], '');
  const e = r.editLoop;
  if (e && !e.error) {
    add('7 edit loop', `save → first API response with the change, handler:watch (median of ${e.edits}; runs ${e.watchRuns.join(', ')} ms)`, e.watchMs, 'ms', '≤ 1000', e.watchMs <= 1000);
    add('7 edit loop', `same, handler-only \`cdk deploy\`, alternated with the above (median of ${e.edits})`, e.cdkDeployMs, 'ms', '(reported)');
    add('7 edit loop', 'ratio cdk deploy / handler:watch', e.ratio, '×', '(reported)');
  } else if (e?.error) add('7 edit loop', 'FAILED', e.error.split('\n')[0], '');
  const t = r.tests;
  if (t) add('6 tests', '`npm test` wall time', t.skipped || `${round(t.ms / 1000, 1)} s (exit ${t.exitCode})`, '');
  if (r.total) add('total', '`bench:all` wall time', round(r.total.ms / 1000, 1), 's', '< 600', r.total.ms < 600_000);
  return out;
}

function table(rs: Row[], markdown: boolean): string {
  const mark = (p: boolean | null) => (p === true ? 'PASS' : p === false ? 'FAIL' : '');
  const cells = rs.map((x) => [x.sec, x.label, `${x.value}${x.unit && x.value !== 'n/a' ? ` ${x.unit}` : ''}`, x.target, mark(x.pass)]);
  const head = ['section', 'figure', 'value', 'target', ''];
  if (markdown) {
    return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...cells.map((c) => `| ${c.map((v) => String(v).replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');
  }
  const w = head.map((h, i) => Math.min(70, Math.max(h.length, ...cells.map((c) => String(c[i]).length))));
  const line = (c: unknown[]) => c.map((v, i) => String(v).padEnd(w[i])).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...cells.map(line)].join('\n');
}

function updateDocs(results: Figures, rs: Row[]): void {
  const doc = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
  if (!fs.existsSync(doc)) return;
  const text = fs.readFileSync(doc, 'utf8');
  const start = '<!-- bench:latest:start -->';
  const end = '<!-- bench:latest:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) return;
  const m = results.machine;
  const block = [
    start,
    `Run of ${results.finishedAt} (\`npx nx run bench:all\`, ${round(results.total.ms / 1000, 1)} s): ${m.nproc} cores (${m.cpuModel}), ${m.memTotalMiB} MiB, Node ${m.node}, ${m.platform}, load average at start ${m.loadAvgAtStart.join(' / ')}.`,
    '',
    table(rs, true),
    end,
  ].join('\n');
  fs.writeFileSync(doc, text.slice(0, i) + block + text.slice(j + end.length));
}

async function main() {
  if (process.argv.includes('--render')) {
    // re-render the table (stdout and docs/benchmarks.md) from bench/results/latest.json, without measuring
    const results = JSON.parse(fs.readFileSync(path.join(BENCH_DIR, 'results', 'latest.json'), 'utf8'));
    const rs = rows(results);
    updateDocs(results, rs);
    console.log(table(rs, false));
    return;
  }
  const started = Date.now();
  const ctx = newContext();
  const results = ctx.results;
  results.machine = machine();
  results.startedAt = new Date(started).toISOString();
  const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null;
  const steps: Array<[string, (c: BenchContext) => Promise<void>]> = [
    ['startup', (c: BenchContext) => sections.startup.run(c)],
    ['deployLoop', (c) => sections.deployLoop.run(c)],
    ['requestPath', (c) => sections.requestPath.run(c)],
    ['handler', (c) => sections.handler.run(c)],
    ['editLoop', (c) => sections.editLoop.run(c)],
    ['deployLoop', (c) => sections.deployLoop.finish(c)],
    ['logStore', (c) => sections.logStore.run(c)],
    ['tests', (c) => sections.tests.run(c)],
  ];
  let failed = false;
  try {
    for (const [name, fn] of steps) {
      if (only && !only.includes(name)) continue;
      log(`== ${name}`);
      try {
        await fn(ctx);
      } catch (e) {
        failed = true;
        log(`${name} FAILED: ${(e as Error).stack ?? e}`);
        results[name] = { ...(results[name] || {}), error: String((e as Error).message ?? e).slice(0, 4000) };
      }
    }
  } finally {
    await cleanup();
  }
  results.total = { ms: Date.now() - started };
  results.finishedAt = new Date().toISOString();
  const rs = rows(results);
  results.table = rs;
  fs.mkdirSync(path.join(BENCH_DIR, 'results'), { recursive: true });
  const file = path.join(BENCH_DIR, 'results', 'latest.json');
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
  if (!only) updateDocs(results, rs);
  console.log(`\n${table(rs, false)}\n\nresults: ${path.relative(REPO_ROOT, file)}`);
  await sleep(10);
  process.exit(failed ? 1 : 0);
}

main().catch(async (e) => { console.error(e); await cleanup(); process.exit(1); });
