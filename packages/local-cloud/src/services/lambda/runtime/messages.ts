/**
 * The IPC protocol between local-cloud and a function's worker process (`process.send`, JSON
 * serialisation). Messages are small and flat: the per-invoke path carries one message each way.
 *
 * Parent → worker: {@link InvokeMessage}. Worker → parent: {@link ReadyMessage} or {@link InitErrorMessage}
 * once after start, then one {@link DoneMessage} per invocation, and {@link LogMessage} for output written
 * between invocations (timers that fire after a handler returned).
 */

/** One log event as the worker formatted it: `[epoch ms, message]` (a tuple keeps the JSON short). */
export type LogEvent = [timestamp: number, message: string];

/** The error document Invoke answers with when a function fails (`X-Amz-Function-Error: Unhandled`). */
export interface ErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export interface InvokeMessage {
  t: 'invoke';
  /** The request id (`context.awsRequestId`). */
  id: string;
  /** The event, as the JSON text the caller sent. */
  event: string;
  /** Epoch ms when the invocation times out (`context.getRemainingTimeInMillis()`). */
  deadline: number;
  /** `context.invokedFunctionArn`: the ARN the caller named (with a qualifier, when it gave one). */
  arn: string;
  /** `_X_AMZN_TRACE_ID` for this invocation. */
  trace: string;
  /** `context.clientContext`, decoded from `X-Amz-Client-Context`. */
  clientContext?: unknown;
}

export interface ReadyMessage {
  t: 'ready';
  /** Process start to handler loaded, in ms (the REPORT's Init Duration). */
  initMs: number;
  /** What module initialisation logged. */
  logs: LogEvent[];
  maxMemMb: number;
}

export interface InitErrorMessage {
  t: 'initError';
  initMs: number;
  error: ErrorPayload;
  logs: LogEvent[];
  maxMemMb: number;
}

export interface DoneMessage {
  t: 'done';
  id: string;
  /** The response document (JSON text) when the handler succeeded. */
  payload?: string;
  /** Set when the handler failed. */
  error?: ErrorPayload;
  /** The worker cannot serve another invocation (uncaught exception): the parent retires it. */
  fatal?: boolean;
  /** What the invocation logged, in order. */
  logs: LogEvent[];
  /** Peak resident set size of the worker in MB (the REPORT's Max Memory Used). */
  maxMemMb: number;
}

export interface LogMessage {
  t: 'log';
  logs: LogEvent[];
}

export type ParentMessage = InvokeMessage;
export type WorkerMessage = ReadyMessage | InitErrorMessage | DoneMessage | LogMessage;

const isLogs = (logs: unknown): logs is LogEvent[] =>
  Array.isArray(logs) && logs.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'number' && typeof e[1] === 'string');
const isError = (e: unknown): e is ErrorPayload =>
  typeof e === 'object' && e !== null && typeof (e as ErrorPayload).errorType === 'string' && typeof (e as ErrorPayload).errorMessage === 'string' &&
  Array.isArray((e as ErrorPayload).trace) && (e as ErrorPayload).trace.every((l) => typeof l === 'string');

/**
 * Whether a message from a worker has the protocol's shape. The function's code can `process.send` too: a
 * malformed message must not throw in local-cloud's event loop (the worker is killed instead).
 */
export function isWorkerMessage(m: unknown): m is WorkerMessage {
  if (typeof m !== 'object' || m === null) return false;
  const msg = m as Record<string, unknown>;
  if (!isLogs(msg.logs)) return false;
  switch (msg.t) {
    case 'log':
      return true;
    case 'ready':
      return typeof msg.initMs === 'number' && typeof msg.maxMemMb === 'number';
    case 'initError':
      return typeof msg.initMs === 'number' && typeof msg.maxMemMb === 'number' && isError(msg.error);
    case 'done':
      return (
        typeof msg.id === 'string' &&
        typeof msg.maxMemMb === 'number' &&
        (msg.payload === undefined || typeof msg.payload === 'string') &&
        (msg.error === undefined || isError(msg.error))
      );
    default:
      return false;
  }
}
