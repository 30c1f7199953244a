import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { AwsError } from '../../core/aws-error';
import type { ServiceDirectory } from '../../core/service';
import type { Store } from '../../store/store';
import type { LogsService } from '../logs';
import { serviceException } from './errors';
import { executionRoleCredentials } from './execution-role';
import type { FunctionRecord, FunctionStore } from './function-store';
import { FunctionVersions } from './function-versions';
import { MAX_ASYNC_PAYLOAD, MAX_SYNC_PAYLOAD, readClientContext, readInvocationType, readLogType, readPayload } from './invocation-input';
import { LambdaRuntime } from './runtime/lambda-runtime';
import { executionRoleLogRefusal } from '../iam/authorizer/execution-role';
import { LogShipper, type LambdaLogsWriter, type LogDeliveryFailure } from './runtime/log-shipper';
import type { InvocationResult } from './shapes';
import { sdkNodePath } from './state-dir';

/** How invocations run: where code is unpacked, how many environments, log batching, the state delay. */
export interface InvocationsOptions {
  readonly store: Store;
  readonly functions: FunctionStore;
  readonly services?: ServiceDirectory;
  /** `<stateDir>`: code is unpacked under `<stateDir>/lambda/`. */
  readonly stateDir: string;
  readonly serverLog: (line: string) => void;
  /** Functions' `AWS_ENDPOINT_URL`. */
  readonly endpoint: () => string | undefined;
  readonly maxEnvironmentsPerFunction?: number;
  readonly idleTimeoutMs?: number;
  readonly logFlushIntervalMs: number;
  readonly stateDelayMs: number;
}

/** What an invocation asks for, as Invoke's members (checked here). */
export interface InvocationRequest {
  readonly invocationType?: string;
  readonly logType?: string;
  readonly clientContext?: string;
  readonly payload?: string | Uint8Array;
  readonly payloadIsJson?: boolean;
}

/**
 * Runs functions: the runtime's worker pools, the log shipper that writes their output to CloudWatch Logs, the
 * versions invocations run (the previous one during an update), and Event invocations still running.
 */
export class Invocations {
  private readonly runtime: LambdaRuntime;
  private readonly shipper: LogShipper;
  private readonly versions: FunctionVersions;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly options: InvocationsOptions) {
    const { functions, services, serverLog } = options;
    this.shipper = new LogShipper(() => logsWriter(services), serverLog, options.logFlushIntervalMs, (fn) => options.store.transaction(fn),
      // the platform ships a function's logs with its execution role's permissions, as Lambda does
      (d, createsGroup) => executionRoleLogRefusal(services, d, createsGroup));
    this.runtime = new LambdaRuntime({
      codeRoot: path.join(options.stateDir, 'lambda'),
      logs: this.shipper,
      endpoint: options.endpoint,
      credentials: (fn) => executionRoleCredentials(services, fn, serverLog),
      maxEnvironmentsPerFunction: options.maxEnvironmentsPerFunction,
      idleTimeoutMs: options.idleTimeoutMs,
      log: serverLog,
      nodePath: sdkNodePath(),
      current: (fn) => {
        const record = functions.get(fn.accountId, fn.region, fn.functionName);
        return record && this.versions.serving(record, Date.now());
      },
    });
    this.versions = new FunctionVersions(functions, options.stateDelayMs, (record) => this.retire(record));
  }

  /** Runs the function (RequestResponse), queues it (Event) or only checks it may (DryRun). */
  public async invoke(record: FunctionRecord, invokedArn: string, request: InvocationRequest): Promise<InvocationResult> {
    const invocationType = readInvocationType(request.invocationType);
    const logType = readLogType(request.logType);
    if (invocationType === 'DryRun') return { statusCode: 204, payload: Buffer.alloc(0), executedVersion: '$LATEST', requestId: randomUUID() };

    const isEvent = invocationType === 'Event';
    const payload = readPayload(request.payload, isEvent ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD, 'Invoke', request.payloadIsJson === true);
    const clientContext = readClientContext(request.clientContext);
    const fn = this.versions.invocable(record);
    if (isEvent) {
      const requestId = randomUUID();
      const run = this.runtime
        .invoke({ fn, payload, invokedArn, tail: false, clientContext, requestId })
        .catch((error: unknown) => this.options.serverLog(`lambda: Event invocation ${requestId} of ${record.arn} failed: ${(error as Error).message}`));
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
      return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: '$LATEST', requestId };
    }
    let out;
    try {
      out = await this.runtime.invoke({ fn, payload, invokedArn, tail: logType === 'Tail', clientContext });
    } catch (error) {
      if (error instanceof AwsError) throw error;
      this.options.serverLog(`lambda: invocation of ${record.arn} failed: ${(error as Error).stack ?? String(error)}`);
      throw serviceException(`local-cloud could not run ${record.name}: ${(error as Error).message}`);
    }
    return {
      statusCode: 200,
      payload: Buffer.from(out.payload, 'utf8'),
      functionError: out.functionError,
      logResult: out.logResult,
      executedVersion: '$LATEST',
      requestId: out.requestId,
    };
  }

  /** The function's code or configuration is about to change: its invocations keep the version being replaced meanwhile. */
  public updating(record: FunctionRecord, withCode: boolean): void {
    this.versions.keepPrevious(record, withCode && this.versions.keepsPrevious ? this.options.functions.code(record) : undefined);
  }

  /** Stops the function's warm environments (`removeCode`: and its unpacked code: the function is gone). */
  public retire(record: FunctionRecord, opts: { removeCode?: boolean } = {}): void {
    if (opts.removeCode) this.versions.forget(record);
    this.runtime.retire(record.accountId, record.region, record.name, opts);
  }

  /** Waits for running Event invocations, then writes every queued log event. */
  public async flush(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
    await this.shipper.flush();
  }

  public get logDeliveryFailures(): readonly LogDeliveryFailure[] {
    return this.shipper.failures;
  }

  public get environmentCount(): number {
    return this.runtime.environmentCount;
  }

  /** Stops every worker process, waits for Event invocations, writes the queued logs. */
  public async close(): Promise<void> {
    await this.runtime.close();
    await Promise.all([...this.running]);
    await this.shipper.close();
  }
}

/** CloudWatch Logs as the log shipper writes to it (undefined while Logs is not running). */
function logsWriter(services: ServiceDirectory | undefined): LambdaLogsWriter | undefined {
  const logs = services?.get<LogsService>('logs');
  if (!logs?.backend) return undefined;
  return {
    putLogEvents: (d, events) => {
      logs.backend.deliverLogEvents(d.logGroupName, d.logStreamName, events, d);
    },
    createLogGroup: (d) => {
      try {
        logs.backend.createLogGroup({ logGroupName: d.logGroupName }, d);
      } catch (error) {
        // created meanwhile by someone else: fine
        if (!(error instanceof AwsError && error.code === 'ResourceAlreadyExistsException')) throw error;
      }
    },
  };
}
