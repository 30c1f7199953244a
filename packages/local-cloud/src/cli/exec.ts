import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { constants } from 'node:os';
import * as path from 'node:path';
import { localApiUrl, localEnvironment, parseStageUrl } from '../client';
import { processAlive } from '../core/process';
import { CliError, USAGE, type Flags } from './flags';
import { ensureRunning, tail, type RunningServer } from './server-process';

/** The CDK CLI's commands: the first argument that is one names what runs (deploy, destroy, watch…). */
const CDK_COMMANDS = new Set(['acknowledge', 'bootstrap', 'context', 'deploy', 'destroy', 'diff', 'docs', 'doctor', 'drift', 'flags', 'gc', 'import', 'init', 'list', 'ls', 'metadata', 'migrate', 'notices', 'publish-assets', 'refactor', 'rollback', 'synth', 'synthesize', 'watch']);

/** How often the server's process is checked while the command runs. */
const WATCH_INTERVAL_MS = 250;
/** How long a stopped command may take to exit after SIGTERM before it gets SIGKILL. */
const KILL_GRACE_MS = 3_000;

/**
 * `local-cloud exec -- <command> [args]`: runs the command against local-cloud (started first when it is not
 * running), with its output streamed and its exit code returned.
 */
export async function exec(flags: Flags): Promise<void> {
  if (flags.command.length === 0) throw new CliError(`exec needs a command after '--'\n${USAGE}`, 2);
  const [command, ...args] = flags.command;
  await runAgainstServer(flags, command, args, { activity: `'${path.basename(command)}'`, tool: `'${path.basename(command)}'` });
}

/**
 * `local-cloud cdk -- <cdk args>`: the workspace's CDK CLI (the `aws-cdk` package found from the current
 * directory), run by this Node.js, against local-cloud. After a deploy, the API Gateway stage URLs among the
 * stacks' outputs are printed as local-cloud serves them.
 */
export async function cdk(flags: Flags): Promise<void> {
  if (flags.command.length === 0) throw new CliError(`cdk needs the CDK CLI's arguments after '--' (e.g. cdk -- deploy)\n${USAGE}`, 2);
  const cli = cdkCli(process.cwd());
  const args = [...flags.command];
  const verb = args.find((a) => CDK_COMMANDS.has(a)) ?? 'cdk command';
  // a deploy's outputs, to map its stage URLs: the file the caller asked for, else one of ours
  let outputsFile = verb === 'deploy' ? outputsFileOf(args) : undefined;
  let ownOutputsFile = false;
  if (verb === 'deploy' && outputsFile === undefined) {
    outputsFile = path.join(flags.stateDir, `cdk-outputs.${process.pid}.json`);
    args.push('--outputs-file', outputsFile);
    ownOutputsFile = true;
  }
  const server = await runAgainstServer(flags, process.execPath, [cli, ...args], { activity: `the ${verb}`, tool: 'the CDK CLI' });
  if (outputsFile === undefined) return;
  try {
    if (process.exitCode === 0 || process.exitCode === undefined) printStageUrls(outputsFile, server.endpoint);
  } finally {
    if (ownOutputsFile) fs.rmSync(outputsFile, { force: true });
  }
}

/** The entry script of the `aws-cdk` package that `from` resolves (the workspace's CDK CLI). */
function cdkCli(from: string): string {
  let manifest: string;
  try {
    manifest = require.resolve('aws-cdk/package.json', { paths: [from] });
  } catch {
    throw new CliError(`no CDK CLI found from ${from}: add it to the workspace (npm install --save-dev aws-cdk)`);
  }
  const bin = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }).bin;
  const script = typeof bin === 'string' ? bin : bin?.cdk;
  if (!script) throw new CliError(`${manifest} names no 'cdk' command`);
  return path.join(path.dirname(manifest), script);
}

/** The value of `--outputs-file` / `-O` among CDK CLI arguments, if given. */
function outputsFileOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].split(/=(.*)/s, 2);
    if (name === '--outputs-file' || name === '-O') return path.resolve(inline ?? args[i + 1] ?? '');
  }
  return undefined;
}

/** One line per stack output that is an API Gateway stage URL: where local-cloud serves that stage. */
function printStageUrls(outputsFile: string, endpoint: string): void {
  let all: Record<string, Record<string, unknown>>;
  try {
    all = JSON.parse(fs.readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, unknown>>;
  } catch {
    return; // the CLI wrote no outputs (nothing deployed)
  }
  const lines: string[] = [];
  for (const [stack, outputs] of Object.entries(all)) {
    for (const [name, value] of Object.entries(outputs ?? {})) {
      if (typeof value === 'string' && parseStageUrl(value)) lines.push(`  ${stack}.${name}: ${localApiUrl(value, endpoint)}`);
    }
  }
  if (lines.length > 0) process.stderr.write(`\n✔ local-cloud (${endpoint}) serves the deployed API stages at:\n${lines.join('\n')}\n\n`);
}

/** Whether a process runs; a zombie (exited, not yet reaped by a slow container init) counts as stopped. */
function serverAlive(pid: number): boolean {
  if (!processAlive(pid)) return false;
  try {
    return !/^\d+ \(.*\) Z /s.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): kill(0) is all there is
  }
}

/**
 * Ensures the server runs, then runs `command` with the environment of a local run, output streamed. If the
 * server's process ends meanwhile, the command is stopped at once (it would otherwise retry for about 35 s and
 * fail with a bare ECONNREFUSED) and the message says why and where the log is. Sets `process.exitCode`.
 */
async function runAgainstServer(flags: Flags, command: string, args: string[], what: { activity: string; tool: string }): Promise<RunningServer> {
  const server = await ensureRunning(flags);
  if (server.started) process.stderr.write(`local-cloud started on ${server.endpoint} (pid ${server.pid}, log: ${server.logFile})\n`);
  const child = spawn(command, args, { stdio: 'inherit', env: localEnvironment(server.endpoint, process.env, server.stateDir) });
  // Ctrl-C or a kill of this process reaches the command too, and this process waits for it to end
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onSigint = forward('SIGINT');
  const onSigterm = forward('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  let serverStopped = false;
  let killTimer: NodeJS.Timeout | undefined;
  const watch = setInterval(() => {
    if (serverAlive(server.pid)) return;
    serverStopped = true;
    clearInterval(watch);
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  }, WATCH_INTERVAL_MS);
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(new CliError(`could not run ${command}: ${e.message}`)));
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1)));
  }).finally(() => {
    clearInterval(watch);
    clearTimeout(killTimer);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  });
  if (serverStopped || (code !== 0 && !serverAlive(server.pid))) {
    process.stderr.write(
      `\n✖ local-cloud stopped during ${what.activity} (pid ${server.pid}); ${serverStopped ? `${what.tool} was stopped at once` : `${what.tool} failed`}.\n` +
        `  local-cloud's log (${server.logFile}) ends with:\n${tail(server.logFile, 10)}\n` +
        `  Run the command again: it starts local-cloud, which rolls back a stack operation the stop cut short.\n`,
    );
    process.exitCode = code === 0 ? 1 : code;
    return server;
  }
  process.exitCode = code;
  return server;
}

