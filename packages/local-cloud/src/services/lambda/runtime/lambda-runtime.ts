import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { CodeDirectory } from './code-archive';
import { EnvironmentPool, Lease } from './environment-pool';
import { ExecutionEnvironment } from './execution-environment';
import type { LogDestination, LogEventInput, LogShipper } from './log-shipper';
import { nodeBinaries, type NodeBinaries, type NodeBinary } from './node-binaries';
import type { ErrorPayload, LogEvent } from './messages';
import { PlatformLog } from './platform-log';
import { sdkModules } from './sandbox';
import { workerScript } from './worker-script';

/** One version of a function, as the runtime needs it. A new `revisionId` means new environments. */
export interface FunctionVersion {
  readonly accountId: string;
  readonly region: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly revisionId: string;
  readonly runtime: string;
  readonly handler: string;
  readonly role: string;
  /** Seconds. */
  readonly timeout: number;
  /** MB. */
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly logFormat: 'Text' | 'JSON';
  readonly logGroup: string;
  readonly applicationLogLevel?: string;
  readonly systemLogLevel?: string;
  /** Hex SHA-256 of the deployment package (names its unpacked directory). */
  readonly codeSha256Hex: string;
  /** The deployment package, read only when it has to be unpacked. */
  readonly loadCode: () => Buffer;
  /** Reserved concurrency: this many environments at most, and past them Invoke is throttled (no queue). */
  readonly reservedConcurrency?: number;
}

export interface RuntimeInvokeInput {
  readonly fn: FunctionVersion;
  /** The event as JSON text (already checked to parse). */
  readonly payload: string;
  /** The ARN the caller named: `context.invokedFunctionArn`. */
  readonly invokedArn: string;
  /** `X-Amz-Log-Type: Tail`: return the last 4 KB of the invocation's log. */
  readonly tail: boolean;
  readonly clientContext?: unknown;
  readonly requestId?: string;
}

export interface RuntimeInvokeOutput {
  readonly requestId: string;
  /** The response document, or the error document when `functionError` is set. */
  readonly payload: string;
  readonly functionError?: 'Unhandled';
  /** Base64 of the last 4 KB of this invocation's log output. */
  readonly logResult?: string;
}

/** Credentials an execution environment gets for the function's execution role. */
export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials expire: environments are replaced before that. */
  readonly expiration?: Date;
}

export interface RuntimeOptions {
  /** Where code versions are unpacked (`<stateDir>/lambda`). */
  readonly codeRoot: string;
  readonly logs: LogShipper;
  /** local-cloud's endpoint, given to functions as `AWS_ENDPOINT_URL`. */
  readonly endpoint: () => string | undefined;
  /**
   * Credentials of the function's execution role for its environments; throws (an AwsError Invoke answers
   * with) when there are none to give. Never the account's root keys.
   */
  readonly credentials: (fn: FunctionVersion) => RoleCredentials;
  /** Concurrent environments per function. @default 10 */
  readonly maxEnvironmentsPerFunction?: number;
  /** Invocations that may queue per function before 429. @default 1000 */
  readonly maxQueuedPerFunction?: number;
  /** An environment idle this long is stopped. @default 300000 (5 minutes) */
  readonly idleTimeoutMs?: number;
  /** Longest Init phase. @default 10000 (Lambda's on-demand init limit) */
  readonly initTimeoutMs?: number;
  /**
   * The `node_modules` holding the AWS SDK v3 the real runtime ships: functions get a `NODE_PATH` of its
   * `@aws-sdk/*` packages and their dependencies only, and may read nothing else of it (`sandbox.ts`).
   */
  readonly nodePath?: string;
  /**
   * The function's current version as stored, undefined once it is deleted. An invocation that began before an
   * update but had no environment yet runs the current code; without this the stale version and the current
   * one would keep replacing each other's environments.
   */
  readonly current?: (fn: FunctionVersion) => FunctionVersion | undefined;
  /** The server log: a Node major's first-use download, a runtime that falls back to the host's Node. @default stderr */
  readonly log?: (line: string) => void;
  /** Where each runtime's Node comes from. @default the process's one `nodeBinaries` */
  readonly nodes?: NodeBinaries;
}

interface PoolEntry {
  readonly fn: FunctionVersion;
  readonly pool: EnvironmentPool;
  /** Where its code is unpacked. */
  readonly dir: string;
  readonly platform: PlatformLog;
  readonly taskRoot: Promise<string>;
  /** The Node of the function's runtime, installed on first use: environments start once both are there. */
  readonly nodeReady: Promise<NodeBinary>;
  /** Set once `nodeReady` resolved. */
  node?: NodeBinary;
  /** Epoch ms after which the pool is replaced (its environments' credentials are about to expire). */
  readonly renewAt: number;
}

/** Lambda's limit on a synchronous response (6 MB). */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;
const TAIL_BYTES = 4096;

/**
 * Runs functions: one pool of execution environments (worker processes) per function version, the
 * platform lines around each invocation, and its log output handed to the log shipper.
 */
export class LambdaRuntime {
  private readonly pools = new Map<string, PoolEntry>();
  /** Pools of older versions still finishing invocations, with the folder of their code. */
  private readonly retired = new Map<EnvironmentPool, string>();
  private readonly code: CodeDirectory;
  private readonly reaper: NodeJS.Timeout;
  private closed = false;

  private readonly log: (line: string) => void;

  constructor(private readonly options: RuntimeOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.code = new CodeDirectory(options.codeRoot);
    const idle = options.idleTimeoutMs ?? 300_000;
    this.reaper = setInterval(() => {
      const cutoff = Date.now() - idle;
      for (const entry of this.pools.values()) entry.pool.reap(cutoff);
    }, Math.min(30_000, Math.max(1000, idle / 2)));
    this.reaper.unref();
  }

  /** Environments alive or starting, over every function. */
  public get environmentCount(): number {
    let n = 0;
    for (const entry of this.pools.values()) n += entry.pool.size;
    for (const pool of this.retired.keys()) n += pool.size;
    return n;
  }

  public async invoke(input: RuntimeInvokeInput): Promise<RuntimeInvokeOutput> {
    if (this.closed) throw new Error('the Lambda runtime is closed');
    const requestId = input.requestId ?? randomUUID();
    let entry: PoolEntry;
    let lease: Lease;
    for (;;) {
      entry = this.entryFor(input.fn);
      await entry.taskRoot;
      await entry.nodeReady;
      try {
        lease = await entry.pool.acquire();
        break;
      } catch (error) {
        // the function changed while this invocation waited: run it on the new version
        if (error instanceof Error && error.message === 'pool retired' && !this.closed) continue;
        throw error;
      }
    }

    // the version that runs it: the current one, if the function changed while this invocation waited
    const { fn, platform } = entry;
    const events: LogEventInput[] = [];
    const add = (at: number, line: string | undefined): void => {
      if (line !== undefined) events.push({ timestamp: at, message: line });
    };
    const addAll = (logs: readonly LogEvent[]): void => {
      for (const [timestamp, message] of logs) events.push({ timestamp, message });
    };
    const destination: LogDestination = {
      accountId: fn.accountId,
      region: fn.region,
      logGroupName: fn.logGroup,
      logStreamName: lease.logStreamName,
      createGroupIfMissing: fn.logGroup === `/aws/lambda/${fn.functionName}`,
      functionName: fn.functionName,
      roleArn: fn.role,
    };

    let initDurationMs: number | undefined;
    let maxMemoryUsedMb = 0;
    let result: { payload: string; error?: ErrorPayload; reusable: boolean; status: 'success' | 'error' | 'timeout'; errorType?: string };

    if (lease.start) {
      const started = lease.start.message;
      initDurationMs = started.initMs;
      maxMemoryUsedMb = started.maxMemMb;
      add(Date.now() - Math.round(started.initMs), platform.initStart(Date.now() - Math.round(started.initMs), fn, entry.node));
      addAll(started.logs);
      if (lease.start.kind === 'initError') add(Date.now(), platform.initReport(Date.now(), { durationMs: started.initMs, errorType: lease.start.message.error.errorType }));
    }

    const startedAt = Date.now();
    add(startedAt, platform.start(startedAt, requestId, fn.functionArn));
    const t0 = performance.now();
    if (lease.start?.kind === 'initError') {
      const error = lease.start.message.error;
      result = { payload: JSON.stringify(error), error, reusable: false, status: 'error', errorType: error.errorType };
    } else {
      const timeoutMs = fn.timeout * 1000;
      const outcome = await lease.environment.invoke(
        {
          t: 'invoke',
          id: requestId,
          event: input.payload,
          deadline: startedAt + timeoutMs,
          arn: input.invokedArn,
          trace: traceHeader(requestId),
          clientContext: input.clientContext,
        },
        timeoutMs,
      );
      if (outcome.kind === 'done') {
        const done = outcome.message;
        addAll(done.logs);
        maxMemoryUsedMb = done.maxMemMb;
        if (done.error) {
          result = { payload: JSON.stringify(done.error), error: done.error, reusable: !done.fatal, status: 'error' };
        } else if (Buffer.byteLength(done.payload ?? 'null') > MAX_RESPONSE_BYTES) {
          const error = {
            errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
            errorType: 'Function.ResponseSizeTooLarge',
          };
          result = { payload: JSON.stringify(error), error: { ...error, trace: [] }, reusable: true, status: 'error' };
        } else {
          result = { payload: done.payload ?? 'null', reusable: true, status: 'success' };
        }
      } else if (outcome.kind === 'timeout') {
        add(Date.now(), platform.timedOut(Date.now(), requestId, fn.timeout));
        const error = { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${fn.timeout.toFixed(2)} seconds` };
        result = { payload: JSON.stringify(error), error: { ...error, trace: [] }, reusable: false, status: 'timeout' };
      } else {
        for (const line of lease.environment.takeRawOutput().split('\n')) if (line.trim() !== '') add(Date.now(), line);
        const { errorType, errorMessage } = outcome.error;
        result = { payload: JSON.stringify({ errorType, errorMessage }), error: outcome.error, reusable: false, status: 'error', errorType };
      }
    }
    const durationMs = performance.now() - t0;
    const endedAt = Date.now();
    add(endedAt, platform.end(requestId));
    add(
      endedAt,
      platform.report(endedAt, {
        requestId,
        durationMs,
        memorySizeMb: fn.memorySize,
        maxMemoryUsedMb,
        initDurationMs,
        status: result.status,
        errorType: result.errorType,
      }),
    );
    entry.pool.release(lease, result.reusable);
    this.options.logs.push(destination, events);

    return {
      requestId,
      payload: result.payload,
      functionError: result.error ? 'Unhandled' : undefined,
      logResult: input.tail ? tailOf(events) : undefined,
    };
  }

  /** The function changed or was deleted: its environments stop (busy ones after their invocation). */
  public retire(accountId: string, region: string, functionName: string, opts: { removeCode?: boolean } = {}): void {
    const key = poolKey(accountId, region, functionName);
    const entry = this.pools.get(key);
    if (entry) {
      this.pools.delete(key);
      this.retireEntry(entry);
    }
    if (opts.removeCode) {
      this.code.remove(accountId, region, functionName);
    }
  }

  /** Stops every environment; resolves when all worker processes have exited. */
  public async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    const pools = [...[...this.pools.values()].map((e) => e.pool), ...this.retired.keys()];
    this.pools.clear();
    this.retired.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  /** Removes every unpacked code version (for a temporary state directory). */
  public removeAllCode(): void {
    this.code.removeAll();
  }

  private retireEntry(entry: PoolEntry): void {
    entry.pool.retire();
    if (entry.pool.size > 0) this.retired.set(entry.pool, entry.dir);
    // forget retired pools once their last environment has gone
    for (const pool of this.retired.keys()) if (pool.size === 0) this.retired.delete(pool);
  }

  private entryFor(requested: FunctionVersion): PoolEntry {
    const key = poolKey(requested.accountId, requested.region, requested.functionName);
    const existing = this.pools.get(key);
    // an invocation that began before an update (or waited on a pool an update retired) runs the current code:
    // a stale version never displaces the current one
    const fn = requested.revisionId === existing?.fn.revisionId ? requested : (this.options.current?.(requested) ?? requested);
    if (existing && existing.fn.revisionId === fn.revisionId && Date.now() < existing.renewAt) return existing;
    if (existing) this.retireEntry(existing);

    // first: a role Lambda cannot assume fails the invocation before anything is started for it
    const credentials = this.options.credentials(fn);
    const dir = this.code.dirFor(fn.accountId, fn.region, fn.functionName, fn.codeSha256Hex);
    const taskRoot = this.code.ensure(dir, fn.loadCode).then((root) => {
      // older versions of this function's code are no longer needed, once no environment of theirs is left
      // (one may still be starting: it reads its code after this)
      const inUse = new Set([...this.retired].filter(([pool]) => pool.size > 0).map(([, d]) => d));
      this.code.remove(fn.accountId, fn.region, fn.functionName, (d) => d === root || inUse.has(d));
      return root;
    });
    // a failed extraction fails the invocations waiting on it, and the next invocation tries again
    taskRoot.catch(() => {
      if (this.pools.get(key)?.taskRoot === taskRoot) this.pools.delete(key);
    });
    const sdk = sdkModules(this.options.nodePath);
    const baseEnv = this.environmentOf(fn, dir, credentials, sdk?.nodePath);
    // resolved once per major and process: a cached major costs one settled promise here
    const nodeReady = (this.options.nodes ?? nodeBinaries).resolve(fn.runtime, this.log).then((r) => (entry.node = r.node));
    const pool = new EnvironmentPool(
      () => {
        const logStreamName = logStreamNameFor(new Date());
        const node = entry.node!;
        // Lambda's PATH: the runtime's bin first (a PATH of the function's own stays as it set it)
        const PATH = fn.environment.PATH === undefined ? `${path.dirname(node.execPath)}:${baseEnv.PATH}` : baseEnv.PATH;
        const env = { ...baseEnv, PATH, AWS_LAMBDA_LOG_STREAM_NAME: logStreamName };
        const environment = new ExecutionEnvironment(
          { taskRoot: dir, env, sdk, node, memoryMb: fn.memorySize, initTimeoutMs: this.options.initTimeoutMs ?? 10_000 },
          (logs) => this.shipLate(fn, logStreamName, logs),
        );
        return { environment, logStreamName };
      },
      fn.reservedConcurrency !== undefined
        ? { maxEnvironments: fn.reservedConcurrency, maxQueued: 0 }
        : { maxEnvironments: this.options.maxEnvironmentsPerFunction ?? 10, maxQueued: this.options.maxQueuedPerFunction ?? 1000 },
    );
    const entry: PoolEntry = {
      fn,
      pool,
      dir,
      platform: new PlatformLog({ format: fn.logFormat, applicationLogLevel: fn.applicationLogLevel, systemLogLevel: fn.systemLogLevel }),
      taskRoot,
      nodeReady,
      // environments hold their role's session credentials: replace them ten minutes before those expire
      renewAt: credentials.expiration ? credentials.expiration.getTime() - 600_000 : Number.POSITIVE_INFINITY,
    };
    this.pools.set(key, entry);
    return entry;
  }

  /** Output of an environment between invocations (timers that fire after a response). */
  private shipLate(fn: FunctionVersion, logStreamName: string, logs: LogEvent[]): void {
    this.options.logs.push(
      {
        accountId: fn.accountId,
        region: fn.region,
        logGroupName: fn.logGroup,
        logStreamName,
        createGroupIfMissing: fn.logGroup === `/aws/lambda/${fn.functionName}`,
        functionName: fn.functionName,
        roleArn: fn.role,
      },
      logs.map(([timestamp, message]) => ({ timestamp, message })),
    );
  }

  /** The environment variables Lambda defines for a function (configuration-envvars), plus its own. */
  private environmentOf(fn: FunctionVersion, taskRoot: string, credentials: RoleCredentials, nodePath: string | undefined): Record<string, string> {
    const endpoint = this.options.endpoint();
    const env: Record<string, string> = {
      // Lambda's own form, not the developer's PATH (the runtime's bin is put first when its Node is known)
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: 'UTC',
    };
    if (nodePath) env.NODE_PATH = nodePath;
    // the SDK inside the function talks to local-cloud unless the function says otherwise
    if (endpoint) env.AWS_ENDPOINT_URL = endpoint;
    Object.assign(env, fn.environment);
    Object.assign(env, {
      _HANDLER: fn.handler,
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: path.dirname(workerScript()),
      AWS_REGION: fn.region,
      AWS_DEFAULT_REGION: fn.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
      AWS_LAMBDA_LOG_FORMAT: fn.logFormat,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    });
    if (credentials.sessionToken) env.AWS_SESSION_TOKEN = credentials.sessionToken;
    if (fn.logFormat === 'JSON' && fn.applicationLogLevel) env.AWS_LAMBDA_LOG_LEVEL = fn.applicationLogLevel;
    return env;
  }
}

function poolKey(accountId: string, region: string, functionName: string): string {
  return `${accountId}:${region}:${functionName}`;
}

/** `YYYY/MM/DD/[$LATEST]<32 hex>`: one stream per execution environment. */
export function logStreamNameFor(date: Date): string {
  const day = date.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** An X-Ray trace header for the invocation, derived from its request id (no extra randomness per invoke). */
function traceHeader(requestId: string): string {
  const hex = requestId.replace(/-/g, '');
  const epoch = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `Root=1-${epoch}-${hex.slice(0, 24)};Parent=${hex.slice(16, 32)};Sampled=0;Lineage=1:${hex.slice(0, 8)}:0`;
}

/** The last 4 KB of the invocation's log output, base64 (`X-Amz-Log-Result`). */
function tailOf(events: readonly LogEventInput[]): string {
  const text = events.map((e) => (e.message.endsWith('\n') ? e.message : `${e.message}\n`)).join('');
  const bytes = Buffer.from(text, 'utf8');
  return (bytes.length > TAIL_BYTES ? bytes.subarray(bytes.length - TAIL_BYTES) : bytes).toString('base64');
}
