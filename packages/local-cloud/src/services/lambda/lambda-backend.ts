import { randomUUID } from 'node:crypto';
import type {
  AddPermissionRequest,
  CreateFunctionRequest,
  DeleteFunctionRequest,
  FunctionConfiguration,
  GetFunctionRequest,
  GetFunctionResponse,
  GetPolicyResponse,
  ListFunctionsRequest,
  ListFunctionsResponse,
  RemovePermissionRequest,
  UpdateFunctionCodeRequest,
  UpdateFunctionConfigurationRequest,
} from '@aws-sdk/client-lambda';
import type { AwsError } from '../../core/aws-error';
import { parseArn } from '../../core/arn';
import { lambdaFunctionArn, parseFunctionReference, parseLambdaFunctionArn, type FunctionReference } from '../../core/arns/lambda';
import { InputReader } from '../../core/input';
import { decodeNameToken, encodeNameToken } from '../../core/pagination';
import { scopeOfCall, type Scope } from '../../core/scope';
import type { CallContext } from '../../core/service';
import type { S3Service } from '../s3';
import {
  functionNotFound,
  invalidParameter,
  preconditionFailed,
  resourceConflict,
  resourceNotFound,
  updateInProgress,
  updateWhilePending,
  validation,
} from './errors';
import type { InvokeInput, InvokePermissionQuery, LambdaBackendDeps } from './backend-api';
import { FunctionSettings, lastModifiedNow, readSettings, resolveLogging } from './function-config';
import { readDeploymentPackage, readTags, sha256Base64, sha256Hex, tooManyTags, MAX_TAGS, type CodeObjectReader, type DeploymentPackage } from './function-code';
import { parseFunctionName } from './function-name';
import { isPending, isUpdating, stateDelayFromEnv } from './function-state';
import { FunctionRecord, FunctionStore } from './function-store';
import { checkRoleTrustsLambda } from './execution-role';
import { readInvocationType, readLogType } from './invocation-input';
import { Invocations } from './invocations';
import { addStatement, allowsInvoke, permissionStatement, removeStatement } from './resource-policy';
import type { LogDeliveryFailure } from './runtime/log-shipper';
import { configurationOf, functionOutput, type InvocationResult } from './shapes';
import { lambdaStateDir, type LambdaStateDir } from './state-dir';

/** A request's members as the input readers take them (the SDK's request types have no index signature). */
const members = (input: object): Record<string, unknown> => input as Record<string, unknown>;

/** What a record says of the deployment package it runs. */
const codeOf = ({ zip, source }: DeploymentPackage): Pick<FunctionRecord, 'codeSha256' | 'codeSize' | 'codeSource'> =>
  ({ codeSha256: sha256Base64(zip), codeSize: zip.length, codeSource: source });

/** What every create and update of a function's code or configuration renews. */
const newRevision = (): Pick<FunctionRecord, 'revisionId' | 'versionTag' | 'lastModified'> =>
  ({ revisionId: randomUUID(), versionTag: randomUUID(), lastModified: lastModifiedNow() });

/** The account's concurrency limit, and what must stay unreserved of it. */
const ACCOUNT_CONCURRENCY = 1000;
const MIN_UNRESERVED = 100;
/** Decisions of `allowsInvoke` kept per function record. */
const INVOKE_DECISIONS_LIMIT = 4_096;

/**
 * Lambda's domain: functions and their code in SQLite (`FunctionStore`), resource policies, reserved concurrency,
 * tags, and invocations run by `runtime/`. What the operations, API Gateway's proxy integration and tests call;
 * every refusal is an `AwsError` as Lambda words it. Input arrives as the AWS SDK v3 request types; members are
 * still checked here where the model's constraints are not yet checked by the pipeline.
 */
export class LambdaBackend {
  private readonly functions: FunctionStore;
  private readonly invocations: Invocations;
  private readonly stateDir: LambdaStateDir;
  private readonly stateDelayMs: number;
  /**
   * Decisions of `allowsInvoke`, per function record and caller. A permission change stores a new record, so a
   * decision never outlives the policy it was made under.
   */
  private readonly invokeDecisions = new WeakMap<FunctionRecord, Map<string, boolean>>();
  /** The endpoint of the first call received: functions' `AWS_ENDPOINT_URL` unless configured. */
  private seenEndpoint: string | undefined;

  constructor(private readonly deps: LambdaBackendDeps) {
    this.functions = new FunctionStore(deps.store);
    this.stateDir = lambdaStateDir(deps.store, deps.stateDir);
    this.stateDelayMs = deps.stateDelayMs ?? stateDelayFromEnv();
    this.invocations = new Invocations({
      store: deps.store,
      functions: this.functions,
      services: deps.services,
      stateDir: this.stateDir.path,
      serverLog: deps.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
      endpoint: () => deps.endpoint ?? this.seenEndpoint,
      maxEnvironmentsPerFunction: deps.maxEnvironmentsPerFunction ?? (Number(process.env.LOCAL_CLOUD_LAMBDA_MAX_ENVIRONMENTS) || undefined),
      idleTimeoutMs: deps.idleTimeoutMs,
      logFlushIntervalMs: deps.logFlushIntervalMs ?? 50,
      stateDelayMs: this.stateDelayMs,
    });
  }

  /** The scope of a call (and the endpoint functions reach local-cloud at, from the first call). */
  public scopeOf(ctx: CallContext): Scope {
    if (ctx.endpoint) this.seenEndpoint ??= ctx.endpoint;
    return scopeOfCall(ctx);
  }

  // ---------- functions ----------

  public async createFunction(input: CreateFunctionRequest, ctx: CallContext): Promise<FunctionConfiguration> {
    const scope = this.scopeOf(ctx);
    const r = new InputReader(members(input), validation);
    const nameInput = r.string('FunctionName', { required: true });
    // CreateFunction words a name over 64 characters as a validation error but answers it as
    // InvalidParameterValueException (recorded on AWS: LocalStack test_lambda_api.snapshot.json, long_function_name_exc)
    const named = parseFunctionReference(nameInput, scope)?.name;
    if (named !== undefined && named.length > 64) {
      throw invalidParameter(`1 validation error detected: Value '${nameInput}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`);
    }
    const ref = parseFunctionName(nameInput, scope);
    if (ref.qualifier !== undefined) throw invalidParameter('A qualifier is not allowed in the name of a function being created.');
    if (ref.accountId !== scope.accountId || ref.region !== scope.region) throw invalidParameter(`Function ARN ${nameInput} is not in this account and region.`);
    const settings = readSettings(members(input));
    if (!settings.role) {
      throw validation("1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null");
    }
    if (!settings.runtime || !settings.handler) {
      throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
    }
    const code = r.structure('Code');
    if (!code) throw validation("1 validation error detected: Value null at 'code' failed to satisfy constraint: Member must not be null");
    const tags = readTags(input.Tags);
    if (this.functions.get(ref.accountId, ref.region, ref.name)) throw resourceConflict(`Function already exist: ${ref.name}`);
    const logging = resolveLogging(ref.name, settings.logging);
    checkRoleTrustsLambda(this.deps.services, settings.role, scope);
    const pkg = await this.readCode(code);
    // another create of the same name may have finished while the code was read
    if (this.functions.get(ref.accountId, ref.region, ref.name)) throw resourceConflict(`Function already exist: ${ref.name}`);

    const record: FunctionRecord = {
      accountId: ref.accountId,
      region: ref.region,
      name: ref.name,
      arn: lambdaFunctionArn(ref, ref.name),
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
      ...codeOf(pkg),
      tags,
      ...newRevision(),
      pendingUntil: Date.now() + this.stateDelayMs,
    };
    this.functions.create(record, pkg.zip);
    return configurationOf(record, 'create');
  }

  public getFunction(input: GetFunctionRequest, ctx: CallContext): GetFunctionResponse {
    const { record } = this.resolve(input.FunctionName, this.scopeOf(ctx), input.Qualifier);
    return functionOutput(record, this.codeLocation(record, ctx));
  }

  public getFunctionConfiguration(input: GetFunctionRequest, ctx: CallContext): FunctionConfiguration {
    return configurationOf(this.resolve(input.FunctionName, this.scopeOf(ctx), input.Qualifier).record);
  }

  public listFunctions(input: ListFunctionsRequest, ctx: CallContext): ListFunctionsResponse {
    const scope = this.scopeOf(ctx);
    const r = new InputReader(members(input), validation);
    const maxItems = r.integer('MaxItems') ?? 50;
    const marker = r.string('Marker');
    const after = marker === undefined ? '' : decodeNameToken(marker, /^[a-zA-Z0-9-_]+$/, () => invalidParameter('Invalid pagination marker.'));
    const page = this.functions.list(scope.accountId, scope.region, after, maxItems + 1);
    const shown = page.slice(0, maxItems);
    const out: ListFunctionsResponse = { Functions: shown.map((record) => configurationOf(record)) };
    if (page.length > maxItems) out.NextMarker = encodeNameToken(shown[shown.length - 1].name);
    return out;
  }

  public async updateFunctionCode(input: UpdateFunctionCodeRequest, ctx: CallContext): Promise<FunctionConfiguration> {
    const { record } = this.resolve(input.FunctionName, this.scopeOf(ctx));
    this.checkUpdatable(record);
    this.checkRevision(record, input.RevisionId);
    const pkg = await this.readCode(input);
    const architectures = new InputReader(members(input), validation).list('Architectures');
    if (input.DryRun === true) return configurationOf(record);
    const current = this.functions.get(record.accountId, record.region, record.name);
    if (!current) throw functionNotFound(record.arn);
    // another update may have started while the code was read
    this.checkUpdatable(current);
    this.invocations.updating(current, true);
    const updated: FunctionRecord = {
      ...current,
      ...codeOf(pkg),
      architectures: architectures.length === 1 ? [String(architectures[0])] : current.architectures,
      ...newRevision(),
      updatingUntil: Date.now() + this.stateDelayMs,
    };
    this.functions.put(updated, pkg.zip);
    return configurationOf(updated, 'update');
  }

  public updateFunctionConfiguration(input: UpdateFunctionConfigurationRequest, ctx: CallContext): FunctionConfiguration {
    const scope = this.scopeOf(ctx);
    const { record } = this.resolve(input.FunctionName, scope);
    this.checkUpdatable(record);
    this.checkRevision(record, input.RevisionId);
    const settings: FunctionSettings = readSettings(members(input));
    if (settings.role !== undefined && settings.role !== record.role) checkRoleTrustsLambda(this.deps.services, settings.role, scope);
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
      ...newRevision(),
      updatingUntil: Date.now() + this.stateDelayMs,
    };
    this.invocations.updating(record, false);
    this.functions.put(updated);
    return configurationOf(updated, 'update');
  }

  public deleteFunction(input: DeleteFunctionRequest, ctx: CallContext): void {
    const scope = this.scopeOf(ctx);
    // a Qualifier that disagrees with the name's is refused first (recorded on AWS: test_ops_with_arn_qualifier_mismatch[delete_function])
    parseFunctionName(new InputReader(members(input), validation).string('FunctionName', { required: true }), scope, input.Qualifier);
    if (input.Qualifier === '$LATEST') throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
    const { record } = this.resolve(input.FunctionName, scope, input.Qualifier);
    this.functions.delete(record);
    this.invocations.retire(record, { removeCode: true });
  }

  // ---------- resource policy ----------

  public addPermission(input: AddPermissionRequest, ctx: CallContext): { Statement: string } {
    // AWS's words (recorded on AWS: LocalStack test_lambda_api.snapshot.json test_permission_exceptions)
    if (input.Qualifier === '$LATEST') throw invalidParameter('We currently do not support adding policies for $LATEST.');
    const { record } = this.resolve(input.FunctionName, this.scopeOf(ctx), input.Qualifier);
    const r = new InputReader(members(input), validation);
    // the model checks these members' lengths and patterns first
    const statementId = r.string('StatementId', { required: true });
    const action = r.string('Action', { required: true });
    const principal = r.string('Principal', { required: true });
    // '*', an account, an ARN or a service principal; anything else is no principal (recorded on AWS, as above)
    if (!/^(\*|\d{12}|arn:.+|.+\.amazonaws\.com(\.cn)?|.+\.amazon\.com)$/.test(principal)) {
      throw invalidParameter('The provided principal was invalid. Please check the principal and try again.');
    }
    const sourceArn = r.string('SourceArn');
    const sourceAccount = r.string('SourceAccount');
    const principalOrgId = r.string('PrincipalOrgID');
    const eventSourceToken = r.string('EventSourceToken');
    const functionUrlAuthType = r.string('FunctionUrlAuthType');
    this.checkRevision(record, input.RevisionId);
    const statement = permissionStatement(
      { statementId, action, principal, sourceArn, sourceAccount, principalOrgId, eventSourceToken, functionUrlAuthType },
      record.arn,
    );
    const policy = addStatement(record.policy, statement);
    this.functions.put({ ...record, policy, revisionId: randomUUID() });
    return { Statement: JSON.stringify(statement) };
  }

  public removePermission(input: RemovePermissionRequest, ctx: CallContext): void {
    const { record } = this.resolveForPolicy(input.FunctionName, input.Qualifier, this.scopeOf(ctx), (arn) => resourceNotFound(`No policy found for: ${arn}`));
    const statementId = new InputReader(members(input), validation).string('StatementId', { required: true });
    this.checkRevision(record, input.RevisionId);
    const policy = removeStatement(record.policy, statementId);
    this.functions.put({ ...record, policy, revisionId: randomUUID() });
  }

  public getPolicy(functionName: string, qualifier: string | undefined, ctx: CallContext): GetPolicyResponse {
    const scope = this.scopeOf(ctx);
    const noPolicy = () => resourceNotFound('The resource you requested does not exist.');
    // a version that does not exist has no policy either (recorded on AWS: test_permission_exceptions/get_policy_fn_version_doesnotexist)
    const { qualifier: version, region } = parseFunctionName(functionName, scope, qualifier);
    if (region === scope.region && version !== undefined && version !== '$LATEST') throw noPolicy();
    const { record } = this.resolveForPolicy(functionName, qualifier, scope, noPolicy);
    if (!record.policy) throw noPolicy();
    return { Policy: record.policy, RevisionId: record.revisionId };
  }

  /** Would the function's resource policy let this principal invoke it? @throws ResourceNotFoundException */
  public allowsInvoke(query: InvokePermissionQuery, scope: Scope): boolean {
    const { record } = this.resolve(query.functionName, scope);
    // API Gateway asks on every request; the answer only changes with the record (its policy) and the caller
    let decisions = this.invokeDecisions.get(record);
    if (!decisions) this.invokeDecisions.set(record, (decisions = new Map()));
    const key = JSON.stringify([query.principal, query.sourceArn, query.sourceAccount]);
    let allowed = decisions.get(key);
    if (allowed === undefined) {
      allowed = allowsInvoke(record.policy, { functionArn: record.arn, principal: query.principal, sourceArn: query.sourceArn, sourceAccount: query.sourceAccount });
      if (decisions.size >= INVOKE_DECISIONS_LIMIT) decisions.delete(decisions.keys().next().value as string);
      decisions.set(key, allowed);
    }
    return allowed;
  }

  // ---------- concurrency and tags ----------

  public putFunctionConcurrency(functionName: string, reservedConcurrentExecutions: unknown, ctx: CallContext): { ReservedConcurrentExecutions: number } {
    const { record } = this.resolve(functionName, this.scopeOf(ctx), undefined, true);
    const reserved = new InputReader({ ReservedConcurrentExecutions: reservedConcurrentExecutions }, validation).integer('ReservedConcurrentExecutions');
    if (reserved === undefined) {
      throw validation("1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null");
    }
    // Lambda keeps 100 of the account's 1000 concurrent executions unreserved
    if (this.functions.reservedConcurrencyOf(record.accountId, record.region, record.name) + reserved > ACCOUNT_CONCURRENCY - MIN_UNRESERVED) {
      throw invalidParameter(
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`,
      );
    }
    this.functions.put({ ...record, reservedConcurrency: reserved, revisionId: randomUUID(), versionTag: randomUUID() });
    this.invocations.retire(record);
    return { ReservedConcurrentExecutions: reserved };
  }

  public deleteFunctionConcurrency(functionName: string, ctx: CallContext): void {
    const { record } = this.resolve(functionName, this.scopeOf(ctx));
    this.functions.put({ ...record, reservedConcurrency: undefined, revisionId: randomUUID(), versionTag: randomUUID() });
    this.invocations.retire(record);
  }

  /** Reserved concurrency, or undefined when none is set. */
  public getFunctionConcurrency(functionName: string, ctx: CallContext): number | undefined {
    return this.resolve(functionName, this.scopeOf(ctx)).record.reservedConcurrency;
  }

  public tagResource(resource: string, tags: unknown, ctx: CallContext): void {
    const record = this.functionForTags(resource, ctx);
    // AWS's words for an empty Tags map (recorded on AWS: test_lambda_api.snapshot.json TestLambdaTags::test_tag_exceptions/tag_empty_tags)
    if (tags !== null && typeof tags === 'object' && Object.keys(tags).length === 0) throw invalidParameter('An error occurred and the request cannot be processed.');
    if (isUpdating(record, Date.now())) throw updateInProgress(record.arn);
    const merged = { ...record.tags, ...readTags(tags) };
    if (Object.keys(merged).length > MAX_TAGS) throw tooManyTags();
    this.functions.put({ ...record, tags: merged, revisionId: randomUUID() });
  }

  public untagResource(resource: string, tagKeys: unknown, ctx: CallContext): void {
    const record = this.functionForTags(resource, ctx);
    const keys = new InputReader({ TagKeys: tagKeys }, validation).list('TagKeys').map(String);
    const tags = Object.fromEntries(Object.entries(record.tags).filter(([k]) => !keys.includes(k)));
    this.functions.put({ ...record, tags, revisionId: randomUUID() });
  }

  public listTags(resource: string, ctx: CallContext): Record<string, string> {
    return { ...this.functionForTags(resource, ctx).tags };
  }

  // ---------- invocations ----------

  /**
   * Runs the function (RequestResponse), queues it (Event) or only checks it may (DryRun), in `scope` unless the
   * name is an ARN. The same path serves Invoke and API Gateway's proxy integration.
   */
  public async invoke(request: InvokeInput, scope: Scope): Promise<InvocationResult> {
    // the enums are refused before the function is looked up, as Lambda does
    readInvocationType(request.invocationType);
    readLogType(request.logType);
    const { record, ref } = this.resolve(request.functionName, scope, request.qualifier, true);
    return this.invocations.invoke(record, lambdaFunctionArn(record, record.name, ref.qualifier), request);
  }

  /** The deployment package `GetFunction`'s `Code.Location` names, when `sha256` is still the function's code. */
  public codePackage(scope: Scope, functionName: string, sha256: string): Buffer | undefined {
    const record = this.functions.get(scope.accountId, scope.region, functionName);
    if (!record || sha256Hex(record.codeSha256) !== sha256) return undefined;
    return this.functions.code(record);
  }

  /** Waits for running Event invocations, then writes every queued log event. For tests. */
  public flush(): Promise<void> {
    return this.invocations.flush();
  }

  /** Log deliveries that failed (a missing custom group, a KMS key that refuses CloudWatch Logs). */
  public get logDeliveryFailures(): readonly LogDeliveryFailure[] {
    return this.invocations.logDeliveryFailures;
  }

  /** Worker processes alive or starting. */
  public get environmentCount(): number {
    return this.invocations.environmentCount;
  }

  /** Stops every worker process, waits for Event invocations, writes the queued logs. */
  public async close(): Promise<void> {
    await this.invocations.close();
    this.stateDir.remove();
  }

  // ---------- helpers ----------

  /**
   * The function a FunctionName (+ Qualifier) names: only `$LATEST` exists here. `unqualifiedIsLatest`: the
   * operation acts on `$LATEST` when no qualifier is given, and its not-found ARN says so (Invoke and
   * PutFunctionConcurrency, recorded on AWS: LocalStack test_lambda_api.snapshot.json).
   */
  private resolve(name: unknown, scope: Scope, qualifier?: unknown, unqualifiedIsLatest = false): { record: FunctionRecord; ref: FunctionReference } {
    const r = new InputReader({ FunctionName: name, Qualifier: qualifier }, validation);
    const ref = parseFunctionName(r.string('FunctionName', { required: true }), scope, r.string('Qualifier'));
    // an ARN of another region is refused as such (recorded on AWS: test_lambda_api.snapshot.json test_function_arns)
    if (ref.region !== scope.region) throw resourceNotFound(`Functions from '${ref.region}' are not reachable in this region ('${scope.region}')`);
    const record = this.functions.get(ref.accountId, ref.region, ref.name);
    if (!record || (ref.qualifier !== undefined && ref.qualifier !== '$LATEST')) {
      throw functionNotFound(lambdaFunctionArn(ref, ref.name, ref.qualifier ?? (unqualifiedIsLatest ? '$LATEST' : undefined)));
    }
    return { record, ref };
  }

  /** As `resolve`, but a missing function is the policy operation's own not-found (recorded on AWS, test_permission_exceptions). */
  private resolveForPolicy(name: unknown, qualifier: unknown, scope: Scope, missing: (arn: string) => AwsError): { record: FunctionRecord; ref: FunctionReference } {
    const ref = parseFunctionName(new InputReader({ FunctionName: name }, validation).string('FunctionName', { required: true }), scope, undefined);
    if (ref.region === scope.region && !this.functions.get(ref.accountId, ref.region, ref.name)) throw missing(lambdaFunctionArn(ref, ref.name));
    return this.resolve(name, scope, qualifier);
  }

  private functionForTags(resource: unknown, ctx: CallContext): FunctionRecord {
    const arn = new InputReader({ Resource: resource }, validation).string('Resource', { required: true });
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== 'lambda' || !parsed.resource.startsWith('function:')) throw invalidParameter(`${arn} is not a valid function ARN.`);
    // recorded on AWS (TestLambdaTags::test_tag_exceptions): refused before the function is looked up
    if (parseLambdaFunctionArn(arn)?.qualifier !== undefined) {
      throw invalidParameter('Tags on function aliases and versions are not supported. Please specify a function ARN.');
    }
    return this.resolve(arn, this.scopeOf(ctx)).record;
  }

  private checkRevision(record: FunctionRecord, revision: string | undefined | null): void {
    if (revision !== undefined && revision !== null && revision !== record.revisionId) throw preconditionFailed();
  }

  /**
   * UpdateFunctionCode / UpdateFunctionConfiguration / TagResource fail while the function is Pending or an update
   * is InProgress ("Lambda function states").
   */
  private checkUpdatable(record: FunctionRecord, now = Date.now()): void {
    if (isPending(record, now)) throw updateWhilePending(record.arn, 'Pending', 'Creating');
    if (isUpdating(record, now)) throw updateInProgress(record.arn);
  }

  /** The deployment package of a request, from S3 through S3's backend when it names an object. */
  private readCode(input: Parameters<typeof readDeploymentPackage>[0]): Promise<DeploymentPackage> {
    return readDeploymentPackage(input, this.deps.readCodeObject ?? this.s3ObjectReader());
  }

  private s3ObjectReader(): CodeObjectReader | undefined {
    const s3 = this.deps.services?.get<S3Service>('s3')?.backend;
    // S3 Object versions are not kept: the version id is not looked at, as before
    return s3 ? (bucket, key) => s3.getObjectBody(bucket, key) : undefined;
  }

  private codeLocation(record: FunctionRecord, ctx: CallContext): string {
    const endpoint = ctx.endpoint || this.deps.endpoint || this.seenEndpoint || 'http://127.0.0.1:4566';
    return `${endpoint}/_local-cloud/lambda/code/${record.accountId}/${record.region}/${record.name}/${sha256Hex(record.codeSha256)}.zip`;
  }
}
