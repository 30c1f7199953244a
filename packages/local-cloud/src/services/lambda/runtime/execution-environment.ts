import { ChildProcess, fork, spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import { hostNode, type NodeBinary } from './node-binaries';
import { isWorkerMessage, type DoneMessage, type ErrorPayload, type InitErrorMessage, type InvokeMessage, type LogEvent, type ReadyMessage, type WorkerMessage } from './messages';
import { createTmpDir, removeTmpDir, sandboxArgs, SdkModules, startupEnvironment } from './sandbox';
import { workerScript } from './worker-script';

/** How to start one execution environment of a function version. */
export interface EnvironmentSpec {
  /** The unpacked code: the worker's cwd and `LAMBDA_TASK_ROOT`. */
  readonly taskRoot: string;
  /**
   * The complete environment of the function (nothing is inherited from local-cloud's own). `TMPDIR` is set
   * to the environment's own /tmp; the function's own variables reach the process only after it started.
   */
  readonly env: Readonly<Record<string, string>>;
  /** The AWS SDK the function may load (its `NODE_PATH`). */
  readonly sdk?: SdkModules;
  /** MemorySize: the V8 old-space limit of the worker. */
  readonly memoryMb: number;
  /** Longest a cold start may take before the environment is given up. */
  readonly initTimeoutMs: number;
  /** The Node.js it runs on (the runtime's major, `node-binaries.ts`). @default the host's */
  readonly node?: NodeBinary;
}

let launcher: string | null | undefined;

/**
 * `chrt` (util-linux) on Linux: workers are started under it with the SCHED_BATCH policy. A batch process gets
 * its fair share of CPU but does not preempt the process that woke it. Handing an invocation to a worker wakes
 * it, and without this the woken worker took the CPU from local-cloud's event loop in the middle of that write,
 * stalling every other request; with it the request path served ~7 % more requests per second
 * (docs/benchmarks.md). Elsewhere, or with `LOCAL_CLOUD_LAMBDA_SCHED_BATCH=0`, workers are plain forks.
 */
function batchLauncher(): string | undefined {
  if (launcher === undefined) {
    launcher = null;
    if (process.platform === 'linux' && process.env.LOCAL_CLOUD_LAMBDA_SCHED_BATCH !== '0') {
      const chrt = ['/usr/bin/chrt', '/bin/chrt'].find((p) => fs.existsSync(p));
      // a sandbox may forbid the change: then every worker would fail to start, so try it once first
      if (chrt && spawnSync(chrt, ['--batch', '0', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0) launcher = chrt;
    }
  }
  return launcher ?? undefined;
}

/** How an invocation in a worker ended. */
export type InvokeOutcome =
  | { readonly kind: 'done'; readonly message: DoneMessage }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'exit'; readonly error: ErrorPayload };

export type StartOutcome =
  | { readonly kind: 'ready'; readonly message: ReadyMessage }
  | { readonly kind: 'initError'; readonly message: InitErrorMessage };

/**
 * One execution environment: a worker process running the function's code, serving one invocation at a
 * time. Killed on timeout, on a fatal error, when its function changes, or when idle too long.
 */
export class ExecutionEnvironment {
  /** When it last finished an invocation (for the idle reaper). */
  public lastUsed = Date.now();
  private readonly startedAt = performance.now();
  private readonly child: ChildProcess;
  private readonly tmpDir: string;
  private exited = false;
  private exitDetail = '';
  private onExit: (() => void) | undefined;
  private onMessage: ((message: WorkerMessage) => void) | undefined;
  /** Output written by native code straight to the pipes (a V8 out-of-memory report, say). */
  private rawOutput = '';

  constructor(
    private readonly spec: EnvironmentSpec,
    /** Receives what the worker logs between invocations. */
    private readonly onLog: (events: LogEvent[]) => void,
  ) {
    const script = workerScript();
    const node = spec.node ?? hostNode();
    // each environment has its own /tmp, the only place it may write (sandbox.ts)
    this.tmpDir = createTmpDir();
    let execArgv: string[];
    try {
      // the whole V8 heap (old and young generations) within MemorySize; --max-old-space-size bounds only the old
      // generation, and each Node major adds a different young generation on top (Node 24: 256 -> 448 MiB)
      execArgv = [...sandboxArgs({ taskRoot: spec.taskRoot, tmpDir: this.tmpDir, workerScript: script, sdk: spec.sdk }, node.version), `--max-heap-size=${spec.memoryMb}`];
    } catch (error) {
      removeTmpDir(this.tmpDir);
      throw error;
    }
    const env = startupEnvironment({ ...spec.env, TMPDIR: this.tmpDir });
    const options: SpawnOptions = { cwd: spec.taskRoot, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' };
    const batch = batchLauncher();
    this.child = batch
      ? spawn(batch, ['--batch', '0', node.execPath, ...execArgv, script], options)
      : fork(script, [], { ...options, execPath: node.execPath, execArgv });
    const collect = (chunk: Buffer): void => {
      this.rawOutput += chunk.toString('utf8');
      if (this.rawOutput.length > 8192) this.rawOutput = this.rawOutput.slice(-8192);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    // An idle worker never keeps local-cloud's process alive (a server closed without closing Lambda, a test
    // run): only a pending invocation does, through its timer. A worker exits when its parent goes away.
    this.child.unref();
    (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
    (this.child.stdout as { unref?: () => void } | null)?.unref?.();
    (this.child.stderr as { unref?: () => void } | null)?.unref?.();
    this.child.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) {
        this.exitDetail ||= 'the worker sent a message local-cloud does not understand';
        this.kill();
        return;
      }
      if (message.t === 'log') this.onLog(message.logs);
      else this.onMessage?.(message);
    });
    this.child.on('error', (error) => {
      this.exitDetail ||= error.message;
      removeTmpDir(this.tmpDir);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      removeTmpDir(this.tmpDir);
      this.exitDetail ||= signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code ?? 0}`;
      this.onExit?.();
    });
  }

  public get alive(): boolean {
    return !this.exited;
  }

  public get pid(): number | undefined {
    return this.child.pid;
  }

  /** Waits for the handler to load (the Init phase). */
  public start(): Promise<StartOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill();
        settle({ kind: 'initError', message: this.initFailure('Sandbox.Timedout', `Init timed out after ${(this.spec.initTimeoutMs / 1000).toFixed(2)} seconds`) });
      }, this.spec.initTimeoutMs);
      const settle = (outcome: StartOutcome): void => {
        clearTimeout(timer);
        this.onMessage = undefined;
        this.onExit = undefined;
        resolve(outcome);
      };
      this.onMessage = (message) => {
        if (message.t === 'ready') settle({ kind: 'ready', message });
        else if (message.t === 'initError') settle({ kind: 'initError', message });
      };
      this.onExit = () => settle({ kind: 'initError', message: this.initFailure('Runtime.ExitError', `Runtime exited with error: ${this.exitDetail}`) });
      if (this.exited) this.onExit();
    });
  }

  /** Runs one invocation; on timeout the worker is killed (it cannot be trusted to stop). */
  public invoke(message: InvokeMessage, timeoutMs: number): Promise<InvokeOutcome> {
    return new Promise((resolve) => {
      const settle = (outcome: InvokeOutcome): void => {
        clearTimeout(timer);
        this.onMessage = undefined;
        this.onExit = undefined;
        this.lastUsed = Date.now();
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        this.kill();
        settle({ kind: 'timeout' });
      }, timeoutMs);
      this.onMessage = (reply) => {
        if (reply.t === 'done' && reply.id === message.id) settle({ kind: 'done', message: reply });
      };
      this.onExit = () => {
        const errorMessage = `RequestId: ${message.id} Error: Runtime exited with error: ${this.exitDetail}`;
        settle({ kind: 'exit', error: { errorType: 'Runtime.ExitError', errorMessage, trace: [] } });
      };
      if (this.exited) {
        this.onExit();
        return;
      }
      this.child.send(message, (error) => {
        if (error) this.kill();
      });
    });
  }

  /** What native code wrote to the worker's stdout/stderr, consumed. */
  public takeRawOutput(): string {
    const out = this.rawOutput;
    this.rawOutput = '';
    return out;
  }

  public kill(): void {
    if (this.exited) return;
    // held until it has exited, so whoever awaits the exit (close()) sees it
    this.child.ref();
    this.child.kill('SIGKILL');
  }

  /** Resolves once the process is gone. */
  public exitedPromise(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  private initFailure(errorType: string, errorMessage: string): InitErrorMessage {
    return { t: 'initError', initMs: performance.now() - this.startedAt, error: { errorType, errorMessage, trace: [] }, logs: [], maxMemMb: 0 };
  }
}
