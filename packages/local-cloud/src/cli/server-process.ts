import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
// the server (and every service) is loaded only by `start`: status/stop/reset stay quick
import { DB_FILE_NAME, EXPLAIN_PATH, HEALTH_PATH } from '../core/defaults';
import { LineWriter } from '../core/line-writer';
import { processAlive } from '../core/process';
import { openPrivateFileForAppend, secureStateDir, STATE_DIR_MODE, STATE_FILE_MODE } from '../store/state-dir';
import { CliError, USAGE, type Flags } from './flags';

const PID_FILE = 'local-cloud.pid';
const LOG_FILE = 'local-cloud.log';
const START_TIMEOUT_MS = Number(process.env.LOCAL_CLOUD_START_TIMEOUT_MS) || 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** A background local-cloud, as `ensure-running --json` describes it. */
export interface RunningServer {
  /** Its base URL, `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly pid: number;
  /** The log the background server writes (stdout and stderr). */
  readonly logFile: string;
  readonly stateDir: string;
  /** Whether this call started it (false: it was running already). */
  readonly started: boolean;
}

/** The log file of a state dir. */
export const logFileOf = (stateDir: string): string => path.join(stateDir, LOG_FILE);

interface PidFile {
  pid: number;
  url?: string;
}

function readPidFile(stateDir: string): PidFile | undefined {
  try {
    const [pid, url] = fs.readFileSync(path.join(stateDir, PID_FILE), 'utf8').split('\n');
    const n = Number(pid);
    return Number.isInteger(n) && n > 0 ? { pid: n, url: url?.trim() || undefined } : undefined;
  } catch {
    return undefined;
  }
}

function writePidFile(stateDir: string, pid: number, url?: string): void {
  fs.mkdirSync(stateDir, { recursive: true, mode: STATE_DIR_MODE });
  const file = path.join(stateDir, PID_FILE);
  fs.writeFileSync(file, `${pid}\n${url ?? ''}\n`, { mode: STATE_FILE_MODE });
  fs.chmodSync(file, STATE_FILE_MODE);
}

function removePidFile(stateDir: string, onlyPid?: number): void {
  if (onlyPid !== undefined && readPidFile(stateDir)?.pid !== onlyPid) return;
  fs.rmSync(path.join(stateDir, PID_FILE), { force: true });
}

/** Asks the health endpoint; resolves the pid it reports, or undefined when nothing answers. */
function probe(url: string, timeoutMs = 1000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get(`${url}${HEALTH_PATH}`, { timeout: timeoutMs }, (res) => {
      res.resume();
      const pid = Number(res.headers['x-local-cloud-pid']);
      resolve(res.statusCode === 200 ? (Number.isInteger(pid) ? pid : -1) : undefined);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The running server of this state dir, if any; a stale pid file is removed on the way. */
export async function running(stateDir: string): Promise<{ pid: number; url: string } | undefined> {
  const file = readPidFile(stateDir);
  if (!file) return undefined;
  if (!processAlive(file.pid)) {
    removePidFile(stateDir, file.pid);
    return undefined;
  }
  if (file.url && (await probe(file.url)) === file.pid) return { pid: file.pid, url: file.url };
  return undefined;
}

export async function startForeground(flags: Flags): Promise<void> {
  const already = await running(flags.stateDir);
  if (already) {
    process.stdout.write(`local-cloud is already running on ${already.url} (pid ${already.pid}, state: ${flags.stateDir})\n`);
    return;
  }
  const { startServer } = await import('../server');
  // one line per request: written once per event-loop turn; anything else written to stdout or stderr
  // (the detached server's log file holds both) flushes it first, so the log keeps its order
  const serverLog = new LineWriter((text) => process.stdout.write(text));
  process.on('exit', () => serverLog.flush());
  const say = (stream: NodeJS.WriteStream, text: string): void => {
    serverLog.flush();
    stream.write(text);
  };
  const server = await startServer({
    port: flags.port,
    stateDir: flags.stateDir,
    hostnames: flags.hostnames,
    log: (line) => serverLog.line(line),
  }).catch((e: Error) => {
    serverLog.flush();
    throw new CliError(e.message);
  });
  writePidFile(flags.stateDir, process.pid, server.url);
  say(process.stdout, `local-cloud listening on ${server.url} (state: ${flags.stateDir})\n`);
  // the server must outlive a bug in one request
  process.on('uncaughtException', (e) => say(process.stderr, `uncaught: ${e.stack ?? e.message}\n`));
  process.on('unhandledRejection', (e) => say(process.stderr, `unhandled rejection: ${String(e)}\n`));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(process.stdout, `local-cloud stopping (${signal})\n`);
    void server.close().finally(() => {
      removePidFile(flags.stateDir, process.pid);
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * The background server of `flags.stateDir`: the one running, or one started now (detached, logging to the
 * state dir), waiting until it answers its health probe. Throws a CliError with the log's last lines when it
 * cannot start, and when it runs on another port than the one asked for.
 */
export async function ensureRunning(flags: Flags): Promise<RunningServer> {
  const logFile = logFileOf(flags.stateDir);
  const already = await running(flags.stateDir);
  if (already) {
    const port = Number(new URL(already.url).port);
    if (flags.portGiven && flags.port !== 0 && port !== flags.port) {
      throw new CliError(
        `local-cloud is already running on ${already.url} (pid ${already.pid}, state: ${flags.stateDir}), not on port ${flags.port}: ` +
          `stop it first (local-cloud stop --state-dir ${flags.stateDir}) or use port ${port}`,
      );
    }
    return { endpoint: already.url, pid: already.pid, logFile, stateDir: flags.stateDir, started: false };
  }
  const stale = readPidFile(flags.stateDir);
  if (stale && !(await isLocalCloud(stale))) removePidFile(flags.stateDir, stale.pid);
  else if (stale) {
    throw new CliError(`a local-cloud process (pid ${stale.pid}) holds ${path.join(flags.stateDir, PID_FILE)} but does not answer: run 'local-cloud stop --state-dir ${flags.stateDir}' first`);
  }
  if (flags.port !== 0 && !(await portFree(flags.port))) {
    throw new CliError(`port ${flags.port} is in use: stop the other process or pass --port`);
  }
  secureStateDir(flags.stateDir);
  const logFd = openPrivateFileForAppend(logFile);
  const script = process.argv[1];
  const hostnameArgs = flags.hostnames ? ['--hostname', flags.hostnames.join(',')] : [];
  const child = spawn(process.execPath, [...process.execArgv, script, 'start', '--port', String(flags.port), '--state-dir', flags.stateDir, ...hostnameArgs], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: process.env,
  });
  fs.closeSync(logFd);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();
  if (child.pid === undefined) throw new CliError(`could not start local-cloud; see ${logFile}`);
  writePidFile(flags.stateDir, child.pid);

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      removePidFile(flags.stateDir, child.pid);
      throw new CliError(`local-cloud exited while starting (exit code ${exited}); see ${logFile}:\n${tail(logFile)}`);
    }
    const file = readPidFile(flags.stateDir);
    if (file?.pid === child.pid && file.url && (await probe(file.url)) === child.pid) {
      return { endpoint: file.url, pid: child.pid, logFile, stateDir: flags.stateDir, started: true };
    }
    await sleep(100);
  }
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  removePidFile(flags.stateDir, child.pid);
  throw new CliError(`local-cloud did not answer ${HEALTH_PATH} within ${START_TIMEOUT_MS / 1000}s; see ${logFile}:\n${tail(logFile)}`);
}

/** Whether the port can be bound on loopback (checked before spawning, so the common failure is quick). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probeServer = net.createServer();
    probeServer.once('error', () => resolve(false));
    probeServer.listen(port, '127.0.0.1', () => probeServer.close(() => resolve(true)));
  });
}

/** The last lines of the log, indented, for an error message. */
export function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `  ${l}`).join('\n');
  } catch {
    return '  (no log)';
  }
}

/** Whether a pid most likely is a local-cloud server (so a reused pid is never signalled). */
async function isLocalCloud(file: PidFile): Promise<boolean> {
  if (file.url && (await probe(file.url)) === file.pid) return true;
  try {
    const cmdline = fs.readFileSync(`/proc/${file.pid}/cmdline`, 'utf8');
    return cmdline.includes('local-cloud') || cmdline.includes('cli');
  } catch {
    return process.platform !== 'linux';
  }
}

export async function stop(stateDir: string, report: boolean): Promise<void> {
  const file = readPidFile(stateDir);
  if (!file || !processAlive(file.pid)) {
    if (file) removePidFile(stateDir, file.pid);
    if (report) process.stdout.write(`local-cloud is not running (state: ${stateDir})\n`);
    return;
  }
  if (!(await isLocalCloud(file))) {
    removePidFile(stateDir, file.pid);
    if (report) process.stdout.write(`local-cloud is not running (pid ${file.pid} is another process; removed the stale pid file)\n`);
    return;
  }
  process.kill(file.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (processAlive(file.pid) && Date.now() < deadline) await sleep(100);
  if (processAlive(file.pid)) {
    process.kill(file.pid, 'SIGKILL');
    while (processAlive(file.pid)) await sleep(50);
  }
  removePidFile(stateDir, file.pid);
  if (report) process.stdout.write(`local-cloud stopped (pid ${file.pid})\n`);
}

export async function status(stateDir: string): Promise<void> {
  const server = await running(stateDir);
  if (server) {
    process.stdout.write(`local-cloud is running: pid ${server.pid}, ${server.url} (state: ${stateDir})\n`);
    return;
  }
  const file = readPidFile(stateDir);
  if (file) {
    process.stdout.write(`local-cloud (pid ${file.pid}) is not answering${file.url ? ` on ${file.url}` : ''}; see ${logFileOf(stateDir)}\n`);
  } else {
    process.stdout.write(`local-cloud is not running (state: ${stateDir})\n`);
  }
  process.exitCode = 3;
}

export async function reset(stateDir: string): Promise<void> {
  await stop(stateDir, false);
  let removed = 0;
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const file = path.join(stateDir, `${DB_FILE_NAME}${suffix}`);
    if (fs.existsSync(file)) {
      fs.rmSync(file, { force: true });
      removed++;
    }
  }
  process.stdout.write(`local-cloud state reset: ${removed} database file${removed === 1 ? '' : 's'} removed from ${stateDir}\n`);
}

/** `explain <request id>`: the running server's record of why it refused that request. */
export async function explain(stateDir: string, requestId: string | undefined): Promise<void> {
  if (!requestId || requestId.startsWith('-')) throw new CliError(`explain needs a request id\n${USAGE}`, 2);
  const server = await running(stateDir);
  if (!server) throw new CliError(`local-cloud is not running (state: ${stateDir}): refusals are kept by the running server`, 3);
  const res = await fetch(`${server.url}${EXPLAIN_PATH}${encodeURIComponent(requestId)}`);
  process.stdout.write(await res.text());
  if (!res.ok) process.exitCode = 4;
}
