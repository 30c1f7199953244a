process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { GetStageCommand, UpdateStageCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { FilterLogEventsCommand, type CloudWatchLogsClient, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { LOCAL_REGION, localApiUrl, resolveTarget, type StackOutputs, type Target } from '../src/target';

/**
 * Shared by the reliability suite (load, crash, property runs against the deployed stack on local-cloud).
 * Loopback only: every target here is http://127.0.0.1:<LOCAL_CLOUD_PORT>.
 */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const PORT = process.env.LOCAL_CLOUD_PORT ?? '4566';
export const ENDPOINT = `http://127.0.0.1:${PORT}`;
const LOCAL_CLOUD_BIN = path.join(REPO_ROOT, 'packages', 'local-cloud', 'bin', 'local-cloud.js');
const STATE_DIR = process.env.LOCAL_CLOUD_STATE_DIR ?? path.join(REPO_ROOT, '.local-cloud');
const run = promisify(execFile);

/** Fails the run early unless the target is local-cloud on loopback: load and fault tests never reach AWS. */
export function assertLoopbackTarget(): void {
  if ((process.env.E2E_TARGET ?? 'local') !== 'local') throw new Error('the reliability suite runs against local-cloud only (E2E_TARGET=local)');
}

/**
 * The dev stack's target, re-read now (someone may have redeployed it). When the outputs file has been
 * overwritten by a deploy of another suffix, the outputs are read from CloudFormation itself.
 */
export async function currentTarget(): Promise<Target> {
  assertLoopbackTarget();
  try {
    return resolveTarget();
  } catch (fileError) {
    const stackName = `KmsLogsApi-${process.env.ENVIRONMENT_SUFFIX ?? 'dev'}`;
    const clientConfig = { region: LOCAL_REGION, endpoint: ENDPOINT, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    const cfn = new CloudFormationClient(clientConfig);
    try {
      const outputs = await stackOutputs(cfn, stackName);
      if (!outputs) throw fileError;
      return { kind: 'local', stackName, region: LOCAL_REGION, outputs, apiBaseUrl: localApiUrl(outputs.ApiUrl, ENDPOINT), clientConfig };
    } finally {
      cfn.destroy();
    }
  }
}

export async function stackOutputs(cfn: CloudFormationClient, stackName: string): Promise<StackOutputs | undefined> {
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const entries = (Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]);
    return entries.length > 0 ? (Object.fromEntries(entries) as unknown as StackOutputs) : undefined;
  } catch {
    return undefined;
  }
}

/** `restApiId` and stage of an `ApiUrl` output. */
export function apiOf(outputs: StackOutputs): { restApiId: string; stageName: string } {
  const [, restApiId, stageName] = /^https:\/\/([a-z0-9]+)\.execute-api\.[^/]+\/([^/]+)/.exec(outputs.ApiUrl)!;
  return { restApiId, stageName };
}

/**
 * Raises the stage throttling (`/*\/*\/throttling/*`) for the duration of `fn`, then restores what was
 * configured, whatever happens: the e2e suite checks the stack's 100/50.
 */
export async function withRaisedThrottling<T>(apigateway: APIGatewayClient, outputs: StackOutputs, fn: () => Promise<T>): Promise<T> {
  const { restApiId, stageName } = apiOf(outputs);
  const stage = await apigateway.send(new GetStageCommand({ restApiId, stageName }));
  const before = stage.methodSettings?.['*/*'];
  const patch = (rate: number, burst: number) =>
    apigateway.send(new UpdateStageCommand({
      restApiId,
      stageName,
      patchOperations: [
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: String(rate) },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: String(burst) },
      ],
    }));
  await patch(1_000_000, 100_000);
  try {
    return await fn();
  } finally {
    await patch(before?.throttlingRateLimit ?? 100, before?.throttlingBurstLimit ?? 50);
  }
}

/** Every event of a group since `startTime` (no pattern: one pass over the group, following nextToken). */
export async function allEvents(logs: CloudWatchLogsClient, logGroupName: string, startTime: number): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName, startTime, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The `requestId` field of a JSON log line, or undefined. */
export function requestIdOf(message: string | undefined): string | undefined {
  try {
    const v = JSON.parse(message ?? '');
    return typeof v?.requestId === 'string' ? v.requestId : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

// ---------- the local-cloud process ----------

export async function localCloud(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const extra = process.env.LOCAL_CLOUD_PORT ? ['--port', PORT] : [];
  try {
    const { stdout, stderr } = await run(process.execPath, [LOCAL_CLOUD_BIN, ...args, ...extra], {
      cwd: REPO_ROOT,
      timeout: 180_000,
      env: { ...process.env, LOCAL_CLOUD_START_TIMEOUT_MS: process.env.LOCAL_CLOUD_START_TIMEOUT_MS ?? '120000', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

export async function isRunning(): Promise<boolean> {
  return (await localCloud(['status'])).code === 0;
}

/** Starts local-cloud unless it runs; `env` (settings such as `LOCAL_CLOUD_CFN_RESOURCE_DELAY_MS`) applies to a start. */
export async function ensureRunning(env: Record<string, string> = {}): Promise<void> {
  const r = await localCloud(['start', '--detach'], env);
  if (r.code !== 0) throw new Error(`local-cloud did not start: ${r.stdout}${r.stderr}`);
}

/** The pid of the running local-cloud, from its pid file. */
export function localCloudPid(): number {
  const pid = Number(fs.readFileSync(path.join(STATE_DIR, 'local-cloud.pid'), 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('no local-cloud pid file');
  return pid;
}

export const DB_FILE = path.join(STATE_DIR, 'local-cloud.db');

/** SIGKILL, then wait until the process is gone (or a zombie nobody reaps). */
export async function killNine(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
      if (/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))) return;
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`pid ${pid} survived SIGKILL`);
}

/** `PRAGMA integrity_check` of the state database, opened read-only. */
export function integrityCheck(dbFile = DB_FILE): string {
  // better-sqlite3 is local-cloud's own store library (hoisted in the workspace); only the file is shared
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as new (file: string, opts: { readonly: boolean; fileMustExist: boolean }) => {
    pragma(sql: string): unknown;
    close(): void;
  };
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Polls `probe` every `everyMs` until it returns a value; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Keeps a file's content and puts it back (the outputs file a deploy of another suffix overwrites or deletes). */
export function preserveFile(file: string): () => void {
  const content = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  return () => {
    if (content === undefined) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, content);
  };
}

/** Appends one line of figures to test-reports/reliability-figures.txt (read when writing docs/reliability.md). */
export function recordFigure(line: string): void {
  const dir = path.join(__dirname, '..', 'test-reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'reliability-figures.txt'), `${new Date().toISOString()} ${line}\n`);
  console.log(line);
}
