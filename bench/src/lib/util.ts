// Small shared helpers for the benchmarks: statistics, process bookkeeping, RSS, HTTP readiness.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const BENCH_DIR = path.resolve(__dirname, '..', '..');
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function median(values: ReadonlyArray<number | null | undefined>): number | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** `x` rounded to `d` decimals; null stays null (a figure that was not measured). */
export function round(x: number, d?: number): number;
export function round(x: number | null | undefined, d?: number): number | null;
export function round(x: number | null | undefined, d = 0): number | null {
  return x == null ? null : Math.round(x * 10 ** d) / 10 ** d;
}

export function log(...args: unknown[]): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${args.join(' ')}\n`);
}

// ---------- process bookkeeping: everything spawned is killed on exit or Ctrl-C ----------
/** A spawned process with its recent output and a promise of its exit. */
export interface TrackedProcess extends ChildProcess {
  output: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const tracked = new Set<TrackedProcess>();
const cleanups: Array<() => unknown> = [];

/** Spawns a process in its own process group, remembered so that cleanup() kills the whole group. */
export function spawnTracked(cmd: string, args: readonly string[], opts: SpawnOptions = {}): TrackedProcess {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...opts }) as TrackedProcess;
  tracked.add(child);
  child.output = '';
  const keep = (d: Buffer) => {
    child.output += d.toString();
    if (child.output.length > 200_000) child.output = child.output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => { tracked.delete(child); resolve({ code, signal }); }));
  return child;
}

export function killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid!, signal); } catch { try { child.kill(signal); } catch { /* gone */ } }
}

/** Kills a tracked process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopTracked(child: TrackedProcess | undefined, graceMs = 3000): Promise<void> {
  if (!child) return;
  killGroup(child, 'SIGTERM');
  const t = await Promise.race([child.exited, sleep(graceMs).then(() => 'timeout')]);
  if (t === 'timeout') { killGroup(child, 'SIGKILL'); await Promise.race([child.exited, sleep(2000)]); }
}

export function onCleanup(fn: () => unknown): void { cleanups.push(fn); }

export async function cleanup(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    try { await fn(); } catch (e) { log('cleanup:', (e as Error).message); }
  }
  await Promise.all([...tracked].map((c) => stopTracked(c)));
}

let exiting = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
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
export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch { return null; }
}

/** USER_HZ on Linux: the unit of /proc CPU times. */
export const TICKS_PER_S = 100;

/** CPU seconds (user, system) a process has used, from /proc/<pid>/stat (10 ms ticks), or zeros once it is gone. */
export function cpuOf(pid: number): { user: number; system: number } {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { user: Number(fields[11]) / TICKS_PER_S, system: Number(fields[12]) / TICKS_PER_S };
  } catch {
    return { user: 0, system: 0 };
  }
}

/** Milliseconds of CPU (user + system) a process has used, or 0 once it is gone. */
export function cpuMs(pid: number): number {
  const c = cpuOf(pid);
  return Math.round((c.user + c.system) * 1000);
}

/** The pids of a process and all its descendants (from /proc/<pid>/task/<pid>/children). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      const kids = fs.readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, 'utf8').trim();
      if (kids) out.push(...kids.split(/\s+/).map(Number));
    } catch { /* gone */ }
  }
  return out;
}

export function treeRssMiB(pid: number): number {
  return processTree(pid).reduce((s, p) => s + (rssMiB(p) || 0), 0);
}

/** What `httpGet` answers. */
export interface HttpAnswer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One GET; resolves { status, body } or rejects. */
export function httpGet(url: string, timeoutMs = 2000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Polls `url` every `everyMs` until it answers with `okStatus` (a number or a predicate). */
export async function waitForHttp(
  url: string,
  { timeoutMs = 60_000, everyMs = 100, ok = (s: number) => s === 200, child }: { timeoutMs?: number; everyMs?: number; ok?: (status: number) => boolean; child?: TrackedProcess } = {},
): Promise<HttpAnswer> {
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
    } catch (e) { last = (e as Error).message; }
    await sleep(everyMs);
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms (last: ${last})${child ? `\n${(child.output || '').slice(-3000)}` : ''}`);
}

/** A private temp dir, removed at cleanup (after the processes using it are stopped) unless BENCH_KEEP_TMP=1. */
export function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kms-logs-bench-${prefix}-`));
  if (process.env.BENCH_KEEP_TMP !== '1') onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `fns` (an object of name → async () => number) alternately, A B A B …, `rounds` times. */
export async function alternate<K extends string, T>(fns: Record<K, (round: number) => Promise<T>>, rounds: number): Promise<Record<K, T[]>> {
  const out = Object.fromEntries(Object.keys(fns).map((k) => [k, []])) as unknown as Record<K, T[]>;
  for (let r = 0; r < rounds; r++) {
    for (const [k, fn] of Object.entries(fns) as Array<[K, (round: number) => Promise<T>]>) out[k].push(await fn(r));
  }
  return out;
}

export function machine(): Record<string, unknown> {
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

