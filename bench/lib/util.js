'use strict';
// Small shared helpers for the benchmarks: statistics, process bookkeeping, RSS, HTTP readiness.
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BENCH_DIR = path.resolve(__dirname, '..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const round = (x, d = 0) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

function log(...args) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${args.join(' ')}\n`);
}

// ---------- process bookkeeping: everything spawned is killed on exit or Ctrl-C ----------
const tracked = new Set();
const cleanups = [];

/** Spawns a process in its own process group, remembered so that cleanup() kills the whole group. */
function spawnTracked(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  tracked.add(child);
  child.output = '';
  const keep = (d) => {
    child.output += d.toString();
    if (child.output.length > 200_000) child.output = child.output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => { tracked.delete(child); resolve({ code, signal }); }));
  return child;
}

function killGroup(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch { /* gone */ } }
}

/** Kills a tracked process group: SIGTERM, then SIGKILL after `graceMs`. */
async function stopTracked(child, graceMs = 3000) {
  if (!child) return;
  killGroup(child, 'SIGTERM');
  const t = await Promise.race([child.exited, sleep(graceMs).then(() => 'timeout')]);
  if (t === 'timeout') { killGroup(child, 'SIGKILL'); await Promise.race([child.exited, sleep(2000)]); }
}

function onCleanup(fn) { cleanups.push(fn); }

async function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try { await fn(); } catch (e) { log('cleanup:', e.message); }
  }
  await Promise.all([...tracked].map((c) => stopTracked(c)));
}

let exiting = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (exiting) return;
    exiting = true;
    log(`${sig}: cleaning up`);
    await cleanup();
    process.exit(130);
  });
}

// ---------- measurements ----------
/** VmRSS of a process in MiB, from /proc/<pid>/status. */
function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch { return null; }
}

/** The pids of a process and all its descendants (from /proc/<pid>/task/<pid>/children). */
function processTree(pid) {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      const kids = fs.readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, 'utf8').trim();
      if (kids) out.push(...kids.split(/\s+/).map(Number));
    } catch { /* gone */ }
  }
  return out;
}

function treeRssMiB(pid) {
  return processTree(pid).reduce((s, p) => s + (rssMiB(p) || 0), 0);
}

/** One GET; resolves { status, body } or rejects. */
function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Polls `url` every `everyMs` until it answers with `okStatus` (a number or a predicate). */
async function waitForHttp(url, { timeoutMs = 60_000, everyMs = 100, ok = (s) => s === 200, child } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before ${url} answered:\n${(child.output || '').slice(-3000)}`);
    }
    try {
      const r = await httpGet(url, 1000);
      if (ok(r.status)) return r;
      last = `status ${r.status}`;
    } catch (e) { last = e.message; }
    await sleep(everyMs);
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms (last: ${last})${child ? `\n${(child.output || '').slice(-3000)}` : ''}`);
}

/** A private temp dir, removed at cleanup (after the processes using it are stopped) unless BENCH_KEEP_TMP=1. */
function tmpDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kms-logs-bench-${prefix}-`));
  if (process.env.BENCH_KEEP_TMP !== '1') onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `fns` (an object of name → async () => number) alternately, A B A B …, `rounds` times. */
async function alternate(fns, rounds) {
  const out = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [k, fn] of Object.entries(fns)) out[k].push(await fn(r));
  }
  return out;
}

function machine() {
  const cpu = (/model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8')) || [])[1] || os.cpus()[0]?.model;
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpuModel: cpu,
    memTotalMiB: Math.round(os.totalmem() / 1048576),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvgAtStart: os.loadavg().map((x) => round(x, 2)),
  };
}

module.exports = {
  REPO_ROOT, BENCH_DIR, sleep, median, round, log, spawnTracked, stopTracked, killGroup, onCleanup, cleanup,
  rssMiB, treeRssMiB, processTree, httpGet, waitForHttp, tmpDir, alternate, machine,
};
