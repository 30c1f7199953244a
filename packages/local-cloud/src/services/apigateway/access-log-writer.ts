/** One access-log line bound for a log group. */
export interface AccessLogLine {
  readonly accountId: string;
  readonly region: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
}

/** A batch for one log stream, handed to CloudWatch Logs in one call. */
export interface AccessLogBatch {
  readonly accountId: string;
  readonly region: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Oldest first, as PutLogEvents wants them. */
  readonly events: ReadonlyArray<{ readonly timestamp: number; readonly message: string }>;
}

/** Where batches go: CloudWatch Logs' in-process write (same KMS checks and encryption as PutLogEvents). */
export type AccessLogSink = (batch: AccessLogBatch) => Promise<void> | void;

// PutLogEvents limits: 10,000 events and 1,048,576 bytes (each event counts 26 bytes extra)
const MAX_EVENTS = 10_000;
const MAX_BYTES = 1_048_576;

/**
 * Buffers access-log lines off the request path and writes them in batches, at most `flushIntervalMs`
 * after the first line of a batch. A failed write is reported through `onError`, never to the caller
 * of `write`: a log problem must not fail an API request.
 */
export class AccessLogWriter {
  private queue: AccessLogLine[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly sink: AccessLogSink,
    private readonly onError: (error: unknown, batch: AccessLogBatch) => void,
    private readonly flushIntervalMs = 50,
  ) {}

  public write(line: AccessLogLine): void {
    this.queue.push(line);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.drain(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Writes everything buffered so far and waits for every write under way (tests, shutdown). */
  public async flush(): Promise<void> {
    await this.drain();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private drain(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const lines = this.queue;
    this.queue = [];
    const writes: Promise<void>[] = [];
    for (const batch of toBatches(lines)) {
      const p = (async () => {
        try {
          await this.sink(batch);
        } catch (error) {
          this.onError(error, batch);
        }
      })();
      this.inFlight.add(p);
      void p.finally(() => this.inFlight.delete(p));
      writes.push(p);
    }
    return Promise.all(writes).then(() => undefined);
  }
}

function toBatches(lines: AccessLogLine[]): AccessLogBatch[] {
  const byStream = new Map<string, AccessLogLine[]>();
  for (const line of lines) {
    const key = `${line.accountId}\0${line.region}\0${line.logGroupName}\0${line.logStreamName}`;
    let list = byStream.get(key);
    if (!list) byStream.set(key, (list = []));
    list.push(line);
  }
  const batches: AccessLogBatch[] = [];
  for (const list of byStream.values()) {
    list.sort((a, b) => a.timestamp - b.timestamp);
    const { accountId, region, logGroupName, logStreamName } = list[0];
    let events: Array<{ timestamp: number; message: string }> = [];
    let bytes = 0;
    for (const { timestamp, message } of list) {
      const size = Buffer.byteLength(message) + 26;
      if (events.length === MAX_EVENTS || (events.length > 0 && bytes + size > MAX_BYTES)) {
        batches.push({ accountId, region, logGroupName, logStreamName, events });
        events = [];
        bytes = 0;
      }
      events.push({ timestamp, message });
      bytes += size;
    }
    batches.push({ accountId, region, logGroupName, logStreamName, events });
  }
  return batches;
}
