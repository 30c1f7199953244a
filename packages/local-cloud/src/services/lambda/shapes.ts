import type { FunctionConfiguration, GetFunctionResponse, InvocationResponse } from '@aws-sdk/client-lambda';
import type { FunctionRecord } from './function-store';
import { stateMembers } from './function-state';
import { PlatformLog } from './runtime/platform-log';

/** What an invocation answers, before it is put on the wire (Invoke) or handed to API Gateway. */
export interface InvocationResult {
  /** 200 / 202 / 204 as the wire operation answers. */
  readonly statusCode: number;
  readonly payload: Buffer;
  readonly functionError?: 'Unhandled';
  /** Base64 of the last 4 KB of the log (with `logType: 'Tail'`). */
  readonly logResult?: string;
  readonly executedVersion: string;
  /** The invocation's request id (`context.awsRequestId`). */
  readonly requestId: string;
}

/**
 * FunctionConfiguration, as GetFunctionConfiguration, CreateFunction and the updates answer: the state at `now`,
 * or (`answer`) the Pending / InProgress state the creating or updating call itself answers.
 */
export function configurationOf(record: FunctionRecord, answer?: 'create' | 'update', now = Date.now()): FunctionConfiguration {
  const config: Record<string, unknown> = {
    FunctionName: record.name,
    FunctionArn: record.arn,
    Runtime: record.runtime,
    Role: record.role,
    Handler: record.handler,
    CodeSize: record.codeSize,
    Description: record.description,
    Timeout: record.timeout,
    MemorySize: record.memorySize,
    LastModified: record.lastModified,
    CodeSha256: record.codeSha256,
    Version: '$LATEST',
    TracingConfig: { Mode: record.tracingMode },
    RevisionId: record.revisionId,
    ...stateMembers(record, now, answer),
    PackageType: 'Zip',
    Architectures: [...record.architectures],
    EphemeralStorage: { Size: record.ephemeralStorage },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    RuntimeVersionConfig: { RuntimeVersionArn: PlatformLog.runtimeVersion(record.runtime).arn(record.region) },
    LoggingConfig: { ...record.logging },
  };
  if (record.environment) config.Environment = { Variables: { ...record.environment } };
  if (record.kmsKeyArn) config.KMSKeyArn = record.kmsKeyArn;
  return config as FunctionConfiguration;
}

/** GetFunction: the configuration, where to download the code, tags and reserved concurrency when set. */
export function functionOutput(record: FunctionRecord, codeLocation: string): GetFunctionResponse {
  const out: GetFunctionResponse = {
    Configuration: configurationOf(record),
    Code: { RepositoryType: 'S3', Location: codeLocation },
  };
  if (Object.keys(record.tags).length > 0) out.Tags = { ...record.tags };
  if (record.reservedConcurrency !== undefined) out.Concurrency = { ReservedConcurrentExecutions: record.reservedConcurrency };
  return out;
}

/** Invoke's output members: no version or payload where AWS sends none (202, 204). */
export function invocationOutput(out: InvocationResult): InvocationResponse {
  return {
    StatusCode: out.statusCode,
    FunctionError: out.functionError,
    LogResult: out.logResult,
    ExecutedVersion: out.statusCode === 200 ? out.executedVersion : undefined,
    Payload: out.statusCode === 204 ? undefined : out.payload,
  };
}
