import { invokeWhilePending } from './errors';
import { sha256Hex } from './function-code';
import { isPending, isUpdating } from './function-state';
import type { FunctionRecord, FunctionStore } from './function-store';
import type { FunctionVersion } from './runtime/lambda-runtime';

/**
 * Which version of a function its invocations run. While an update is InProgress, invocations run the version
 * before it ("Lambda function states": "Invocations continue to use the function's previous code and configuration
 * until the update completes"), kept here by function ARN; in memory only (after a restart the short window is
 * over anyway).
 */
export class FunctionVersions {
  private readonly versions = new WeakMap<FunctionRecord, FunctionVersion>();
  private readonly previous = new Map<string, FunctionVersion>();

  constructor(
    private readonly functions: FunctionStore,
    private readonly stateDelayMs: number,
    /** Stops the function's warm environments (its code or configuration changed). */
    private readonly retire: (record: FunctionRecord) => void,
  ) {}

  /** The runtime's view of a stored record (one object per record, so the runtime can compare them cheaply). */
  public versionOf(record: FunctionRecord): FunctionVersion {
    let version = this.versions.get(record);
    if (!version) {
      version = {
        accountId: record.accountId,
        region: record.region,
        functionName: record.name,
        functionArn: record.arn,
        revisionId: record.versionTag,
        runtime: record.runtime,
        handler: record.handler,
        role: record.role,
        timeout: record.timeout,
        memorySize: record.memorySize,
        environment: record.environment ?? {},
        logFormat: record.logging.LogFormat,
        logGroup: record.logging.LogGroup,
        applicationLogLevel: record.logging.ApplicationLogLevel,
        systemLogLevel: record.logging.SystemLogLevel,
        codeSha256Hex: sha256Hex(record.codeSha256),
        loadCode: () => this.functions.code(record),
        reservedConcurrency: record.reservedConcurrency,
      };
      this.versions.set(record, version);
    }
    return version;
  }

  /**
   * Keeps the version being replaced (and its zip) for the invocations made while the update is InProgress; its
   * warm environments keep serving them, and the first invocation after the update replaces them. Without an
   * update window, they are retired at once.
   */
  public keepPrevious(record: FunctionRecord, code?: Buffer): void {
    if (this.stateDelayMs <= 0) {
      this.retire(record);
      return;
    }
    const version = this.versionOf(record);
    const kept = code ? { ...version, loadCode: () => code } : version;
    this.previous.set(record.arn, kept);
    // forgotten once the update is over, invoked or not
    setTimeout(() => {
      if (this.previous.get(record.arn) === kept) this.previous.delete(record.arn);
    }, this.stateDelayMs + 1_000).unref();
  }

  /** Whether the previous code must be kept in memory for an update (an update window exists). */
  public get keepsPrevious(): boolean {
    return this.stateDelayMs > 0;
  }

  /** The version an invocation runs now: the previous one while an update is InProgress. */
  public invocable(record: FunctionRecord): FunctionVersion {
    const now = Date.now();
    if (isPending(record, now)) throw invokeWhilePending('Pending');
    return this.serving(record, now);
  }

  public serving(record: FunctionRecord, now: number): FunctionVersion {
    const previous = this.previous.get(record.arn);
    if (previous && isUpdating(record, now)) return previous;
    if (previous) this.previous.delete(record.arn);
    return this.versionOf(record);
  }

  /** The function is gone: nothing of it is kept. */
  public forget(record: FunctionRecord): void {
    this.previous.delete(record.arn);
  }
}
