import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluatePolicy, type RequestPrincipal } from '@kms-logs-api/iam-policy';
import { AwsError } from '../../core/aws-error';
import { parseArn } from '../../core/arn';
import type { HttpRequest, HttpResponse } from '../../core/http';
import { InputReader } from '../../core/input';
import type { AwsService, CallContext, DataPlane, Operation, ServiceDeps } from '../../core/service';
import { removeFoldersOfDeadProcesses } from '../../core/process';
import type { IamService } from '../iam';
import type { LogsService } from '../logs';
import type { StsService } from '../sts';
import {
  functionNotFound,
  invalidParameter,
  invalidRequestContent,
  invokeWhilePending,
  lambdaError,
  preconditionFailed,
  requestTooLarge,
  resourceConflict,
  resourceNotFound,
  serviceException,
  updateInProgress,
  updateWhilePending,
  validation,
} from './errors';
import { configurationOf, FunctionSettings, lastModifiedNow, readSettings, resolveLogging } from './function-config';
import { functionArn, FunctionRef, parseFunctionName, Where } from './function-name';
import { isPending, isUpdating, stateDelayFromEnv } from './function-state';
import { FunctionRecord, FunctionStore } from './function-store';
import { addStatement, allowsInvoke, permissionStatement, removeStatement } from './resource-policy';
import { LAMBDA_ROUTES } from './routes';
import { summarizeZip } from './runtime/code-archive';
import { FunctionVersion, LambdaRuntime, RoleCredentials } from './runtime/lambda-runtime';
import { executionRoleLogRefusal } from '../iam/authorizer/execution-role';
import { LogDeliveryFailure, LogShipper, type LambdaLogsWriter } from './runtime/log-shipper';

/** What the Lambda service needs besides the store and the other services. */
export interface LambdaServiceDeps extends ServiceDeps {
  /**
   * local-cloud's state directory: code is unpacked under `<stateDir>/lambda/`. Defaults to the directory of
   * the store's database file, or a temporary directory (removed by `close()`) for an in-memory store.
   */
  readonly stateDir?: string;
  /** local-cloud's own server log (failed log deliveries, failed async invocations). @default stderr */
  readonly log?: (line: string) => void;
  /** Functions' `AWS_ENDPOINT_URL`. @default the endpoint of the calls this service receives */
  readonly endpoint?: string;
  /** Execution environments per function. @default env `LOCAL_CLOUD_LAMBDA_MAX_ENVIRONMENTS`, else 10 */
  readonly maxEnvironmentsPerFunction?: number;
  /** An idle execution environment is stopped after this long. @default 300000 */
  readonly idleTimeoutMs?: number;
  /** Longest wait before queued log events are written to CloudWatch Logs. @default 50 */
  readonly logFlushIntervalMs?: number;
  /**
   * How long a new function stays `Pending` and an update `InProgress` (`function-state.ts`).
   * @default env `LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS`, else 100
   */
  readonly stateDelayMs?: number;
}

/** Invoke for other services (API Gateway's Lambda proxy integration). */
export interface InternalInvokeInput {
  /** Name, partial ARN or ARN (its region and account are then used). */
  readonly functionName: string;
  /** The event: JSON text (or its bytes); empty means `{}`. */
  readonly payload?: string | Buffer;
  /**
   * The payload is the output of `JSON.stringify` (API Gateway's event): Lambda checks its size but need not
   * parse it to prove it is JSON. Callers passing text from outside must leave this unset.
   */
  readonly payloadIsJson?: boolean;
  /** @default RequestResponse */
  readonly invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  /** `Tail` returns the last 4 KB of the invocation's log. */
  readonly logType?: 'None' | 'Tail';
  readonly qualifier?: string;
  /** The caller's context; else `region`/`accountId`, else those of the function ARN. */
  readonly ctx?: CallContext;
  readonly region?: string;
  readonly accountId?: string;
}

export interface InternalInvokeOutput {
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

/** Lambda for other local-cloud services: the same code paths as the wire operations. */
export interface LambdaInternalApi {
  invoke(input: InternalInvokeInput): Promise<InternalInvokeOutput>;
  /** Would the function's resource policy let this principal invoke it (API Gateway: its execute-api source ARN)? */
  allowsInvoke(request: {
    functionName: string;
    principal: RequestPrincipal;
    sourceArn?: string;
    sourceAccount?: string;
    region?: string;
    accountId?: string;
  }): boolean;
  /** For the CloudFormation provider: the operations, by their model input and output. */
  createFunction(input: Record<string, unknown>, ctx: CallContext): Promise<Record<string, unknown>>;
  updateFunctionCode(input: Record<string, unknown>, ctx: CallContext): Promise<Record<string, unknown>>;
  updateFunctionConfiguration(input: Record<string, unknown>, ctx: CallContext): Promise<Record<string, unknown>>;
  getFunction(input: Record<string, unknown>, ctx: CallContext): Record<string, unknown>;
  deleteFunction(input: Record<string, unknown>, ctx: CallContext): void;
  addPermission(input: Record<string, unknown>, ctx: CallContext): { Statement: string };
  removePermission(input: Record<string, unknown>, ctx: CallContext): void;
  /** Waits for running Event invocations, then writes every queued log event. For tests. */
  flush(): Promise<void>;
  /** Log deliveries that failed (a missing custom group, a KMS key that refuses CloudWatch Logs). */
  readonly logDeliveryFailures: readonly LogDeliveryFailure[];
  /** Worker processes alive or starting. */
  readonly environmentCount: number;
}

export interface LambdaService extends AwsService {
  readonly internal: LambdaInternalApi;
  /** Stops every worker process and writes the queued logs. */
  close(): Promise<void>;
}

/** Lambda's limits on an Invoke request body. */
const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
const MAX_ASYNC_PAYLOAD = 1024 * 1024;
const MAX_ZIP_BYTES = 50 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 262_144_000;
/** The account's concurrency limit, and what must stay unreserved of it. */
const ACCOUNT_CONCURRENCY = 1000;
const MIN_UNRESERVED = 100;
const CODE_PATH = /^\/_local-cloud\/lambda\/code\/(\d{12})\/([a-z0-9-]+)\/([a-zA-Z0-9-_]+)\/([0-9a-f]{64})\.zip$/;

/**
 * AWS Lambda (restJson1, 2015-03-31) for Node.js functions: functions and their code in SQLite, resource
 * policies, and Invoke running the code in worker processes (`runtime/`) with Lambda's context,
 * environment, errors, timeouts and log output, written to the function's log group.
 *
 * @example
 * const lambda = createLambdaService({ store, services });
 * await lambda.operations.CreateFunction({ FunctionName: 'fn', Runtime: 'nodejs22.x', Handler: 'index.handler',
 *   Role: 'arn:aws:iam::000000000000:role/fn', Code: { ZipFile: zip } }, ctx);
 * const out = await lambda.internal.invoke({ functionName: 'fn', payload: '{}', ctx });
 */
export function createLambdaService(deps: LambdaServiceDeps): LambdaService {
  const functions = new FunctionStore(deps.store);
  const serverLog = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let seenEndpoint: string | undefined;

  const temporaryState = deps.stateDir === undefined && (deps.store.db.memory || deps.store.db.name === ':memory:');
  // created on first use (a server that never runs a function leaves nothing behind)
  const stateDir =
    deps.stateDir ??
    (temporaryState ? path.join(os.tmpdir(), `local-cloud-lambda-${process.pid}-${randomUUID().slice(0, 8)}`) : path.dirname(deps.store.db.name));

  if (temporaryState) removeAtExit(stateDir);

  const logsWriter = (): LambdaLogsWriter | undefined => {
    const logs = deps.services?.get<LogsService>('logs');
    if (!logs?.internal) return undefined;
    return {
      putLogEvents: (d, events) => {
        logs.internal.putLogEvents(d.logGroupName, d.logStreamName, events, d);
      },
      createLogGroup: (d) => {
        try {
          logs.internal.createLogGroup(d.logGroupName, {}, d);
        } catch (error) {
          // created meanwhile by someone else: fine
          if (!(error instanceof AwsError && error.code === 'ResourceAlreadyExistsException')) throw error;
        }
      },
    };
  };
  const shipper = new LogShipper(logsWriter, serverLog, deps.logFlushIntervalMs ?? 50, (fn) => deps.store.transaction(fn),
    (d, createsGroup) => executionRoleLogRefusal(deps.services, d, createsGroup));
  const runtime = new LambdaRuntime({
    codeRoot: path.join(stateDir, 'lambda'),
    logs: shipper,
    endpoint: () => deps.endpoint ?? seenEndpoint,
    credentials: credentialsFor,
    maxEnvironmentsPerFunction: deps.maxEnvironmentsPerFunction ?? (Number(process.env.LOCAL_CLOUD_LAMBDA_MAX_ENVIRONMENTS) || undefined),
    idleTimeoutMs: deps.idleTimeoutMs,
    nodePath: sdkNodePath(),
    current: (fn) => {
      const record = functions.get(fn.accountId, fn.region, fn.functionName);
      return record && servingVersion(record, Date.now());
    },
  });
  /**
   * Decisions of `allowsInvoke`, per function record and caller. A permission change stores a new record, so a
   * decision never outlives the policy it was made under.
   */
  const invokeDecisions = new WeakMap<FunctionRecord, Map<string, boolean>>();
  const asyncInvocations = new Set<Promise<unknown>>();
  const versions = new WeakMap<FunctionRecord, FunctionVersion>();
  const stateDelayMs = deps.stateDelayMs ?? stateDelayFromEnv();
  /**
   * While an update is InProgress, invocations run the version before it ("Lambda function states": "Invocations
   * continue to use the function's previous code and configuration until the update completes"). By function ARN;
   * in memory only (after a restart the short window is over anyway).
   */
  const previousVersions = new Map<string, FunctionVersion>();

  // ---------- functions ----------

  function whereOf(ctx: CallContext): Where {
    if (ctx.endpoint) seenEndpoint ??= ctx.endpoint;
    return { accountId: ctx.accountId, region: ctx.region };
  }

  /**
   * The function a FunctionName (+ Qualifier) names: only `$LATEST` exists here. `unqualifiedIsLatest`: the
   * operation acts on `$LATEST` when no qualifier is given, and its not-found ARN says so (Invoke and
   * PutFunctionConcurrency, recorded on AWS: LocalStack test_lambda_api.snapshot.json).
   */
  function resolve(name: unknown, where: Where, qualifier?: unknown, unqualifiedIsLatest = false): { record: FunctionRecord; ref: FunctionRef } {
    const r = new InputReader({ FunctionName: name, Qualifier: qualifier }, validation);
    const ref = parseFunctionName(r.string('FunctionName', { required: true }), where, r.string('Qualifier'));
    const record = functions.get(ref.accountId, ref.region, ref.name);
    if (!record || (ref.qualifier !== undefined && ref.qualifier !== '$LATEST')) {
      throw functionNotFound(functionArn(ref, ref.name, ref.qualifier ?? (unqualifiedIsLatest ? '$LATEST' : undefined)));
    }
    return { record, ref };
  }

  function checkRevision(record: FunctionRecord, input: Record<string, unknown>): void {
    const revision = input.RevisionId;
    if (revision !== undefined && revision !== null && revision !== record.revisionId) throw preconditionFailed();
  }

  /** Lambda must be able to assume the role: it exists and trusts `lambda.amazonaws.com`. */
  function checkRole(roleArn: string, where: Where): void {
    const iam = deps.services?.get<IamService>('iam');
    if (!iam?.getRole) return;
    const parsed = parseArn(roleArn);
    const name = parsed?.resource.slice(parsed.resource.lastIndexOf('/') + 1) ?? '';
    const role = parsed?.account === where.accountId ? iam.getRole(name) : undefined;
    let trusted = false;
    try {
      trusted =
        role !== undefined &&
        role.arn === roleArn &&
        evaluatePolicy(role.assumeRolePolicyDocument, { principal: { Service: 'lambda.amazonaws.com' }, action: 'sts:AssumeRole', resource: role.arn })
          .decision === 'Allow';
    } catch {
      // a trust policy the evaluator cannot read trusts no one
    }
    if (!trusted) throw invalidParameter('The role defined for the function cannot be assumed by Lambda.');
  }

  /**
   * The deployment package of a Code / UpdateFunctionCode request: the zip inline (base64 on the wire, or
   * bytes in-process), or an S3 object read through S3's own GetObject.
   */
  async function readCode(input: Record<string, unknown>, ctx: CallContext): Promise<{ zip: Buffer; source?: FunctionRecord['codeSource'] }> {
    const r = new InputReader(input, validation);
    const bucket = r.string('S3Bucket', { min: 3, max: 63 });
    const key = r.string('S3Key', { min: 1, max: 1024 });
    const objectVersion = r.string('S3ObjectVersion');
    const zipFile = input.ZipFile;
    if (input.ImageUri !== undefined) throw invalidParameter('Container image functions (ImageUri) are not supported by local-cloud.');
    let zip: Buffer;
    let source: FunctionRecord['codeSource'];
    if (zipFile !== undefined && zipFile !== null) {
      if (bucket !== undefined || key !== undefined) {
        throw invalidParameter('Please do not provide other FunctionCode parameters when providing a ZipFile.');
      }
      zip = Buffer.isBuffer(zipFile) ? zipFile : zipFile instanceof Uint8Array ? Buffer.from(zipFile) : Buffer.from(String(zipFile), 'base64');
    } else if (bucket !== undefined && key !== undefined) {
      const s3 = deps.services?.get('s3');
      if (!s3?.operations.GetObject) throw invalidParameter('Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist');
      try {
        const object = (await s3.operations.GetObject({ Bucket: bucket, Key: key, VersionId: objectVersion }, ctx)) as { Body?: Buffer };
        zip = Buffer.from(object.Body ?? Buffer.alloc(0));
      } catch (error) {
        if (error instanceof AwsError) {
          throw invalidParameter(`Error occurred while GetObject. S3 Error Code: ${error.code}. S3 Error Message: ${error.message}`);
        }
        throw error;
      }
      source = { S3Bucket: bucket, S3Key: key, ...(objectVersion ? { S3ObjectVersion: objectVersion } : {}) };
    } else {
      throw invalidParameter('Please provide a source for function code.');
    }
    if (zip.length > MAX_ZIP_BYTES) {
      throw lambdaError('RequestEntityTooLargeException', `Request must be smaller than ${MAX_ZIP_BYTES} bytes for the CreateFunction operation`, 413);
    }
    let unzipped: number;
    try {
      unzipped = (await summarizeZip(zip)).unzippedBytes;
    } catch {
      throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
    if (unzipped > MAX_UNZIPPED_BYTES) throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
    return { zip, source };
  }

  function readTags(value: unknown): Record<string, string> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw validation('Tags must be a map of strings');
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k.length < 1 || k.length > 128 || typeof v !== 'string' || v.length > 256) throw invalidParameter(`Invalid tag: ${k}`);
      tags[k] = v;
    }
    if (Object.keys(tags).length > 50) throw invalidParameter('Too many tags: a function may have at most 50.');
    return tags;
  }

  const sha256Base64 = (zip: Buffer): string => createHash('sha256').update(zip).digest('base64');

  async function createFunction(input: Record<string, unknown>, ctx: CallContext): Promise<Record<string, unknown>> {
    const where = whereOf(ctx);
    const r = new InputReader(input, validation);
    const nameInput = r.string('FunctionName', { required: true, min: 1, max: 140 });
    const ref = parseFunctionName(nameInput, where);
    if (ref.qualifier !== undefined) throw invalidParameter('A qualifier is not allowed in the name of a function being created.');
    if (ref.accountId !== where.accountId || ref.region !== where.region) throw invalidParameter(`Function ARN ${nameInput} is not in this account and region.`);
    const settings = readSettings(input);
    if (!settings.role) {
      throw validation("1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null");
    }
    if (!settings.runtime || !settings.handler) {
      throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
    }
    const code = r.structure('Code');
    if (!code) throw validation("1 validation error detected: Value null at 'code' failed to satisfy constraint: Member must not be null");
    const tags = readTags(input.Tags);
    if (functions.get(ref.accountId, ref.region, ref.name)) throw resourceConflict(`Function already exist: ${ref.name}`);
    const logging = resolveLogging(ref.name, settings.logging);
    checkRole(settings.role, where);
    const { zip, source } = await readCode(code, ctx);
    // another create of the same name may have finished while the code was read
    if (functions.get(ref.accountId, ref.region, ref.name)) throw resourceConflict(`Function already exist: ${ref.name}`);

    const record: FunctionRecord = {
      accountId: ref.accountId,
      region: ref.region,
      name: ref.name,
      arn: functionArn(ref, ref.name),
      runtime: settings.runtime,
      role: settings.role,
      handler: settings.handler,
      description: settings.description ?? '',
      timeout: settings.timeout ?? 3,
      memorySize: settings.memorySize ?? 128,
      environment: settings.environment ?? undefined,
      logging,
      architectures: settings.architectures ?? ['x86_64'],
      ephemeralStorage: settings.ephemeralStorage ?? 512,
      tracingMode: settings.tracingMode ?? 'PassThrough',
      kmsKeyArn: settings.kmsKeyArn,
      codeSha256: sha256Base64(zip),
      codeSize: zip.length,
      codeSource: source,
      tags,
      revisionId: randomUUID(),
      versionTag: randomUUID(),
      lastModified: lastModifiedNow(),
      pendingUntil: Date.now() + stateDelayMs,
    };
    functions.create(record, zip);
    return configurationOf(record, 'create');
  }

  /**
   * UpdateFunctionCode / UpdateFunctionConfiguration / TagResource fail while the function is Pending or an update
   * is InProgress ("Lambda function states").
   */
  function checkUpdatable(record: FunctionRecord, now = Date.now()): void {
    if (isPending(record, now)) throw updateWhilePending(record.arn, 'Pending', 'Creating');
    if (isUpdating(record, now)) throw updateInProgress(record.arn);
  }

  /**
   * Keeps the version being replaced (and its zip) for the invocations made while the update is InProgress; its
   * warm environments keep serving them, and the first invocation after the update replaces them. Without an
   * update window, they are retired at once.
   */
  function keepPreviousVersion(record: FunctionRecord, code?: Buffer): void {
    if (stateDelayMs <= 0) {
      runtime.retire(record.accountId, record.region, record.name);
      return;
    }
    const version = versionOf(record);
    const kept = code ? { ...version, loadCode: () => code } : version;
    previousVersions.set(record.arn, kept);
    // forgotten once the update is over, invoked or not
    setTimeout(() => {
      if (previousVersions.get(record.arn) === kept) previousVersions.delete(record.arn);
    }, stateDelayMs + 1_000).unref();
  }

  /** The version an invocation runs now: the previous one while an update is InProgress. */
  function invocableVersion(record: FunctionRecord): FunctionVersion {
    const now = Date.now();
    if (isPending(record, now)) throw invokeWhilePending('Pending');
    return servingVersion(record, now);
  }

  function servingVersion(record: FunctionRecord, now: number): FunctionVersion {
    const previous = previousVersions.get(record.arn);
    if (previous && isUpdating(record, now)) return previous;
    if (previous) previousVersions.delete(record.arn);
    return versionOf(record);
  }

  async function updateFunctionCode(input: Record<string, unknown>, ctx: CallContext): Promise<Record<string, unknown>> {
    const { record } = resolve(input.FunctionName, whereOf(ctx));
    checkUpdatable(record);
    checkRevision(record, input);
    const { zip, source } = await readCode(input, ctx);
    const architectures = new InputReader(input, validation).list('Architectures');
    if (input.DryRun === true) return configurationOf(record);
    const current = functions.get(record.accountId, record.region, record.name);
    if (!current) throw functionNotFound(record.arn);
    // another update may have started while the code was read
    checkUpdatable(current);
    keepPreviousVersion(current, stateDelayMs > 0 ? functions.code(current) : undefined);
    const updated: FunctionRecord = {
      ...current,
      codeSha256: sha256Base64(zip),
      codeSize: zip.length,
      codeSource: source,
      architectures: architectures.length === 1 ? [String(architectures[0])] : current.architectures,
      revisionId: randomUUID(),
      versionTag: randomUUID(),
      lastModified: lastModifiedNow(),
      updatingUntil: Date.now() + stateDelayMs,
    };
    functions.put(updated, zip);
    return configurationOf(updated, 'update');
  }

  function updateFunctionConfiguration(input: Record<string, unknown>, ctx: CallContext): Record<string, unknown> {
    const where = whereOf(ctx);
    const { record } = resolve(input.FunctionName, where);
    checkUpdatable(record);
    checkRevision(record, input);
    const settings: FunctionSettings = readSettings(input);
    if (settings.role !== undefined && settings.role !== record.role) checkRole(settings.role, where);
    const updated: FunctionRecord = {
      ...record,
      runtime: settings.runtime ?? record.runtime,
      role: settings.role ?? record.role,
      handler: settings.handler ?? record.handler,
      description: settings.description ?? record.description,
      timeout: settings.timeout ?? record.timeout,
      memorySize: settings.memorySize ?? record.memorySize,
      environment: settings.environment === undefined ? record.environment : (settings.environment ?? undefined),
      logging: settings.logging === undefined ? record.logging : resolveLogging(record.name, settings.logging),
      architectures: settings.architectures ?? record.architectures,
      ephemeralStorage: settings.ephemeralStorage ?? record.ephemeralStorage,
      tracingMode: settings.tracingMode ?? record.tracingMode,
      kmsKeyArn: settings.kmsKeyArn === undefined ? record.kmsKeyArn : settings.kmsKeyArn || undefined,
      revisionId: randomUUID(),
      versionTag: randomUUID(),
      lastModified: lastModifiedNow(),
      updatingUntil: Date.now() + stateDelayMs,
    };
    keepPreviousVersion(record);
    functions.put(updated);
    return configurationOf(updated, 'update');
  }

  function codeLocation(record: FunctionRecord, ctx: CallContext): string {
    const hex = Buffer.from(record.codeSha256, 'base64').toString('hex');
    const endpoint = ctx.endpoint || deps.endpoint || seenEndpoint || 'http://127.0.0.1:4566';
    return `${endpoint}/_local-cloud/lambda/code/${record.accountId}/${record.region}/${record.name}/${hex}.zip`;
  }

  function getFunction(input: Record<string, unknown>, ctx: CallContext): Record<string, unknown> {
    const { record } = resolve(input.FunctionName, whereOf(ctx), input.Qualifier);
    const out: Record<string, unknown> = {
      Configuration: configurationOf(record),
      Code: { RepositoryType: 'S3', Location: codeLocation(record, ctx) },
    };
    if (Object.keys(record.tags).length > 0) out.Tags = { ...record.tags };
    if (record.reservedConcurrency !== undefined) out.Concurrency = { ReservedConcurrentExecutions: record.reservedConcurrency };
    return out;
  }

  function deleteFunction(input: Record<string, unknown>, ctx: CallContext): void {
    const where = whereOf(ctx);
    if (input.Qualifier === '$LATEST') throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
    const { record } = resolve(input.FunctionName, where, input.Qualifier);
    functions.delete(record);
    previousVersions.delete(record.arn);
    runtime.retire(record.accountId, record.region, record.name, { removeCode: true });
  }

  function addPermission(input: Record<string, unknown>, ctx: CallContext): { Statement: string } {
    const { record } = resolve(input.FunctionName, whereOf(ctx), input.Qualifier);
    const r = new InputReader(input, validation);
    const statementId = r.string('StatementId', { required: true, min: 1, max: 100, pattern: /^([a-zA-Z0-9-_.]+)$/ });
    const action = r.string('Action', { required: true, pattern: /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/ });
    const principal = r.string('Principal', { required: true, pattern: /^[^\s]+$/ });
    const sourceArn = r.string('SourceArn', { pattern: /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/ });
    const sourceAccount = r.string('SourceAccount', { max: 12, pattern: /^\d{12}$/ });
    const principalOrgId = r.string('PrincipalOrgID', { min: 12, max: 34, pattern: /^o-[a-z0-9]{10,32}$/ });
    const eventSourceToken = r.string('EventSourceToken', { max: 256 });
    const functionUrlAuthType = r.string('FunctionUrlAuthType');
    checkRevision(record, input);
    const statement = permissionStatement(
      { statementId, action, principal, sourceArn, sourceAccount, principalOrgId, eventSourceToken, functionUrlAuthType },
      record.arn,
    );
    const policy = addStatement(record.policy, statement);
    functions.put({ ...record, policy, revisionId: randomUUID() });
    return { Statement: JSON.stringify(statement) };
  }

  function removePermission(input: Record<string, unknown>, ctx: CallContext): void {
    const { record } = resolve(input.FunctionName, whereOf(ctx), input.Qualifier);
    const statementId = new InputReader(input, validation).string('StatementId', { required: true, min: 1, max: 100 });
    checkRevision(record, input);
    const policy = removeStatement(record.policy, statementId);
    functions.put({ ...record, policy, revisionId: randomUUID() });
  }

  // ---------- invocations ----------

  function versionOf(record: FunctionRecord): FunctionVersion {
    let version = versions.get(record);
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
        codeSha256Hex: Buffer.from(record.codeSha256, 'base64').toString('hex'),
        loadCode: () => functions.code(record),
        reservedConcurrency: record.reservedConcurrency,
      };
      versions.set(record, version);
    }
    return version;
  }

  /**
   * The credentials an execution environment gets: a session of the function's execution role, assumed by
   * `lambda.amazonaws.com` under the role's trust policy, named after the function (as Lambda does). Never the
   * account's root keys: a role Lambda can no longer assume (deleted, trust policy changed) fails the invocation.
   */
  function credentialsFor(fn: FunctionVersion): RoleCredentials {
    const sts = deps.services?.get<StsService>('sts');
    try {
      if (!sts?.assumeRoleAsService) throw new Error('STS is not running');
      const session = sts.assumeRoleAsService({
        accountId: fn.accountId,
        roleArn: fn.role,
        sessionName: fn.functionName.padEnd(2, '_'),
        service: 'lambda.amazonaws.com',
        durationSeconds: 3600,
      });
      return { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, expiration: session.expiration };
    } catch (error) {
      serverLog(`lambda: ${fn.functionName} not run: lambda.amazonaws.com cannot assume its role ${fn.role}: ${(error as Error).message}`);
      throw invalidParameter('The role defined for the function cannot be assumed by Lambda.');
    }
  }

  function parsePayload(payload: string | Buffer | undefined, limit: number, operation: string, isJson = false): string {
    const text = payload === undefined ? '' : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload;
    const size = Buffer.isBuffer(payload) ? payload.length : Buffer.byteLength(text);
    if (size > limit) throw requestTooLarge(`Request must be smaller than ${limit} bytes for the ${operation} operation`);
    if (isJson && text !== '') return text;
    if (text.trim() === '') return '{}';
    try {
      JSON.parse(text);
    } catch (error) {
      throw invalidRequestContent(`Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`);
    }
    return text;
  }

  function decodeClientContext(value: string | undefined): unknown {
    if (value === undefined || value === '') return undefined;
    try {
      return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown;
    } catch {
      throw invalidRequestContent('Client context must be a valid Base64-encoded JSON object.');
    }
  }

  async function invoke(
    request: {
      functionName: unknown;
      qualifier?: unknown;
      invocationType?: unknown;
      logType?: unknown;
      clientContext?: unknown;
      payload?: string | Buffer;
      payloadIsJson?: boolean;
    },
    where: Where,
  ): Promise<InternalInvokeOutput> {
    const invocationType = request.invocationType ?? 'RequestResponse';
    if (invocationType !== 'RequestResponse' && invocationType !== 'Event' && invocationType !== 'DryRun') {
      throw validation(
        `1 validation error detected: Value '${String(invocationType)}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
      );
    }
    const logType = request.logType ?? 'None';
    if (logType !== 'None' && logType !== 'Tail') {
      throw validation(`1 validation error detected: Value '${String(logType)}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`);
    }
    const { record, ref } = resolve(request.functionName, where, request.qualifier, true);
    const invokedArn = functionArn(record, record.name, ref.qualifier);
    if (invocationType === 'DryRun') return { statusCode: 204, payload: Buffer.alloc(0), executedVersion: '$LATEST', requestId: randomUUID() };

    const isEvent = invocationType === 'Event';
    const payload = parsePayload(request.payload, isEvent ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD, 'Invoke', request.payloadIsJson === true);
    const clientContext = decodeClientContext(typeof request.clientContext === 'string' ? request.clientContext : undefined);
    const fn = invocableVersion(record);
    if (isEvent) {
      const requestId = randomUUID();
      const run = runtime
        .invoke({ fn, payload, invokedArn, tail: false, clientContext, requestId })
        .catch((error: unknown) => serverLog(`lambda: Event invocation ${requestId} of ${record.arn} failed: ${(error as Error).message}`));
      asyncInvocations.add(run);
      void run.finally(() => asyncInvocations.delete(run));
      return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: '$LATEST', requestId };
    }
    let out;
    try {
      out = await runtime.invoke({ fn, payload, invokedArn, tail: logType === 'Tail', clientContext });
    } catch (error) {
      if (error instanceof AwsError) throw error;
      serverLog(`lambda: invocation of ${record.arn} failed: ${(error as Error).stack ?? String(error)}`);
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

  // ---------- operations ----------

  function functionForTags(resource: unknown, ctx: CallContext): FunctionRecord {
    const arn = new InputReader({ Resource: resource }, validation).string('Resource', { required: true });
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== 'lambda' || !parsed.resource.startsWith('function:')) throw invalidParameter(`${arn} is not a valid function ARN.`);
    return resolve(arn, whereOf(ctx)).record;
  }

  const operations: Record<string, Operation> = {
    CreateFunction: (input: Record<string, unknown>, ctx) => createFunction(input, ctx),
    GetFunction: (input: Record<string, unknown>, ctx) => getFunction(input, ctx),
    GetFunctionConfiguration: (input: Record<string, unknown>, ctx) => configurationOf(resolve(input.FunctionName, whereOf(ctx), input.Qualifier).record),
    UpdateFunctionCode: (input: Record<string, unknown>, ctx) => updateFunctionCode(input, ctx),
    UpdateFunctionConfiguration: (input: Record<string, unknown>, ctx) => updateFunctionConfiguration(input, ctx),
    DeleteFunction: (input: Record<string, unknown>, ctx) => {
      deleteFunction(input, ctx);
      return {};
    },
    ListFunctions: (input: Record<string, unknown>, ctx) => {
      const where = whereOf(ctx);
      const r = new InputReader(input, validation);
      const maxItems = r.integer('MaxItems', { min: 1, max: 10000 }) ?? 50;
      const marker = r.string('Marker');
      let after = '';
      if (marker !== undefined) {
        after = Buffer.from(marker, 'base64url').toString('utf8');
        if (!/^[a-zA-Z0-9-_]+$/.test(after)) throw invalidParameter('Invalid pagination marker.');
      }
      const page = functions.list(where.accountId, where.region, after, maxItems + 1);
      const more = page.length > maxItems;
      const shown = page.slice(0, maxItems);
      const out: Record<string, unknown> = { Functions: shown.map((record) => configurationOf(record)) };
      if (more) out.NextMarker = Buffer.from(shown[shown.length - 1].name, 'utf8').toString('base64url');
      return out;
    },
    AddPermission: (input: Record<string, unknown>, ctx) => addPermission(input, ctx),
    RemovePermission: (input: Record<string, unknown>, ctx) => {
      removePermission(input, ctx);
      return {};
    },
    GetPolicy: (input: Record<string, unknown>, ctx) => {
      const { record } = resolve(input.FunctionName, whereOf(ctx), input.Qualifier);
      if (!record.policy) throw resourceNotFound('The resource you requested does not exist.');
      return { Policy: record.policy, RevisionId: record.revisionId };
    },
    Invoke: async (input: Record<string, unknown>, ctx) => {
      const out = await invoke(
        {
          functionName: input.FunctionName,
          qualifier: input.Qualifier,
          invocationType: input.InvocationType,
          logType: input.LogType,
          clientContext: input.ClientContext,
          payload: input.Payload as Buffer | undefined,
        },
        whereOf(ctx),
      );
      return {
        StatusCode: out.statusCode,
        FunctionError: out.functionError,
        LogResult: out.logResult,
        ExecutedVersion: out.statusCode === 200 ? out.executedVersion : undefined,
        Payload: out.statusCode === 204 ? undefined : out.payload,
      };
    },
    PutFunctionConcurrency: (input: Record<string, unknown>, ctx) => {
      const { record } = resolve(input.FunctionName, whereOf(ctx), undefined, true);
      const reserved = new InputReader(input, validation).integer('ReservedConcurrentExecutions', { min: 0 });
      if (reserved === undefined) {
        throw validation("1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null");
      }
      // Lambda keeps 100 of the account's 1000 concurrent executions unreserved
      if (functions.reservedConcurrencyOf(record.accountId, record.region, record.name) + reserved > ACCOUNT_CONCURRENCY - MIN_UNRESERVED) {
        throw invalidParameter(
          `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`,
        );
      }
      functions.put({ ...record, reservedConcurrency: reserved, revisionId: randomUUID(), versionTag: randomUUID() });
      runtime.retire(record.accountId, record.region, record.name);
      return { ReservedConcurrentExecutions: reserved };
    },
    DeleteFunctionConcurrency: (input: Record<string, unknown>, ctx) => {
      const { record } = resolve(input.FunctionName, whereOf(ctx));
      functions.put({ ...record, reservedConcurrency: undefined, revisionId: randomUUID(), versionTag: randomUUID() });
      runtime.retire(record.accountId, record.region, record.name);
      return {};
    },
    GetFunctionConcurrency: (input: Record<string, unknown>, ctx) => {
      const { record } = resolve(input.FunctionName, whereOf(ctx));
      return record.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: record.reservedConcurrency };
    },
    TagResource: (input: Record<string, unknown>, ctx) => {
      const record = functionForTags(input.Resource, ctx);
      if (isUpdating(record, Date.now())) throw updateInProgress(record.arn);
      const tags = { ...record.tags, ...readTags(input.Tags) };
      if (Object.keys(tags).length > 50) throw invalidParameter('Too many tags: a function may have at most 50.');
      functions.put({ ...record, tags, revisionId: randomUUID() });
      return {};
    },
    UntagResource: (input: Record<string, unknown>, ctx) => {
      const record = functionForTags(input.Resource, ctx);
      const keys = new InputReader(input, validation).list('TagKeys').map(String);
      const tags = Object.fromEntries(Object.entries(record.tags).filter(([k]) => !keys.includes(k)));
      functions.put({ ...record, tags, revisionId: randomUUID() });
      return {};
    },
    ListTags: (input: Record<string, unknown>, ctx) => ({ Tags: { ...functionForTags(input.Resource, ctx).tags } }),
  };

  /** `Code.Location` of GetFunction: the package, downloadable like a presigned URL (the SHA-256 is the token). */
  const dataPlane: DataPlane = {
    matches: (req: HttpRequest) => req.method === 'GET' && CODE_PATH.test(req.rawPath),
    handle: (req: HttpRequest): HttpResponse => {
      const [, accountId, region, name, hex] = CODE_PATH.exec(req.rawPath)!;
      const record = functions.get(accountId, region, name);
      if (!record || Buffer.from(record.codeSha256, 'base64').toString('hex') !== hex) {
        return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
      }
      return { status: 200, headers: { 'content-type': 'application/zip' }, body: functions.code(record) };
    },
  };

  function whereForInternal(input: { functionName: string; ctx?: CallContext; region?: string; accountId?: string }): Where {
    if (input.ctx) return whereOf(input.ctx);
    const arn = parseArn(input.functionName);
    return {
      region: input.region ?? arn?.region ?? 'ap-southeast-1',
      accountId: input.accountId ?? arn?.account ?? '000000000000',
    };
  }

  const internal: LambdaInternalApi = {
    invoke: (input) =>
      invoke(
        {
          functionName: input.functionName,
          qualifier: input.qualifier,
          invocationType: input.invocationType,
          logType: input.logType,
          payload: input.payload,
          payloadIsJson: input.payloadIsJson,
        },
        whereForInternal(input),
      ),
    allowsInvoke: (request) => {
      const { record } = resolve(request.functionName, whereForInternal(request));
      // API Gateway asks on every request; the answer only changes with the record (its policy) and the caller
      let decisions = invokeDecisions.get(record);
      if (!decisions) invokeDecisions.set(record, (decisions = new Map()));
      const key = JSON.stringify([request.principal, request.sourceArn, request.sourceAccount]);
      let allowed = decisions.get(key);
      if (allowed === undefined) {
        allowed = allowsInvoke(record.policy, {
          functionArn: record.arn,
          principal: request.principal,
          sourceArn: request.sourceArn,
          sourceAccount: request.sourceAccount,
        });
        if (decisions.size >= INVOKE_DECISIONS_LIMIT) decisions.delete(decisions.keys().next().value as string);
        decisions.set(key, allowed);
      }
      return allowed;
    },
    createFunction,
    updateFunctionCode,
    updateFunctionConfiguration: async (input, ctx) => updateFunctionConfiguration(input, ctx),
    getFunction,
    deleteFunction,
    addPermission,
    removePermission,
    async flush() {
      while (asyncInvocations.size > 0) await Promise.all([...asyncInvocations]);
      await shipper.flush();
    },
    get logDeliveryFailures() {
      return shipper.failures;
    },
    get environmentCount() {
      return runtime.environmentCount;
    },
  };

  return {
    signingName: 'lambda',
    protocol: 'restJson1',
    operations,
    routes: LAMBDA_ROUTES,
    dataPlane,
    internal,
    async close() {
      await runtime.close();
      await Promise.all([...asyncInvocations]);
      await shipper.close();
      if (temporaryState) {
        fs.rmSync(stateDir, { recursive: true, force: true });
        temporaryDirs.delete(stateDir);
      }
    },
  };
}

const INVOKE_DECISIONS_LIMIT = 4_096;

/** Temporary state directories (in-memory stores) still in use, removed at exit if `close()` never ran. */
const temporaryDirs = new Set<string>();
let exitHookInstalled = false;

const TEMPORARY_DIR = /^local-cloud-lambda-(\d+)-[0-9a-f]{8}$/;

function removeAtExit(dir: string): void {
  temporaryDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const d of temporaryDirs) fs.rmSync(d, { recursive: true, force: true });
  });
  // a process that was killed (or whose exit hook never ran) left its directory: remove those of dead processes
  removeFoldersOfDeadProcesses(os.tmpdir(), TEMPORARY_DIR);
}

/**
 * `NODE_PATH` for functions: the node_modules that holds the AWS SDK v3 local-cloud itself uses, as the
 * real Node.js runtimes ship the SDK (bundles built for Lambda leave `@aws-sdk/*` out).
 */
function sdkNodePath(): string | undefined {
  try {
    const entry = require.resolve('@aws-sdk/client-lambda');
    const marker = `${path.sep}node_modules${path.sep}`;
    const at = entry.lastIndexOf(marker);
    return at < 0 ? undefined : entry.slice(0, at + marker.length - 1);
  } catch {
    return undefined;
  }
}
