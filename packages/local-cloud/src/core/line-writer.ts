/**
 * Lines for a synchronous sink (the server log on stdout), written once per event-loop turn instead of once
 * per line. Writing to a file or a pipe from Node is a blocking system call, and a pipe write also wakes the
 * reader: with one request-log line per request, those writes took ~3 % of the event loop under load
 * (`bench/src/profile-request-path.ts`). Lines queued in one turn go out together when the turn ends, in order.
 */
export class LineWriter {
  private pending: string[] = [];
  private scheduled = false;

  constructor(
    private readonly write: (text: string) => void,
    /** A turn that queues this many lines writes them at once (a bound on the memory held). */
    private readonly maxLines = 512,
  ) {}

  public line(text: string): void {
    this.pending.push(text);
    if (this.pending.length >= this.maxLines) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      // unref: a queued line never keeps the process alive; exit paths call flush()
      setImmediate(() => this.flush()).unref();
    }
  }

  /** Writes every queued line now (before other output to the same sink, and before exit). */
  public flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.write(text);
  }
}
