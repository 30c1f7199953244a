import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
// the server (and every service) is loaded only by `start`: status/stop/reset stay quick
import { DB_FILE_NAME, DEFAULT_PORT, HEALTH_PATH } from './core/defaults';
import { EXPLAIN_PATH } from './services/iam/authorizer/explain';
import { hostnameOf } from './core/hosts';
import { LineWriter } from './core/line-writer';
import { processAlive } from './core/process';
import { openPrivateFileForAppend, secureStateDir, STATE_DIR_MODE, STATE_FILE_MODE } from './store/state-dir';

const PID_FILE = 'local-cloud.pid';
const LOG_FILE = 'local-cloud.log';
const START_TIMEOUT_MS = Number(process.env.LOCAL_CLOUD_START_TIMEOUT_MS) || 30_000;
const STOP_TIMEOUT_MS = 10_000;

const USAGE = `usage: local-cloud <command> [options]

commands:
  start [--detach]   run the emulator (in the foreground, or in the background with --detach)
  stop               stop a background emulator
  status             say whether it runs (exit code 0 when it does, 3 when it does not)
  reset              stop it and delete its database
  explain <id>       why the request with this x-amzn-RequestId was refused (docs/authorization.md)

options:
  --port N           TCP port on 127.0.0.1 (env LOCAL_CLOUD_PORT; default ${DEFAULT_PORT})
  --state-dir DIR    database, pid file and log (env LOCAL_CLOUD_STATE_DIR; default .local-cloud/ at the repository root)
  --hostname NAME    also serve requests whose Host is NAME (repeatable or comma-separated; env LOCAL_CLOUD_HOSTNAMES);
                     127.0.0.1, localhost and [::1] are always served, any other Host is refused
`;

interface Flags {
  detach: boolean;
  port: number;
  stateDir: string;
  /** Extra `Host` names to serve; undefined: LOCAL_CLOUD_HOSTNAMES decides. */
  hostnames?: string[];
}

/** A failure the user can fix; printed without a stack. */
class CliError extends Error {
  constructor(message: string, public readonly exitCode = 1) {
    super(message);
  }
}

/**
 * `local-cloud start [--detach] [--port N] [--state-dir DIR] | stop | status | reset`. Sets `process.exitCode`.
 *
 * @example
 * main(['start', '--detach', '--port', '4566']);
 */
export async function main(argv: string[]): Promise<void> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE);
      process.exitCode = command === undefined ? 2 : 0;
      return;
    }
    if (command === 'explain') {
      await explain(parseFlags(rest.slice(1)).stateDir, rest[0]);
      return;
    }
    const flags = parseFlags(rest);
    switch (command) {
      case 'start':
        await (flags.detach ? startDetached(flags) : startForeground(flags));
        return;
      case 'stop':
        await stop(flags.stateDir, true);
        return;
      case 'status':
        await status(flags.stateDir);
        return;
      case 'reset':
        await reset(flags.stateDir);
        return;
      default:
        throw new CliError(`unknown command '${command}'\n${USAGE}`, 2);
    }
  } catch (e) {
    process.stderr.write(`local-cloud: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof CliError ? e.exitCode : 1;
  }
}

function parseFlags(args: string[]): Flags {
  let detach = false;
  let port: string | undefined = process.env.LOCAL_CLOUD_PORT || undefined;
  let stateDir: string | undefined = process.env.LOCAL_CLOUD_STATE_DIR || undefined;
  let hostnames: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new CliError(`${name} needs a value\n${USAGE}`, 2);
      return v;
    };
    if (name === '--detach' || name === '-d') detach = true;
    else if (name === '--port') port = value();
    else if (name === '--state-dir') stateDir = value();
    else if (name === '--hostname') hostnames = [...(hostnames ?? []), ...value().split(',')];
    else throw new CliError(`unknown option '${args[i]}'\n${USAGE}`, 2);
  }
  const portNumber = port === undefined ? DEFAULT_PORT : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65535) throw new CliError(`--port must be a TCP port (0-65535), not '${port}'`, 2);
  if (hostnames?.some((h) => !hostnameOf(h.trim()))) throw new CliError(`--hostname must be host names, not '${hostnames.join(',')}'`, 2);
  return { detach, port: portNumber, stateDir: path.resolve(stateDir ?? path.join(repositoryRoot(process.cwd()), '.local-cloud')), hostnames };
}

/** The nearest directory upwards whose package.json declares `workspaces`; else `from`. */
export function repositoryRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg && pkg.workspaces) return dir;
    } catch {
      // no package.json here
    }
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The running server of this state dir, if any; a stale pid file is removed on the way. */
async function running(stateDir: string): Promise<{ pid: number; url: string } | undefined> {
  const file = readPidFile(stateDir);
  if (!file) return undefined;
  if (!processAlive(file.pid)) {
    removePidFile(stateDir, file.pid);
    return undefined;
  }
  if (file.url && (await probe(file.url)) === file.pid) return { pid: file.pid, url: file.url };
  return undefined;
}

async function startForeground(flags: Flags): Promise<void> {
  const already = await running(flags.stateDir);
  if (already) {
    process.stdout.write(`local-cloud is already running on ${already.url} (pid ${already.pid}, state: ${flags.stateDir})\n`);
    return;
  }
  const { startServer } = await import('./server');
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

async function startDetached(flags: Flags): Promise<void> {
  const already = await running(flags.stateDir);
  if (already) {
    process.stdout.write(`local-cloud is already running on ${already.url} (pid ${already.pid}, state: ${flags.stateDir})\n`);
    return;
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
  const logPath = path.join(flags.stateDir, LOG_FILE);
  const logFd = openPrivateFileForAppend(logPath);
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
  if (child.pid === undefined) throw new CliError(`could not start local-cloud; see ${logPath}`);
  writePidFile(flags.stateDir, child.pid);

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      removePidFile(flags.stateDir, child.pid);
      throw new CliError(`local-cloud exited while starting (exit code ${exited}); see ${logPath}:\n${tail(logPath)}`);
    }
    const file = readPidFile(flags.stateDir);
    if (file?.pid === child.pid && file.url && (await probe(file.url)) === child.pid) {
      process.stdout.write(`local-cloud listening on ${file.url} (state: ${flags.stateDir})\n`);
      return;
    }
    await sleep(100);
  }
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  removePidFile(flags.stateDir, child.pid);
  throw new CliError(`local-cloud did not answer ${HEALTH_PATH} within ${START_TIMEOUT_MS / 1000}s; see ${logPath}:\n${tail(logPath)}`);
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
function tail(file: string, lines = 15): string {
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

async function stop(stateDir: string, report: boolean): Promise<void> {
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

async function status(stateDir: string): Promise<void> {
  const server = await running(stateDir);
  if (server) {
    process.stdout.write(`local-cloud is running: pid ${server.pid}, ${server.url} (state: ${stateDir})\n`);
    return;
  }
  const file = readPidFile(stateDir);
  if (file) {
    process.stdout.write(`local-cloud (pid ${file.pid}) is not answering${file.url ? ` on ${file.url}` : ''}; see ${path.join(stateDir, LOG_FILE)}\n`);
  } else {
    process.stdout.write(`local-cloud is not running (state: ${stateDir})\n`);
  }
  process.exitCode = 3;
}

async function explain(stateDir: string, requestId: string | undefined): Promise<void> {
  if (!requestId || requestId.startsWith('-')) throw new CliError(`explain needs a request id\n${USAGE}`, 2);
  const server = await running(stateDir);
  if (!server) throw new CliError(`local-cloud is not running (state: ${stateDir}): refusals are kept by the running server`, 3);
  const res = await fetch(`${server.url}${EXPLAIN_PATH}${encodeURIComponent(requestId)}`);
  process.stdout.write(await res.text());
  if (!res.ok) process.exitCode = 4;
}

async function reset(stateDir: string): Promise<void> {
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
