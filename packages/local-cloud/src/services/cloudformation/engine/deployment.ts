import { randomUUID } from 'node:crypto';
import { AwsError } from '../../../core/aws-error';
import {
  InvalidRequestError,
  isNotFound,
  NotSupportedError,
  ProviderContext,
  ResourceProvider,
  ServiceCallError,
} from '../providers/provider';
import { changedProperties, isLive } from './changes';
import { validationError } from './errors';
import type { CleanupItem, OperationState, ResourceRecord, StackRecord } from './model';
import { STACK_RESOURCE_TYPE } from './model';
import { deletionOrder, EvaluatedTemplate, ResourceValues } from './stack-template';
import type { StackStore } from './stack-store';

/** What the engine runs against: the store, the providers, and how a provider reaches the services. */
export interface DeploymentHost {
  readonly store: StackStore;
  readonly providers: ReadonlyMap<string, ResourceProvider>;
  /** How a provider of one resource reaches the services (the stack's CallContext inside). */
  context(stack: StackRecord, logicalId: string): Omit<ProviderContext, 'creating' | 'created'>;
  /** How many resources are created or updated at once (independent ones only). Default 4. */
  readonly maxConcurrency?: number;
  /**
   * How long each resource stabilises, in ms, between its service call ("Resource creation Initiated") and its
   * `*_COMPLETE` event, as AWS's resource handlers wait before they report done. Default 0: a local deploy takes
   * tens of milliseconds. A few hundred makes it slow enough to interrupt on purpose (Ctrl-C, `kill -9`) or to
   * watch the CDK CLI's progress as on AWS.
   */
  readonly resourceDelayMs?: number;
  readonly now?: () => number;
}

export interface OperationOptions {
  readonly changeSetId?: string;
  readonly disableRollback?: boolean;
  readonly clientRequestToken?: string;
}

const ROLLED_BACK = new Set(['ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE']);

/** The reason a stack operation interrupted by a restart ends with. */
export const RESTART_REASON = 'local-cloud restarted during the operation';

/** The service names CloudFormation's resource handlers print (AWS SDK for Java v2 service ids). */
const HANDLER_SERVICE_NAMES: Record<string, string> = {
  logs: 'CloudWatchLogs',
  kms: 'Kms',
  iam: 'Iam',
  lambda: 'Lambda',
  apigateway: 'ApiGateway',
  s3: 'S3',
  ssm: 'Ssm',
  sts: 'Sts',
};

/** The CloudFormation handler error code an AWS error code maps to. */
export function handlerErrorCode(code: string): string {
  if (/AccessDenied|Unauthorized|NotAuthorized/.test(code)) return 'AccessDenied';
  if (/NotFound|NoSuch/.test(code)) return 'NotFound';
  if (/AlreadyExists|EntityAlreadyExists/.test(code)) return 'AlreadyExists';
  if (/Throttl|TooManyRequests/.test(code)) return 'Throttling';
  if (/LimitExceeded/.test(code)) return 'ServiceLimitExceeded';
  if (/Conflict/.test(code)) return 'ResourceConflict';
  if (/InvalidParameter|Validation|BadRequest|Malformed|InvalidRequest|InvalidInput|Invalid/.test(code)) return 'InvalidRequest';
  if (/ServiceUnavailable|InternalFailure|InternalError|ServiceException/.test(code)) return 'ServiceInternalError';
  return 'GeneralServiceException';
}

/**
 * The `ResourceStatusReason` of a failed resource operation, worded as CloudFormation's resource handlers
 * word it: `Resource handler returned message: "<service message> (Service: …, Status Code: …, Request ID: …,
 * Error Code: …)" (RequestToken: …, HandlerErrorCode: …)`.
 */
export function failureReason(err: unknown, logicalId: string): string {
  const token = randomUUID();
  if (err instanceof ServiceCallError) {
    const service = HANDLER_SERVICE_NAMES[err.service] ?? err.service;
    return `Resource handler returned message: "${err.message} (Service: ${service}, Status Code: ${err.status}, `
      + `Request ID: ${err.requestId}, Error Code: ${err.code})" (RequestToken: ${token}, HandlerErrorCode: ${handlerErrorCode(err.code)})`;
  }
  if (err instanceof NotSupportedError) return err.message;
  if (err instanceof InvalidRequestError) {
    return `Properties validation failed for resource ${logicalId} with message: [${err.message}]`;
  }
  if (err instanceof AwsError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

interface Run {
  readonly stack: StackRecord;
  readonly op: OperationState;
  readonly resources: Map<string, ResourceRecord>;
  /** A resource of this deployment has failed: what is in flight is cancelled, nothing new starts. */
  failing?: boolean;
}

type Outcome = 'ok' | 'failed';

/**
 * Runs stack operations: create, update and delete, each with its rollback, writing the events CloudFormation
 * writes, in its order, and persisting every step (so `resume` can finish an operation a restart cut short).
 */
export class StackDeployer {
  constructor(private readonly host: DeploymentHost) {}

  private now(): number {
    return (this.host.now ?? Date.now)();
  }

  /** The message an unsupported resource type fails with. */
  public unsupportedReason(type: string): string {
    const supported = [...this.host.providers.keys()].sort().join(', ');
    return `Resource type ${type} is not supported by local-cloud (supported: ${supported})`;
  }

  // ---------------------------------------------------------------- create

  /** Creates the stack's resources; on failure rolls back (deletes what was made) to ROLLBACK_COMPLETE. */
  public async create(stack: StackRecord, next: EvaluatedTemplate, opts: OperationOptions = {}): Promise<void> {
    const op: OperationState = {
      kind: 'CREATE',
      operationId: randomUUID(),
      phase: 'deploy',
      changeSetId: opts.changeSetId,
      clientRequestToken: opts.clientRequestToken,
      disableRollback: opts.disableRollback ?? false,
      touched: [],
      cleanup: [],
    };
    stack.operation = op;
    stack.lastOperations = [{ OperationType: 'CREATE_STACK', OperationId: op.operationId }];
    const run: Run = { stack, op, resources: new Map() };
    this.stackEvent(run, 'CREATE_IN_PROGRESS', 'User Initiated');

    const failed = await this.deployAll(run, next, (id, isFailing) => this.createResource(run, next, id, isFailing));
    if (failed.length === 0) {
      try {
        stack.outputs = next.resolveOutputs(this.values(run));
      } catch (e) {
        return this.failCreate(run, [], (e as Error).message);
      }
      stack.operation = undefined;
      this.stackEvent(run, 'CREATE_COMPLETE');
      return;
    }
    return this.failCreate(run, failed);
  }

  private async failCreate(run: Run, failed: string[], reason?: string): Promise<void> {
    const why = reason ?? `The following resource(s) failed to create: [${failed.join(', ')}]. `;
    if (run.op.disableRollback) {
      run.stack.operation = undefined;
      this.stackEvent(run, 'CREATE_FAILED', why);
      return;
    }
    run.op.rollbackReason = reason ?? `${why}Rollback requested by user.`;
    return this.rollbackCreate(run);
  }

  private async rollbackCreate(run: Run): Promise<void> {
    const { stack, op } = run;
    op.phase = 'rollback';
    op.operationId = randomUUID();
    stack.lastOperations = [{ OperationType: 'ROLLBACK', OperationId: op.operationId }, ...stack.lastOperations.slice(0, 1)];
    this.stackEvent(run, 'ROLLBACK_IN_PROGRESS', op.rollbackReason);
    const undeletable: string[] = [];
    const records = [...run.resources.values()].filter((r) => !['DELETE_COMPLETE', 'DELETE_SKIPPED'].includes(r.status));
    for (const rec of deletionOrder(records)) {
      // a rollback of a creation keeps only what is Retain; RetainExceptOnCreate goes
      const ok = await this.deleteResource(run, rec, rec.deletionPolicy === 'Retain' ? 'Retain' : 'Delete');
      if (!ok) undeletable.push(rec.logicalId);
    }
    stack.operation = undefined;
    if (undeletable.length > 0) {
      this.stackEvent(run, 'ROLLBACK_FAILED', `The following resource(s) failed to delete: [${undeletable.join(', ')}]. `);
    } else {
      this.stackEvent(run, 'ROLLBACK_COMPLETE');
    }
  }

  // ---------------------------------------------------------------- update

  /**
   * Updates the stack to `next`: resources added, updated in place or replaced in dependency order, then a
   * cleanup phase deletes replaced and removed ones. On failure the update is rolled back.
   */
  public async update(stack: StackRecord, next: EvaluatedTemplate, templateBody: string, opts: OperationOptions = {}): Promise<void> {
    const current = new Map(this.host.store.listResources(stack.stackId).map((r) => [r.logicalId, r]));
    const op: OperationState = {
      kind: 'UPDATE',
      operationId: randomUUID(),
      phase: 'deploy',
      changeSetId: opts.changeSetId,
      clientRequestToken: opts.clientRequestToken,
      disableRollback: opts.disableRollback ?? false,
      previous: {
        templateBody: stack.templateBody,
        parameters: stack.parameters,
        outputs: stack.outputs,
        description: stack.description,
        changeSetId: stack.changeSetId,
      },
      touched: [],
      cleanup: [],
    };
    stack.operation = op;
    stack.templateBody = templateBody;
    stack.parameters = [...next.parameters];
    stack.description = next.template.Description;
    stack.lastUpdatedTime = this.now();
    if (opts.changeSetId) stack.changeSetId = opts.changeSetId;
    stack.lastOperations = [{ OperationType: 'UPDATE_STACK', OperationId: op.operationId }];
    const run: Run = { stack, op, resources: current };
    this.stackEvent(run, 'UPDATE_IN_PROGRESS', 'User Initiated');

    const failed = await this.deployAll(run, next, (id, isFailing) => this.updateResource(run, next, id, isFailing));
    if (failed.length > 0) {
      const creates = failed.filter((id) => op.touched.some((t) => t.logicalId === id && t.action === 'created'));
      const verb = creates.length === failed.length ? 'create' : 'update';
      return this.failUpdate(run, `The following resource(s) failed to ${verb}: [${failed.join(', ')}]. `);
    }
    try {
      stack.outputs = next.resolveOutputs(this.values(run));
    } catch (e) {
      return this.failUpdate(run, (e as Error).message);
    }
    // resources the new template no longer has go in the cleanup phase
    for (const rec of current.values()) {
      if (next.resources.includes(rec.logicalId) || ['DELETE_COMPLETE', 'DELETE_SKIPPED'].includes(rec.status)) continue;
      op.cleanup.push({
        logicalId: rec.logicalId,
        physicalId: rec.physicalId,
        type: rec.type,
        properties: rec.properties,
        dependsOn: rec.dependsOn,
        policy: rec.deletionPolicy === 'Retain' || rec.deletionPolicy === 'RetainExceptOnCreate' ? 'Retain' : 'Delete',
        dropRecord: true,
      });
    }
    return this.cleanup(run);
  }

  private async cleanup(run: Run): Promise<void> {
    const { stack, op } = run;
    op.phase = 'cleanup';
    this.stackEvent(run, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    await this.runCleanup(run);
    stack.operation = undefined;
    this.stackEvent(run, 'UPDATE_COMPLETE');
  }

  /** Deletes every cleanup item (dependents first); a failure is reported (DELETE_FAILED) and skipped. */
  private async runCleanup(run: Run): Promise<void> {
    const { op } = run;
    const ordered = deletionOrder(op.cleanup);
    for (const item of ordered) {
      const live = run.resources.get(item.logicalId);
      const rec: ResourceRecord = {
        stackId: run.stack.stackId,
        logicalId: item.logicalId,
        type: item.type,
        physicalId: item.physicalId,
        status: live?.status ?? 'UPDATE_COMPLETE',
        properties: item.properties,
        attributes: item.attributes ?? (live && live.physicalId === item.physicalId ? live.attributes : {}),
        dependsOn: item.dependsOn,
        lastUpdated: this.now(),
      };
      const attached = item.dropRecord && live !== undefined && live.physicalId === item.physicalId ? live : undefined;
      await this.deleteResource(run, attached ?? rec, item.policy, attached === undefined);
      if (item.dropRecord) {
        run.resources.delete(item.logicalId);
        this.host.store.deleteResource(run.stack.stackId, item.logicalId);
      }
      op.cleanup = op.cleanup.filter((c) => !(c.logicalId === item.logicalId && c.physicalId === item.physicalId));
      this.saveStack(run);
    }
  }

  private async failUpdate(run: Run, reason: string): Promise<void> {
    const { stack, op } = run;
    if (op.disableRollback) {
      stack.operation = undefined;
      this.stackEvent(run, 'UPDATE_FAILED', reason);
      return;
    }
    op.rollbackReason = reason;
    return this.rollbackUpdate(run);
  }

  private async rollbackUpdate(run: Run): Promise<void> {
    const { stack, op } = run;
    op.phase = 'rollback';
    op.operationId = randomUUID();
    op.cleanup = [];
    stack.lastOperations = [{ OperationType: 'ROLLBACK', OperationId: op.operationId }, ...stack.lastOperations.slice(0, 1)];
    const prev = op.previous!;
    stack.templateBody = prev.templateBody;
    stack.parameters = prev.parameters;
    stack.description = prev.description;
    stack.changeSetId = prev.changeSetId;
    this.stackEvent(run, 'UPDATE_ROLLBACK_IN_PROGRESS', op.rollbackReason);

    const failures: string[] = [];
    const rollbackCleanup: CleanupItem[] = [];
    for (const touched of [...op.touched].reverse()) {
      const rec = run.resources.get(touched.logicalId);
      if (touched.action === 'created') {
        if (rec) {
          rollbackCleanup.push({
            logicalId: rec.logicalId, physicalId: rec.physicalId, type: rec.type, properties: rec.properties,
            dependsOn: rec.dependsOn, policy: rec.deletionPolicy === 'Retain' ? 'Retain' : 'Delete', dropRecord: true,
          });
        }
      } else if (touched.action === 'replaced') {
        const before = touched.before!;
        if (rec && rec.physicalId && rec.physicalId !== before.physicalId) {
          rollbackCleanup.push({
            logicalId: rec.logicalId, physicalId: rec.physicalId, type: rec.type, properties: rec.properties,
            attributes: rec.attributes, dependsOn: rec.dependsOn, policy: 'Delete', dropRecord: false,
          });
        }
        const restored: ResourceRecord = { ...before };
        run.resources.set(restored.logicalId, restored);
        this.resourceEvent(run, restored, 'UPDATE_IN_PROGRESS');
        this.resourceEvent(run, restored, 'UPDATE_COMPLETE');
      } else {
        const before = touched.before!;
        const target = rec ?? { ...before };
        this.resourceEvent(run, target, 'UPDATE_IN_PROGRESS');
        try {
          const provider = this.host.providers.get(target.type);
          if (!provider) throw new Error(this.unsupportedReason(target.type));
          if (changedProperties(before.properties, target.properties).length > 0) {
            await provider.update(target.physicalId!, target.properties, before.properties, this.context(run, target.logicalId), target.attributes);
          }
          const restored: ResourceRecord = { ...before, status: target.status };
          run.resources.set(restored.logicalId, restored);
          this.resourceEvent(run, restored, 'UPDATE_COMPLETE');
        } catch (e) {
          failures.push(target.logicalId);
          this.resourceEvent(run, target, 'UPDATE_FAILED', failureReason(e, target.logicalId));
        }
      }
      op.touched = op.touched.filter((t) => t !== touched);
      this.saveStack(run);
    }
    if (failures.length > 0) {
      stack.operation = undefined;
      this.stackEvent(run, 'UPDATE_ROLLBACK_FAILED', `The following resource(s) failed to update: [${failures.join(', ')}]. `);
      return;
    }
    op.cleanup = rollbackCleanup;
    return this.rollbackCleanup(run);
  }

  private async rollbackCleanup(run: Run): Promise<void> {
    const { stack, op } = run;
    op.phase = 'rollback-cleanup';
    stack.outputs = op.previous!.outputs;
    this.stackEvent(run, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    await this.runCleanup(run);
    stack.operation = undefined;
    this.stackEvent(run, 'UPDATE_ROLLBACK_COMPLETE');
  }

  // ---------------------------------------------------------------- delete

  /** Deletes the stack's resources, dependents first; Retain ones are skipped. */
  public async delete(stack: StackRecord, opts: OperationOptions & { retainResources?: readonly string[] } = {}): Promise<void> {
    const op: OperationState = {
      kind: 'DELETE',
      operationId: randomUUID(),
      phase: 'delete',
      clientRequestToken: opts.clientRequestToken,
      disableRollback: true,
      touched: [],
      cleanup: [],
    };
    stack.operation = op;
    stack.lastOperations = [{ OperationType: 'DELETE_STACK', OperationId: op.operationId }];
    const run: Run = { stack, op, resources: new Map(this.host.store.listResources(stack.stackId).map((r) => [r.logicalId, r])) };
    this.stackEvent(run, 'DELETE_IN_PROGRESS', 'User Initiated');
    return this.deleteRemaining(run, opts.retainResources ?? []);
  }

  private async deleteRemaining(run: Run, retain: readonly string[]): Promise<void> {
    const { stack } = run;
    const remaining = [...run.resources.values()].filter((r) => !['DELETE_COMPLETE', 'DELETE_SKIPPED'].includes(r.status));
    const failed: string[] = [];
    for (const rec of deletionOrder(remaining)) {
      const policy = retain.includes(rec.logicalId) || rec.deletionPolicy === 'Retain' || rec.deletionPolicy === 'RetainExceptOnCreate'
        ? 'Retain' : 'Delete';
      if (!(await this.deleteResource(run, rec, policy))) failed.push(rec.logicalId);
    }
    stack.operation = undefined;
    if (failed.length > 0) {
      this.stackEvent(run, 'DELETE_FAILED', `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
      return;
    }
    stack.deletionTime = this.now();
    this.stackEvent(run, 'DELETE_COMPLETE');
    for (const cs of this.host.store.listChangeSets(stack.stackId)) this.host.store.deleteChangeSet(cs.changeSetId);
  }

  // ---------------------------------------------------------------- restart

  /**
   * Finishes an operation a restart interrupted: a deployment in flight is failed and rolled back; a
   * rollback, cleanup or delete in flight is run to its end.
   */
  public async resume(stack: StackRecord): Promise<void> {
    const op = stack.operation;
    if (!op) return;
    const run: Run = { stack, op, resources: new Map(this.host.store.listResources(stack.stackId).map((r) => [r.logicalId, r])) };
    const inFlight = [...run.resources.values()].filter((r) => r.status.endsWith('_IN_PROGRESS'));
    switch (op.kind) {
      case 'CREATE':
        if (op.phase === 'deploy') {
          for (const rec of inFlight) this.resourceEvent(run, rec, 'CREATE_FAILED', RESTART_REASON);
          op.rollbackReason = RESTART_REASON;
          op.disableRollback = false;
        }
        return this.rollbackCreate(run);
      case 'UPDATE':
        if (op.phase === 'deploy') {
          for (const rec of inFlight) this.resourceEvent(run, rec, 'UPDATE_FAILED', RESTART_REASON);
          op.rollbackReason = RESTART_REASON;
          return this.rollbackUpdate(run);
        }
        if (op.phase === 'rollback') return this.rollbackUpdate(run);
        if (op.phase === 'cleanup') {
          await this.runCleanup(run);
          stack.operation = undefined;
          this.stackEvent(run, 'UPDATE_COMPLETE');
          return;
        }
        await this.runCleanup(run);
        stack.operation = undefined;
        this.stackEvent(run, 'UPDATE_ROLLBACK_COMPLETE');
        return;
      case 'DELETE':
        return this.deleteRemaining(run, []);
      default:
        return undefined;
    }
  }

  // ---------------------------------------------------------------- resources

  /** What `Ref`/`Fn::GetAtt` of a resource give during a deployment: the live records. */
  private values(run: Run): ResourceValues {
    return {
      ref: (id) => {
        const r = run.resources.get(id);
        if (!r?.physicalId) throw validationError(`Resource ${id} has no physical id yet`);
        return r.physicalId;
      },
      getAtt: (id, attr) => {
        const r = run.resources.get(id);
        if (!r || !(attr in r.attributes)) {
          throw validationError(`Template error: resource ${id} does not support attribute type ${attr} in Fn::GetAtt`);
        }
        return r.attributes[attr];
      },
    };
  }

  /**
   * Runs `work` for every active resource once the resources it depends on are done, up to
   * `maxConcurrency` at once. After a failure nothing new starts; what is in flight finishes.
   */
  private deployAll(
    run: Run,
    next: EvaluatedTemplate,
    work: (id: string, isFailing: () => boolean) => Promise<Outcome>,
  ): Promise<string[]> {
    const limit = Math.max(1, this.host.maxConcurrency ?? 4);
    const order = next.order;
    const done = new Set<string>();
    const started = new Set<string>();
    const failed: string[] = [];
    let running = 0;
    return new Promise((resolve) => {
      const pump = (): void => {
        if (failed.length === 0 && !run.failing) {
          for (const id of order) {
            if (running >= limit) break;
            if (started.has(id)) continue;
            if (!(next.dependencies.get(id) ?? []).every((d) => done.has(d))) continue;
            started.add(id);
            running++;
            void work(id, () => failed.length > 0 || run.failing === true)
              .catch((e) => {
                this.resourceEventSafe(run, id, e);
                return 'failed' as Outcome;
              })
              .then((outcome) => {
                running--;
                if (outcome === 'failed') failed.push(id);
                else done.add(id);
                pump();
              });
          }
        }
        if (running === 0) resolve(failed);
      };
      pump();
    });
  }

  /** Records an unexpected failure of a resource's step; never throws (the store may be gone at shutdown). */
  private resourceEventSafe(run: Run, id: string, e: unknown): void {
    try {
      const rec = run.resources.get(id);
      if (rec) this.resourceEvent(run, rec, rec.status.startsWith('UPDATE') ? 'UPDATE_FAILED' : 'CREATE_FAILED', failureReason(e, id));
    } catch {
      run.failing = true;
    }
  }

  private newRecord(run: Run, next: EvaluatedTemplate, id: string): ResourceRecord {
    const decl = next.template.Resources[id];
    return {
      stackId: run.stack.stackId,
      logicalId: id,
      type: decl.Type,
      status: 'CREATE_IN_PROGRESS',
      properties: {},
      attributes: {},
      dependsOn: [...(next.dependencies.get(id) ?? [])],
      deletionPolicy: decl.DeletionPolicy,
      updateReplacePolicy: decl.UpdateReplacePolicy,
      lastUpdated: this.now(),
    };
  }

  /** Creates one resource: CREATE_IN_PROGRESS → CREATE_IN_PROGRESS "Resource creation Initiated" → CREATE_COMPLETE. */
  private async createResource(run: Run, next: EvaluatedTemplate, id: string, isFailing: () => boolean): Promise<Outcome> {
    const rec = this.newRecord(run, next, id);
    run.resources.set(id, rec);
    this.resourceEvent(run, rec, 'CREATE_IN_PROGRESS');
    if (run.op.kind === 'UPDATE') {
      run.op.touched.push({ logicalId: id, action: 'created' });
      this.saveStack(run);
    }
    const provider = this.host.providers.get(rec.type);
    if (!provider) {
      this.resourceEvent(run, rec, 'CREATE_FAILED', this.unsupportedReason(rec.type));
      return 'failed';
    }
    try {
      rec.properties = next.resolveProperties(id, this.values(run));
      this.host.store.putResource(rec);
      const result = await provider.create(rec.properties, this.context(run, id, (physicalId) => {
        rec.physicalId = physicalId;
        this.host.store.putResource(rec);
      }));
      rec.physicalId = result.physicalId;
      rec.attributes = result.attributes ?? {};
    } catch (e) {
      // a physical id recorded through `creating`/`created` stays: the rollback deletes that resource
      this.resourceEvent(run, rec, 'CREATE_FAILED', failureReason(e, id), undefined);
      return 'failed';
    }
    this.resourceEvent(run, rec, 'CREATE_IN_PROGRESS', 'Resource creation Initiated', JSON.stringify(rec.properties));
    await this.stabilise();
    if (isFailing()) {
      this.resourceEvent(run, rec, 'CREATE_FAILED', 'Resource creation cancelled');
      return 'failed';
    }
    this.resourceEvent(run, rec, 'CREATE_COMPLETE');
    return 'ok';
  }

  /** Updates one resource of an update: nothing, in place, or by replacement (or creates it). */
  private async updateResource(run: Run, next: EvaluatedTemplate, id: string, isFailing: () => boolean): Promise<Outcome> {
    const old = run.resources.get(id);
    if (!isLive(old)) return this.createResource(run, next, id, isFailing);
    const decl = next.template.Resources[id];
    const provider = this.host.providers.get(old.type);
    let props: Record<string, unknown>;
    try {
      props = next.resolveProperties(id, this.values(run));
    } catch (e) {
      this.resourceEvent(run, old, 'UPDATE_FAILED', failureReason(e, id));
      return 'failed';
    }
    const changed = changedProperties(old.properties, props);
    const before: ResourceRecord = { ...old };
    // attributes of the resource itself are updated silently (dependencies, policies)
    old.dependsOn = [...(next.dependencies.get(id) ?? [])];
    old.deletionPolicy = decl.DeletionPolicy;
    old.updateReplacePolicy = decl.UpdateReplacePolicy;
    if (changed.length === 0) {
      this.host.store.putResource(old);
      return 'ok';
    }
    if (!provider) {
      this.resourceEvent(run, old, 'UPDATE_FAILED', this.unsupportedReason(old.type));
      return 'failed';
    }
    const replace = changed.some((p) => provider.replaceOn.includes(p));
    if (replace) {
      const name = provider.nameProperty;
      if (name && props[name] !== undefined && props[name] === before.properties[name]) {
        this.resourceEvent(run, old, 'UPDATE_FAILED',
          `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${String(props[name])} and update the stack again.`);
        return 'failed';
      }
      run.op.touched.push({ logicalId: id, action: 'replaced', before });
      this.resourceEvent(run, old, 'UPDATE_IN_PROGRESS',
        'Requested update requires the creation of a new physical resource; hence creating one.', JSON.stringify(props));
      // the replacement, once known, is the record's: a rollback (after a failure or a restart) deletes it
      const original = { physicalId: old.physicalId, properties: old.properties, attributes: old.attributes };
      const ctx = this.context(run, id, (physicalId) => {
        Object.assign(old, physicalId === undefined ? original : { physicalId, properties: props, attributes: {} });
        this.host.store.putResource(old);
      });
      try {
        const result = await provider.create(props, ctx);
        old.physicalId = result.physicalId;
        old.attributes = result.attributes ?? {};
        old.properties = props;
      } catch (e) {
        this.resourceEvent(run, old, 'UPDATE_FAILED', failureReason(e, id));
        return 'failed';
      }
      run.op.cleanup.push({
        logicalId: id,
        physicalId: before.physicalId,
        type: before.type,
        properties: before.properties,
        attributes: before.attributes,
        dependsOn: before.dependsOn,
        policy: decl.UpdateReplacePolicy === 'Retain' ? 'Retain' : 'Delete',
        dropRecord: false,
      });
      this.resourceEvent(run, old, 'UPDATE_IN_PROGRESS', 'Resource creation Initiated');
    } else {
      run.op.touched.push({ logicalId: id, action: 'updated', before });
      this.resourceEvent(run, old, 'UPDATE_IN_PROGRESS', undefined, JSON.stringify(props));
      try {
        const result = await provider.update(old.physicalId, before.properties, props, this.context(run, id), before.attributes);
        old.properties = props;
        if (result?.physicalId) old.physicalId = result.physicalId;
        if (result?.attributes) old.attributes = { ...old.attributes, ...result.attributes };
      } catch (e) {
        if (e instanceof InvalidRequestError) {
          // refused before anything changed: the rollback leaves this resource alone
          run.op.touched = run.op.touched.filter((t) => t.logicalId !== id);
        } else {
          old.properties = props;
        }
        this.resourceEvent(run, old, 'UPDATE_FAILED', failureReason(e, id));
        return 'failed';
      }
    }
    await this.stabilise();
    if (isFailing()) {
      this.resourceEvent(run, old, 'UPDATE_FAILED', 'Resource update cancelled');
      return 'failed';
    }
    this.resourceEvent(run, old, 'UPDATE_COMPLETE');
    return 'ok';
  }

  /**
   * Deletes one physical resource: DELETE_IN_PROGRESS → DELETE_COMPLETE (or DELETE_FAILED), DELETE_SKIPPED
   * for `Retain`. A resource that never got a physical id just completes. Returns false on failure.
   */
  private async deleteResource(run: Run, rec: ResourceRecord, policy: string, detached = false): Promise<boolean> {
    const target: ResourceRecord = detached ? { ...rec } : rec;
    const emit = (status: string, reason?: string) =>
      detached ? this.detachedEvent(run, target, status, reason) : this.resourceEvent(run, target, status, reason);
    if (policy === 'Retain') {
      emit('DELETE_SKIPPED');
      return true;
    }
    if (!target.physicalId) {
      emit('DELETE_COMPLETE');
      return true;
    }
    emit('DELETE_IN_PROGRESS');
    const provider = this.host.providers.get(target.type);
    try {
      if (!provider) throw new Error(this.unsupportedReason(target.type));
      await provider.delete(target.physicalId, target.properties, this.context(run, target.logicalId), target.attributes);
    } catch (e) {
      if (!isNotFound(e)) {
        emit('DELETE_FAILED', failureReason(e, target.logicalId));
        return false;
      }
    }
    await this.stabilise();
    emit('DELETE_COMPLETE');
    return true;
  }

  /** Waits the host's `resourceDelayMs`, if any. */
  private async stabilise(): Promise<void> {
    const ms = this.host.resourceDelayMs ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /**
   * A provider's context. For a create, `record` keeps the record's physical id up to date as the provider
   * learns it (`undefined`: the create failed before it made anything).
   */
  private context(run: Run, logicalId: string, record?: (physicalId: string | undefined) => void): ProviderContext {
    return {
      ...this.host.context(run.stack, logicalId),
      async creating(physicalId, create) {
        record?.(physicalId);
        try {
          return await create();
        } catch (e) {
          record?.(undefined);
          throw e;
        }
      },
      created: (physicalId) => record?.(physicalId),
    };
  }

  // ---------------------------------------------------------------- events

  private saveStack(run: Run): void {
    this.host.store.putStack(run.stack);
  }

  private stackEvent(run: Run, status: string, reason?: string): void {
    const { stack, op } = run;
    stack.status = status;
    // after a rollback the stack keeps saying why it rolled back; the event itself has no reason
    if (reason !== undefined || !ROLLED_BACK.has(status)) stack.statusReason = reason;
    this.host.store.putStack(stack);
    this.host.store.addEvent({
      stackId: stack.stackId,
      stackName: stack.stackName,
      operationId: op.operationId,
      logicalId: stack.stackName,
      physicalId: stack.stackId,
      resourceType: STACK_RESOURCE_TYPE,
      status,
      reason,
      clientRequestToken: op.clientRequestToken,
    });
  }

  private resourceEvent(run: Run, rec: ResourceRecord, status: string, reason?: string, properties?: string): void {
    if (run.op.phase === 'deploy' && (status === 'CREATE_FAILED' || status === 'UPDATE_FAILED')) run.failing = true;
    rec.status = status;
    rec.statusReason = reason;
    rec.lastUpdated = this.now();
    this.host.store.putResource(rec);
    this.saveStack(run);
    this.detachedEvent(run, rec, status, reason, properties);
  }

  /** An event about a physical resource that is no longer the logical resource's (a replaced one). */
  private detachedEvent(run: Run, rec: ResourceRecord, status: string, reason?: string, properties?: string): void {
    this.host.store.addEvent({
      stackId: run.stack.stackId,
      stackName: run.stack.stackName,
      operationId: run.op.operationId,
      logicalId: rec.logicalId,
      physicalId: rec.physicalId ?? '',
      resourceType: rec.type,
      status,
      reason,
      properties,
      clientRequestToken: run.op.clientRequestToken,
    });
  }
}
