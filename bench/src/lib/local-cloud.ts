// local-cloud on a private port and a private state dir (never 4566, never the repo's .local-cloud/),
// the CDK CLI against it (the same binary and arguments as `local-cloud cdk -- deploy`, which infra:deploy runs), and SDK clients.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { CloudFormationClient, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { REPO_ROOT, log, spawnTracked, onCleanup, waitForHttp, tmpDir } from './util';
import { LOCAL_CLOUD_DIR } from './local-cloud-dir';

export const CLI = path.join(LOCAL_CLOUD_DIR, 'bin', 'local-cloud.js');
export const INFRA_DIR = path.join(REPO_ROOT, 'packages', 'infra');
const CDK = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk');
export const REGION = 'ap-southeast-1';
export const ACCOUNT = '000000000000';
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const BASE_PORT = Number(process.env.BENCH_PORT_BASE) || 4610;

let nextPort = BASE_PORT;
/** A private port: 4610, 4611, … (never 4566). */
export function privatePort(): number {
  const p = nextPort++;
  if (p === 4566) return privatePort();
  return p;
}

function cliEnv(port: number, stateDir: string): NodeJS.ProcessEnv {
  return { ...process.env, LOCAL_CLOUD_PORT: String(port), LOCAL_CLOUD_STATE_DIR: stateDir };
}

export function runCli(args: readonly string[], port: number, stateDir: string, extraEnv: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [CLI, ...args, '--port', String(port), '--state-dir', stateDir], {
    env: { ...cliEnv(port, stateDir), ...extraEnv }, encoding: 'utf8', timeout: 60_000,
  });
  return r;
}

/** A detached local-cloud of the bench: its port, endpoint, state dir, pid, and the CLI's start time. */
export interface LocalCloud {
  readonly port: number;
  readonly url: string;
  readonly stateDir: string;
  readonly pid: number;
  readonly startMs: number;
  stopped?: boolean;
}

/**
 * `local-cloud start --detach` on a private port and state dir; stopped (CLI `stop`) at cleanup.
 * Returns { port, url, stateDir, pid, startMs } where startMs is the wall time of the CLI command.
 */
export function startDetached({ port = privatePort(), stateDir = tmpDir('state'), env = {} }: { port?: number; stateDir?: string; env?: NodeJS.ProcessEnv } = {}): LocalCloud {
  const t0 = process.hrtime.bigint();
  const r = runCli(['start', '--detach'], port, stateDir, env);
  const startMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`local-cloud start failed (${r.status}): ${r.stderr}${r.stdout}`);
  const pid = Number(fs.readFileSync(path.join(stateDir, 'local-cloud.pid'), 'utf8').split('\n')[0]);
  const lc: LocalCloud = { port, url: `http://127.0.0.1:${port}`, stateDir, pid, startMs };
  onCleanup(() => stopDetached(lc));
  return lc;
}

export function stopDetached(lc: LocalCloud): void {
  if (lc.stopped) return;
  lc.stopped = true;
  const r = runCli(['stop'], lc.port, lc.stateDir);
  if (r.status !== 0) log(`local-cloud stop: ${r.stderr}`);
}

/**
 * Foreground `local-cloud start` (as a user types it), polled on its health endpoint every 2 ms:
 * returns the milliseconds from spawn to the first answered request, and the tracked child.
 */
export async function startForegroundTimed({ port = privatePort(), stateDir = tmpDir('state') }: { port?: number; stateDir?: string } = {}) {
  const url = `http://127.0.0.1:${port}`;
  const t0 = process.hrtime.bigint();
  const child = spawnTracked(process.execPath, [CLI, 'start', '--port', String(port), '--state-dir', stateDir], { env: cliEnv(port, stateDir) });
  await waitForHttp(`${url}/_local-cloud/health`, { everyMs: 2, timeoutMs: 30_000, child });
  const readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { child, url, port, stateDir, readyMs };
}

/** SDK v3 client config for a local-cloud endpoint. */
export function clientConfig(url: string) {
  return { endpoint: url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 };
}

// ---------- the CDK CLI against local-cloud ----------

/**
 * A private copy of the handler's bundle (packages/handler/dist) that the CDK app deploys instead, through infra's
 * `kmsLogsApi:handlerBundle` context, so a "handler-only change" can be made without touching packages/.
 */
export function handlerCopy(): string {
  const dir = tmpDir('handler-bundle');
  fs.cpSync(path.join(REPO_ROOT, 'packages', 'handler', 'dist'), dir, { recursive: true });
  return dir;
}

/**
 * The environment and arguments `local-cloud cdk -- deploy` gives the CDK CLI (what `infra:deploy` runs), set here rather
 * than through that command so the bench measures two builds of local-cloud with the same deploy path; except that the
 * outputs file, the cloud assembly and CDK_HOME are private temp paths (the developer's
 * cdk-outputs.local.json and cdk.out are never touched) and the function's code is `handlerBundle` (handlerCopy()).
 */
export function cdkSetup(lc: Pick<LocalCloud, 'url'>, { suffix = 'bench', handlerBundle }: { suffix?: string; handlerBundle: string }) {
  const work = tmpDir('cdk');
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: lc.url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    CDK_DEFAULT_ACCOUNT: ACCOUNT,
    CDK_DEFAULT_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_HOME: path.join(work, 'cdk-home'),
    AWS_PROFILE: '',
    AWS_SESSION_TOKEN: '',
  };
  const stackName = `KmsLogsApi-${suffix}`;
  const outputsFile = path.join(work, 'cdk-outputs.json');
  // the app itself (cdk.json) is not passed: the CLI runs it with these arguments in packages/infra
  const context = { environmentSuffix: suffix, 'kmsLogsApi:handlerBundle': handlerBundle };
  const common = ['--no-notices', ...Object.entries(context).flatMap(([k, v]) => ['--context', `${k}=${v}`]), '--output', path.join(work, 'cdk.out')];
  return { env, stackName, outputsFile, common, work, context, handlerBundle };
}

/** How the CDK CLI runs against one local-cloud (cdkSetup). */
export type CdkSetup = ReturnType<typeof cdkSetup>;

/** One CDK CLI run: wall time, exit code, output, and when it started and ended (epoch ms). */
export interface CdkRun {
  ms: number;
  code: number | null;
  output: string;
  startedAt: number;
  endedAt: number;
}

/** Runs the CDK CLI; resolves { ms, code, output }. Async so the bench can sample in between. */
async function cdk(setup: CdkSetup, args: string[]): Promise<CdkRun> {
  const startedAt = Date.now();
  const t0 = process.hrtime.bigint();
  const child = spawnTracked(CDK, args, { cwd: INFRA_DIR, env: setup.env });
  const { code } = await child.exited;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, code, output: child.output, startedAt, endedAt: startedAt + ms };
}

/**
 * Splits a CDK CLI run by local-cloud's request log (<stateDir>/local-cloud.log, one timestamped line per
 * request): before the first AWS call (CLI start-up + synth + asset build), first to last call (asset upload,
 * change set, execution, the CLI's polling), after the last call (CLI output and exit).
 */
export function phases(lc: LocalCloud, run: CdkRun) {
  let text: string;
  try { text = fs.readFileSync(path.join(lc.stateDir, 'local-cloud.log'), 'utf8'); } catch { return null; }
  const times: Array<{ t: number; op: string }> = [];
  for (const line of text.split('\n')) {
    const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) \S+ (\S+)/.exec(line);
    if (!m) continue;
    const t = Date.parse(m[1]);
    if (t >= run.startedAt && t <= run.endedAt) times.push({ t, op: m[2] });
  }
  if (times.length === 0) return null;
  // the CLI asks STS who it is before it synthesizes; CloudFormation is called once synth and assets are done
  const firstCfn = (times.find((x) => x.op.startsWith('cloudformation.')) || times[0]).t;
  const last = times[times.length - 1].t;
  return { beforeCloudFormationMs: firstCfn - run.startedAt, cloudFormationMs: last - firstCfn, afterLastCallMs: Math.round(run.endedAt - last), calls: times.length };
}

/** Duration of the stack's latest operation from its own events (stack-level *_IN_PROGRESS → *_COMPLETE). */
export async function stackOperationMs(lc: LocalCloud, stackName: string): Promise<number | null> {
  try {
    const r = await new CloudFormationClient(clientConfig(lc.url)).send(new DescribeStackEventsCommand({ StackName: stackName }));
    const ev = (r.StackEvents ?? []).filter((e) => e.ResourceType === 'AWS::CloudFormation::Stack'); // newest first
    const status = (i: number) => ev[i].ResourceStatus ?? '';
    const done = ev.findIndex((_e, i) => /_COMPLETE$/.test(status(i)) && !/CLEANUP/.test(status(i)));
    const began = ev.findIndex((_e, i) => i > done && /(CREATE|UPDATE|DELETE)_IN_PROGRESS$/.test(status(i)) && !/CLEANUP/.test(status(i)));
    if (done < 0 || began < 0) return null;
    return ev[done].Timestamp!.getTime() - ev[began].Timestamp!.getTime();
  } catch { return null; }
}

export function cdkDeploy(setup: CdkSetup): Promise<CdkRun> {
  return cdk(setup, ['deploy', setup.stackName, ...setup.common, '--require-approval', 'never', '--outputs-file', setup.outputsFile]);
}

export function cdkDestroy(setup: CdkSetup): Promise<CdkRun> {
  return cdk(setup, ['destroy', setup.stackName, ...setup.common, '--force']);
}

export function cdkSynth(setup: CdkSetup): Promise<CdkRun> {
  return cdk(setup, ['synth', '--quiet', ...setup.common]);
}

export function stackOutputs(setup: CdkSetup): Record<string, string> {
  return JSON.parse(fs.readFileSync(setup.outputsFile, 'utf8'))[setup.stackName];
}

/** The deployed REST API: its id, stage, and URL on local-cloud's execute-api path. */
export interface StackApi {
  apiId: string;
  stage: string;
  url: string;
}

/** ApiUrl (https://<id>.execute-api.<region>.amazonaws.com/<stage>/) → local execute-api URL. */
export function localApiUrl(lc: Pick<LocalCloud, 'url'>, outputs: Record<string, string>): StackApi {
  const m = /^https:\/\/([a-z0-9]+)\.execute-api\.[^/]+\/([^/]+)\/?$/.exec(outputs.ApiUrl || '');
  if (!m) throw new Error(`unexpected ApiUrl ${outputs.ApiUrl}`);
  return { apiId: m[1], stage: m[2], url: `${lc.url}/_aws/execute-api/${m[1]}/${m[2]}/` };
}

