/**
 * The Lambda Node.js runtime inside one worker process (one execution environment): loads the function's
 * handler once, then serves invocations one at a time over IPC. Everything it needs comes from the
 * environment Lambda defines (`_HANDLER`, `LAMBDA_TASK_ROOT`, `AWS_LAMBDA_LOG_FORMAT`, …), as the real
 * runtime reads it.
 *
 * This file is forked as its own program: it imports only Node built-ins (and types), so it runs compiled
 * (`lib/…/worker.js`) or transpiled on the fly from this source (see `worker-script.ts`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as util from 'node:util';
import type { DoneMessage, ErrorPayload, InvokeMessage, LogEvent, WorkerMessage } from './messages';

type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
type Handler = (event: unknown, context: unknown, callback?: unknown) => unknown;

const LEVELS: Record<Level, number> = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const env = process.env;

/**
 * The function's own variables arrive after start-up (`sandbox.ts`, `_LOCAL_CLOUD_FUNCTION_ENV`): set before
 * its code loads, so the handler sees them all, while `LD_PRELOAD`, `NODE_OPTIONS` and the like could not act
 * on the process. Of `NODE_OPTIONS`, `--enable-source-maps` is honoured (the one functions commonly set).
 */
function applyFunctionEnvironment(): void {
  const text = env._LOCAL_CLOUD_FUNCTION_ENV;
  delete env._LOCAL_CLOUD_FUNCTION_ENV;
  if (!text) return;
  const vars = JSON.parse(text) as Record<string, string>;
  for (const [name, value] of Object.entries(vars)) env[name] = value;
  if (/(^|\s)--enable[-_]source[-_]maps(\s|$)/.test(vars.NODE_OPTIONS ?? '')) process.setSourceMapsEnabled(true);
}
applyFunctionEnvironment();

/**
 * What Node's permission model leaves open and a function must not do to other processes of the developer
 * (local-cloud, same user, same process group): send them signals or change their priority; and, on Node 20,
 * trace_events writing a file into the code directory. Refused like the permission model refuses.
 */
function confine(): void {
  const denied = (what: string): Error => Object.assign(new Error(`Access to this API has been restricted: ${what}`), { code: 'ERR_ACCESS_DENIED' });
  const proc = process as unknown as Record<string, unknown>;
  for (const name of ['kill', '_kill']) {
    const original = proc[name] as ((pid: number, signal?: string | number) => unknown) | undefined;
    if (typeof original !== 'function') continue;
    proc[name] = function (this: unknown, pid: number, signal?: string | number) {
      if (Number(pid) !== process.pid) throw denied('signals to other processes');
      return original.call(process, pid, signal);
    };
  }
  const os = require('node:os') as typeof import('node:os');
  const setPriority = os.setPriority;
  os.setPriority = ((pid: number, priority?: number) => {
    if (priority === undefined) return setPriority(pid);
    if (Number(pid) !== 0 && Number(pid) !== process.pid) throw denied('the priority of other processes');
    return setPriority(pid, priority);
  }) as typeof os.setPriority;
  const traceEvents = require('node:trace_events') as { createTracing: unknown };
  traceEvents.createTracing = () => {
    throw denied('trace_events');
  };
  (require('node:module') as { syncBuiltinESMExports(): void }).syncBuiltinESMExports();
}
confine();
const jsonFormat = env.AWS_LAMBDA_LOG_FORMAT === 'JSON';
/** Calls below the function's ApplicationLogLevel are no-ops; levels apply to the JSON format only. */
const minLevel = jsonFormat ? (LEVELS[(env.AWS_LAMBDA_LOG_LEVEL ?? '').toUpperCase() as Level] ?? 0) : 0;
/** The runtime's Node.js major, from `AWS_EXECUTION_ENV=AWS_Lambda_nodejs<N>.x`: 24+ drops callback handlers. */
const runtimeMajor = Number(/nodejs(\d+)/.exec(env.AWS_EXECUTION_ENV ?? '')?.[1] ?? 0);
const promiseOnly = runtimeMajor >= 24;

// a real import(): tsc's CommonJS output would turn `import()` into require()
const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

// ---------- log capture ----------

interface Invocation {
  readonly id: string;
  readonly logs: LogEvent[];
}

let current: Invocation | undefined;
/** Output written outside an invocation (module init, timers after a response), sent in batches. */
let pending: LogEvent[] = [];
let initialising = true;
let pendingFlush = false;

function emit(message: string): void {
  const event: LogEvent = [Date.now(), message];
  if (current) {
    current.logs.push(event);
    return;
  }
  pending.push(event);
  if (!initialising && !pendingFlush) {
    pendingFlush = true;
    setImmediate(flushPending);
  }
}

function flushPending(): void {
  pendingFlush = false;
  if (pending.length === 0) return;
  const logs = pending;
  pending = [];
  send({ t: 'log', logs });
}

function send(message: WorkerMessage, then?: () => void): void {
  if (!process.connected || !process.send) {
    process.exit(0);
  }
  process.send(message, undefined, undefined, then);
}

/** JSON.stringify that survives circular references and BigInts. */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
    }
    return v;
  });
}

function isError(value: unknown): value is Error {
  return (
    util.types.isNativeError(value) ||
    (typeof value === 'object' && value !== null && typeof (value as Error).message === 'string' && typeof (value as Error).name === 'string')
  );
}

function errorFields(error: Error): { errorType: string; errorMessage: string; stackTrace: string[] } {
  return { errorType: error.name, errorMessage: error.message, stackTrace: (error.stack ?? '').split('\n') };
}

/** One console call as Lambda writes it: a Text line, or a JSON object with the level and request id. */
function formatConsole(level: Level, args: unknown[]): string {
  const timestamp = new Date().toISOString();
  if (!jsonFormat) return `${timestamp}\t${current?.id ?? 'undefined'}\t${level}\t${util.format(...args)}\n`;
  const record: Record<string, unknown> = { timestamp, level, requestId: current?.id };
  if (args.length === 1) {
    record.message = isError(args[0]) ? errorFields(args[0]) : args[0];
  } else {
    record.message = util.format(...args);
    const error = args.find(isError);
    if (error) Object.assign(record, errorFields(error));
  }
  try {
    return safeStringify(record);
  } catch {
    return safeStringify({ timestamp, level, requestId: current?.id, message: util.format(...args) });
  }
}

function patchConsole(): void {
  const method = (level: Level) => (...args: unknown[]): void => {
    if (LEVELS[level] < minLevel) return;
    emit(formatConsole(level, args));
  };
  const target = console as unknown as Record<string, unknown>;
  target.trace = method('TRACE');
  target.debug = method('DEBUG');
  target.info = method('INFO');
  target.log = method('INFO');
  target.warn = method('WARN');
  target.error = method('ERROR');
  target.fatal = method('FATAL');
}

/**
 * A line written straight to stdout/stderr (a structured logger's own Console, `process.stdout.write`):
 * one event per line, passed through unchanged. In JSON mode a line that is already a JSON object is a
 * structured log: it is filtered by its `level` (missing or unknown = INFO) and never wrapped again.
 */
function emitRaw(line: string): void {
  if (line === '') return;
  if (minLevel > 0 && line.startsWith('{')) {
    try {
      const parsed = JSON.parse(line) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const level = String((parsed as Record<string, unknown>).level ?? '').toUpperCase() as Level;
        if ((LEVELS[level] ?? LEVELS.INFO) < minLevel) return;
      }
    } catch {
      // not JSON: an ordinary line
    }
  }
  emit(line);
}

const partials = new Map<NodeJS.WriteStream, string>();

function captureStream(stream: NodeJS.WriteStream): void {
  partials.set(stream, '');
  stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error) => void), callback?: (err?: Error) => void): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    const lines = (partials.get(stream)! + text).split('\n');
    partials.set(stream, lines.pop()!);
    for (const line of lines) emitRaw(line.endsWith('\r') ? line.slice(0, -1) : line);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) process.nextTick(done);
    return true;
  }) as typeof stream.write;
}

/** A line written without its newline belongs to the invocation that wrote it. */
function flushPartialLines(): void {
  for (const [stream, partial] of partials) {
    if (partial === '') continue;
    partials.set(stream, '');
    emitRaw(partial);
  }
}

// ---------- errors as the runtime reports them ----------

function toErrorPayload(error: unknown): ErrorPayload {
  try {
    if (isError(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
    }
    return { errorType: typeof error, errorMessage: (error as { toString(): string }).toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

/** Logs a failure the way the runtime does: `Invoke Error` / `Init Error` / `Uncaught Exception`. */
function logFailure(label: string, payload: ErrorPayload): void {
  if (jsonFormat) {
    const record = {
      timestamp: new Date().toISOString(),
      level: 'ERROR',
      requestId: current?.id,
      message: label,
      errorType: payload.errorType,
      errorMessage: payload.errorMessage,
      stackTrace: payload.trace,
    };
    emit(safeStringify(record));
    return;
  }
  const detail = safeStringify({ errorType: payload.errorType, errorMessage: payload.errorMessage, stack: payload.trace });
  emit(`${new Date().toISOString()}\t${current?.id ?? 'undefined'}\tERROR\t${label} \t${detail}\n`);
}

class RuntimeError extends Error {
  constructor(type: string, message: string) {
    super(message);
    this.name = type;
  }
}

// ---------- handler resolution ----------

function nearestPackageType(dir: string, root: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, 'package.json');
    if (fs.existsSync(file)) {
      try {
        return (JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (d === root || path.dirname(d) === d) return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

async function loadModule(taskRoot: string, moduleRoot: string, moduleName: string): Promise<Record<string, unknown>> {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  try {
    if (isFile(base)) return require(base) as Record<string, unknown>;
    if (isFile(`${base}.js`)) {
      return nearestPackageType(path.dirname(base), taskRoot) === 'module'
        ? await dynamicImport(pathToFileURL(`${base}.js`).href)
        : (require(`${base}.js`) as Record<string, unknown>);
    }
    if (isFile(`${base}.mjs`)) return await dynamicImport(pathToFileURL(`${base}.mjs`).href);
    if (isFile(`${base}.cjs`)) return require(`${base}.cjs`) as Record<string, unknown>;
    let resolved: string;
    try {
      resolved = require.resolve(moduleName, { paths: [path.resolve(taskRoot, moduleRoot), taskRoot] });
    } catch {
      throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'\nRequire stack:\n- /var/runtime/index.mjs`);
    }
    return require(resolved) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    if (error instanceof SyntaxError) throw new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    const code = (error as { code?: string } | undefined)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') throw new RuntimeError('Runtime.ImportModuleError', String(error));
    throw error;
  }
}

/** `dir/file.a.b`: module `dir/file` (.js, .mjs, .cjs), then the property path `a.b` of its exports. */
async function loadHandler(): Promise<Handler> {
  const taskRoot = env.LAMBDA_TASK_ROOT ?? process.cwd();
  const handlerString = env._HANDLER ?? '';
  if (handlerString.includes('..')) throw new RuntimeError('Runtime.MalformedHandlerName', `'../' is not allowed in the handler name ${handlerString}`);
  const moduleRoot = path.dirname(handlerString);
  const file = path.basename(handlerString);
  const dot = file.indexOf('.');
  if (dot <= 0 || dot === file.length - 1) throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${handlerString}`);
  const moduleName = file.slice(0, dot);
  const propertyPath = file.slice(dot + 1);

  const loaded = await loadModule(taskRoot, moduleRoot, moduleName);
  let value: unknown = loaded;
  for (const key of propertyPath.split('.')) {
    value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[key];
  }
  if (value === undefined) throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof value !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  if (promiseOnly && value.length >= 3) {
    throw new RuntimeError(
      'Runtime.CallbackHandlerDeprecated',
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. ' +
        'You need to modify this function to use a supported handler signature to use Node.js 24 or later. ' +
        'For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    );
  }
  return value as Handler;
}

// ---------- invocations ----------

function createContext(msg: InvokeMessage, callback: (error: unknown, result?: unknown) => void): Record<string, unknown> {
  const context: Record<string, unknown> = {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: msg.arn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: msg.id,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: msg.clientContext,
    getRemainingTimeInMillis: () => Math.max(0, msg.deadline - Date.now()),
  };
  if (!promiseOnly) {
    // Node.js ≤ 22 runtimes: the legacy completion methods and the event-loop flag (always answered at once here)
    context.callbackWaitsForEmptyEventLoop = true;
    context.done = (error: unknown, result?: unknown) => callback(error, result);
    context.succeed = (result?: unknown) => callback(null, result);
    context.fail = (error: unknown) => callback(error ?? 'handled');
  }
  return context;
}

function runHandler(handler: Handler, event: unknown, msg: InvokeMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, result?: unknown): void => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    const context = createContext(msg, settle);
    const returned = promiseOnly ? handler(event, context) : handler(event, context, settle);
    if (returned && typeof (returned as PromiseLike<unknown>).then === 'function') {
      (returned as PromiseLike<unknown>).then(
        (result) => settle(null, result),
        (error: unknown) => settle(error ?? new RuntimeError('Error', String(error))),
      );
    } else if (promiseOnly) {
      settle(null, returned);
    } else if (handler.length < 3) {
      // a synchronous handler that takes no callback: the runtime answers null once it returns
      setImmediate(() => settle(null, null));
    }
    // else: a callback handler answers when it calls back
  });
}

/** Peak resident set size, in MB (getrusage: cheap enough for every invocation). */
function maxMemoryMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

let handler: Handler | undefined;
let failAndExit: ((error: ErrorPayload) => void) | undefined;

async function invoke(msg: InvokeMessage): Promise<void> {
  const invocation: Invocation = { id: msg.id, logs: [] };
  current = invocation;
  env._X_AMZN_TRACE_ID = msg.trace;
  let finished = false;
  const finish = (result: { payload?: string; error?: ErrorPayload; fatal?: boolean }): void => {
    if (finished) return;
    finished = true;
    if (result.error) logFailure(result.fatal ? 'Uncaught Exception' : 'Invoke Error', result.error);
    flushPartialLines();
    const done: DoneMessage = {
      t: 'done',
      id: msg.id,
      ...result,
      logs: invocation.logs,
      maxMemMb: maxMemoryMb(),
    };
    current = undefined;
    failAndExit = undefined;
    if (result.fatal) send(done, () => process.exit(1));
    else send(done);
  };
  failAndExit = (error) => finish({ error, fatal: true });
  try {
    const event = JSON.parse(msg.event) as unknown;
    const result = await runHandler(handler!, event, msg);
    finish({ payload: result === undefined ? 'null' : JSON.stringify(result) ?? 'null' });
  } catch (error) {
    finish({ error: toErrorPayload(error) });
  }
}

function onFatal(error: ErrorPayload): void {
  if (failAndExit) {
    failAndExit(error);
    return;
  }
  logFailure('Uncaught Exception', error);
  const logs = pending;
  pending = [];
  send({ t: 'log', logs }, () => process.exit(1));
}

async function main(): Promise<void> {
  if (!process.send) {
    process.stderr.write('worker.js is started by local-cloud through child_process.fork\n');
    process.exit(1);
  }
  // a worker never outlives the server that started it
  process.on('disconnect', () => process.exit(0));
  patchConsole();
  captureStream(process.stdout);
  captureStream(process.stderr);
  process.on('uncaughtException', (error) => onFatal(toErrorPayload(error)));
  process.on('unhandledRejection', (reason) => {
    const message = isError(reason) ? `${reason.name}: ${reason.message}` : String(reason);
    onFatal({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: message, trace: [`Runtime.UnhandledPromiseRejection: ${message}`] });
  });
  process.on('message', (msg: InvokeMessage) => {
    if (msg && msg.t === 'invoke') void invoke(msg);
  });

  try {
    handler = await loadHandler();
  } catch (error) {
    const payload = toErrorPayload(error);
    logFailure(promiseOnly ? 'Init Error' : 'Uncaught Exception', payload);
    flushPartialLines();
    initialising = false;
    const logs = pending;
    pending = [];
    send({ t: 'initError', initMs: performance.now(), error: payload, logs, maxMemMb: maxMemoryMb() });
    return;
  }
  flushPartialLines();
  initialising = false;
  const logs = pending;
  pending = [];
  send({ t: 'ready', initMs: performance.now(), logs, maxMemMb: maxMemoryMb() });
}

void main();
