import { createHash } from 'node:crypto';
import { nodeBinaries, versionKey, type NodeBinary } from './node-binaries';

/** The function settings that shape its log output (`LoggingConfig`). */
export interface LogSettings {
  readonly format: 'Text' | 'JSON';
  /** JSON only: TRACE | DEBUG | INFO | WARN | ERROR | FATAL (application lines are filtered in the worker). */
  readonly applicationLogLevel?: string;
  /** JSON only: DEBUG | INFO | WARN. Platform lines are INFO: `WARN` drops them. */
  readonly systemLogLevel?: string;
}

/** A `platform.report` / `REPORT` line's facts. */
export interface ReportFacts {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Only on the invocation that started the execution environment. */
  readonly initDurationMs?: number;
  readonly status: 'success' | 'error' | 'timeout';
  /** `Runtime.ExitError` and the like: shown for failures of the environment, not for a handler's error. */
  readonly errorType?: string;
}

const SYSTEM_LEVELS: Record<string, number> = { DEBUG: 1, INFO: 2, WARN: 3 };

/**
 * The lines Lambda itself writes around each invocation (cfn-lambda-apigw.md §3): `INIT_START`, `START`,
 * `END`, `REPORT` in the Text format; `platform.initStart`, `platform.start`, `platform.report` records in
 * the JSON format (no END).
 */
export class PlatformLog {
  private readonly json: boolean;
  private readonly quiet: boolean;

  constructor(settings: LogSettings) {
    this.json = settings.format === 'JSON';
    // platform lines are INFO: a system log level of WARN leaves them out
    this.quiet = this.json && (SYSTEM_LEVELS[settings.systemLogLevel ?? 'INFO'] ?? 2) > SYSTEM_LEVELS.INFO;
  }

  /**
   * The runtime version of a Node binary, in Lambda's form (`nodejs:24.v13` and a runtime version ARN ending in 64
   * hex digits, runtime-management-identify): the major of the Node that really runs the function, `v<N>` with
   * N = minor × 1000 + patch of that Node (24.22.3 -> `v22003`), and `host.` before it when that Node is the
   * host's (`nodejs:20.host.v20002`, as AWS writes `nodejs:22.mainline.v98`). The ARN's digest is of that version.
   */
  public static versionOf(node: NodeBinary): { version: string; arn: (region: string) => string } {
    const [major, minor, patch] = versionKey(node.version);
    const version = `nodejs:${major}.${node.source === 'host' ? 'host.' : ''}v${minor * 1000 + patch}`;
    const digest = createHash('sha256').update(`${version}\0${node.version}`).digest('hex');
    return { version, arn: (region) => `arn:aws:lambda:${region}::runtime:${digest}` };
  }

  /** The runtime version a function of `runtime` runs on now, or will on first use if its Node is cached (RuntimeVersionConfig). */
  public static runtimeVersion(runtime: string): { version: string; arn: (region: string) => string } {
    return PlatformLog.versionOf(nodeBinaries.peek(runtime));
  }

  /** `node`: the Node the environment started on (else what `runtime` resolves to now). */
  public initStart(at: number, fn: { functionName: string; runtime: string; region: string }, node?: NodeBinary): string | undefined {
    if (this.quiet) return undefined;
    const rv = node ? PlatformLog.versionOf(node) : PlatformLog.runtimeVersion(fn.runtime);
    if (!this.json) return `INIT_START Runtime Version: ${rv.version}\tRuntime Version ARN: ${rv.arn(fn.region)}\n`;
    return JSON.stringify({
      time: new Date(at).toISOString(),
      type: 'platform.initStart',
      record: {
        initializationType: 'on-demand',
        phase: 'init',
        runtimeVersion: rv.version,
        runtimeVersionArn: rv.arn(fn.region),
        functionName: fn.functionName,
        functionVersion: '$LATEST',
      },
    });
  }

  /** After a failed Init phase (the handler could not be loaded). */
  public initReport(at: number, facts: { durationMs: number; errorType: string }): string | undefined {
    if (this.quiet) return undefined;
    if (!this.json) {
      return `INIT_REPORT Init Duration: ${facts.durationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${facts.errorType}\n`;
    }
    return JSON.stringify({
      time: new Date(at).toISOString(),
      type: 'platform.initReport',
      record: { initializationType: 'on-demand', phase: 'init', status: 'error', errorType: facts.errorType, metrics: { durationMs: round2(facts.durationMs) } },
    });
  }

  public start(at: number, requestId: string, functionArn: string): string | undefined {
    if (this.quiet) return undefined;
    if (!this.json) return `START RequestId: ${requestId} Version: $LATEST\n`;
    return JSON.stringify({ time: new Date(at).toISOString(), type: 'platform.start', record: { requestId, functionArn, version: '$LATEST' } });
  }

  /** Text only: the line a timeout adds before END. */
  public timedOut(at: number, requestId: string, timeoutSeconds: number): string | undefined {
    if (this.json) return undefined;
    return `${new Date(at).toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds\n`;
  }

  public end(requestId: string): string | undefined {
    if (this.json || this.quiet) return undefined;
    return `END RequestId: ${requestId}\n`;
  }

  public report(at: number, facts: ReportFacts): string | undefined {
    if (this.quiet) return undefined;
    const billed = Math.max(1, Math.ceil(facts.durationMs));
    if (!this.json) {
      let line =
        `REPORT RequestId: ${facts.requestId}\tDuration: ${facts.durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\t` +
        `Memory Size: ${facts.memorySizeMb} MB\tMax Memory Used: ${facts.maxMemoryUsedMb} MB\t`;
      if (facts.initDurationMs !== undefined) line += `Init Duration: ${facts.initDurationMs.toFixed(2)} ms\t`;
      if (facts.status !== 'success' && (facts.status === 'timeout' || facts.errorType)) line += `Status: ${facts.status}\t`;
      if (facts.errorType && facts.status !== 'timeout') line += `Error Type: ${facts.errorType}\t`;
      return `${line}\n`;
    }
    const metrics: Record<string, number> = {
      durationMs: round2(facts.durationMs),
      billedDurationMs: billed,
      memorySizeMB: facts.memorySizeMb,
      maxMemoryUsedMB: facts.maxMemoryUsedMb,
    };
    if (facts.initDurationMs !== undefined) metrics.initDurationMs = round2(facts.initDurationMs);
    const record: Record<string, unknown> = { requestId: facts.requestId, metrics, status: facts.status };
    if (facts.errorType) record.errorType = facts.errorType;
    return JSON.stringify({ time: new Date(at).toISOString(), type: 'platform.report', record });
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
