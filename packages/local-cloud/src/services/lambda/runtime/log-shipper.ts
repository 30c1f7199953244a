import { AwsError } from '../../../core/aws-error';

/** Where a function's log events go: its log group (LoggingConfig.LogGroup) and its environment's stream. */
export interface LogDestination {
  readonly accountId: string;
  readonly region: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /**
   * The group Lambda creates by itself when it is missing (`/aws/lambda/<function>`, unencrypted). A custom
   * LoggingConfig.LogGroup is never created: when it is missing, the events are dropped.
   */
  readonly createGroupIfMissing: boolean;
  /** The function whose lines these are, and its execution role (the platform writes with its permissions). */
  readonly functionName?: string;
  readonly roleArn?: string;
}

/** Whether the function's role may write to the destination: the refusal to log, or undefined when it may. */
export type LogPermissionCheck = (destination: LogDestination, createsGroup: boolean) => string | undefined;

export interface LogEventInput {
  readonly timestamp: number;
  readonly message: string;
}

/**
 * What Lambda needs from CloudWatch Logs, in-process: the same checks (key policy, encryption) as the
 * PutLogEvents/CreateLogGroup operations, acting as the Lambda service on behalf of the function.
 */
export interface LambdaLogsWriter {
  /** Appends events to a stream of an existing group, creating the stream. Throws ResourceNotFoundException for a missing group. */
  putLogEvents(destination: LogDestination, events: readonly LogEventInput[]): void;
  /** Creates an unencrypted group; a group that already exists is not an error. */
  createLogGroup(destination: LogDestination): void;
}

/** A delivery that failed: kept for diagnosis (tests, the server log), as AWS would just lose the events. */
export interface LogDeliveryFailure {
  readonly at: number;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly code: string;
  readonly message: string;
  readonly events: number;
}

/** PutLogEvents limits: events per call, bytes per call (each event counts 26 bytes more), bytes per event. */
const MAX_EVENTS = 10_000;
const MAX_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;
const MAX_EVENT_BYTES = 256 * 1024;

/** Splits a chronological batch into PutLogEvents-sized calls; an oversized line is cut, as Lambda does. */
function* chunks(events: readonly LogEventInput[]): Generator<LogEventInput[]> {
  let chunk: LogEventInput[] = [];
  let bytes = 0;
  for (let event of events) {
    let size = Buffer.byteLength(event.message, 'utf8');
    if (size > MAX_EVENT_BYTES - EVENT_OVERHEAD) {
      event = { timestamp: event.timestamp, message: Buffer.from(event.message, 'utf8').subarray(0, MAX_EVENT_BYTES - EVENT_OVERHEAD).toString('utf8') };
      size = Buffer.byteLength(event.message, 'utf8');
    }
    if (chunk.length > 0 && (chunk.length >= MAX_EVENTS || bytes + size + EVENT_OVERHEAD > MAX_BYTES)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(event);
    bytes += size + EVENT_OVERHEAD;
  }
  if (chunk.length > 0) yield chunk;
}

interface Batch {
  readonly destination: LogDestination;
  events: LogEventInput[];
}

/**
 * Collects the events of every invocation and writes them to CloudWatch Logs in batches, off the invoke
 * path: a timer flushes at most `flushIntervalMs` after the first queued event; `flush()` drains now.
 * Writing is synchronous (local-cloud's CloudWatch Logs is SQLite in this process).
 */
export class LogShipper {
  /** Recent failed deliveries, newest last (bounded). */
  public readonly failures: LogDeliveryFailure[] = [];
  private readonly batches = new Map<string, Batch>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly writer: () => LambdaLogsWriter | undefined,
    private readonly serverLog: (line: string) => void,
    private readonly flushIntervalMs = 50,
    /**
     * Runs one flush as a unit (local-cloud: one SQLite transaction, so a flush costs one commit however many
     * streams it writes). Each delivery inside is its own nested unit, so one failing leaves the others.
     */
    private readonly transaction: <T>(fn: () => T) => T = (fn) => fn(),
    /** The execution role's permission to write logs; without it nothing is checked. */
    private readonly mayWrite?: LogPermissionCheck,
  ) {}

  public push(destination: LogDestination, events: readonly LogEventInput[]): void {
    if (events.length === 0 || this.closed) return;
    const key = `${destination.accountId}\n${destination.region}\n${destination.logGroupName}\n${destination.logStreamName}`;
    let batch = this.batches.get(key);
    if (!batch) {
      batch = { destination, events: [] };
      this.batches.set(key, batch);
    }
    for (const e of events) batch.events.push(e);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flushNow(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Writes everything queued so far (or records why it could not be). */
  public flush(): Promise<void> {
    this.flushNow();
    return Promise.resolve();
  }

  /** Flushes and stops accepting events. */
  public async close(): Promise<void> {
    this.flushNow();
    this.closed = true;
  }

  private flushNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.batches.size === 0) return;
    const batches = [...this.batches.values()];
    this.batches.clear();
    const writer = this.writer();
    if (!writer) return; // no CloudWatch Logs in this server (unit tests): the events have nowhere to go
    try {
      this.transaction(() => {
        for (const batch of batches) this.deliver(writer, batch);
      });
    } catch (error) {
      this.serverLog(`lambda: log delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private deliver(writer: LambdaLogsWriter, batch: Batch): void {
    const { destination } = batch;
    // within a stream, PutLogEvents wants chronological order; platform and app lines come from two clocks
    const events = batch.events.sort((a, b) => a.timestamp - b.timestamp);
    // as on AWS, a role that may not write its logs loses them
    const refusal = this.mayWrite?.(destination, false);
    if (refusal !== undefined) {
      this.record(destination, events.length, 'AccessDeniedException', refusal);
      return;
    }
    try {
      this.transaction(() => {
        for (const chunk of chunks(events)) {
          try {
            writer.putLogEvents(destination, chunk);
          } catch (error) {
            if (!(error instanceof AwsError) || error.code !== 'ResourceNotFoundException' || !destination.createGroupIfMissing) throw error;
            const groupRefusal = this.mayWrite?.(destination, true);
            if (groupRefusal !== undefined) throw new AwsError('AccessDeniedException', groupRefusal);
            writer.createLogGroup(destination);
            writer.putLogEvents(destination, chunk);
          }
        }
      });
    } catch (error) {
      this.record(destination, events.length, error instanceof AwsError ? error.code : 'InternalError', error instanceof Error ? error.message : String(error));
    }
  }

  private record(destination: LogDestination, events: number, code: string, message: string): void {
    this.failures.push({ at: Date.now(), logGroupName: destination.logGroupName, logStreamName: destination.logStreamName, code, message, events });
    if (this.failures.length > 100) this.failures.shift();
    this.serverLog(`lambda: dropped ${events} log event(s) for ${destination.logGroupName} [${destination.logStreamName}]: ${code}: ${message}`);
  }
}
