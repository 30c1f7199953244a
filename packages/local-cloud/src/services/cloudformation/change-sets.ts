import { randomUUID } from 'node:crypto';
import type {
  CreateChangeSetInput,
  CreateChangeSetOutput,
  DeleteChangeSetInput,
  DescribeChangeSetInput,
  DescribeChangeSetOutput,
  ExecuteChangeSetInput,
  ListChangeSetsInput,
  ListChangeSetsOutput,
} from '@aws-sdk/client-cloudformation';
import { isCloudFormationArn, newChangeSetArn, newStackArn } from '../../core/arns/cloudformation';
import { AwsError } from '../../core/aws-error';
import type { InputReader } from '../../core/input';
import type { CallContext } from '../../core/service';
import type { StackDeployer } from './engine/deployment';
import { alreadyExists, cannotUpdate, changeSetNotFound, validationError } from './engine/errors';
import { callerIdentityOf, type ChangeSetRecord, type StackRecord } from './engine/model';
import type { StackStore } from './engine/stack-store';
import { changeSetShape, changeSetSummaryShape } from './shapes';
import { listOfStrings, readerOf, readParameters, readTags } from './stack-input';
import type { StackJobs } from './stack-jobs';
import type { StackPlanner } from './stack-planner';

/** The pattern of a stack or change set name (the model's `StackName`/`ChangeSetName`). */
export const NAME_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]*$/;

/**
 * AWS's refusal of a StackName that does not match its pattern (recorded on AWS: LocalStack
 * cloudformation/api/test_stacks.snapshot.json, test_stack_name_creation/stack_response).
 */
export const stackNameRefused = (stackName: string) =>
  validationError(`1 validation error detected: Value '${stackName}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`);

/** Stack statuses an update (or an UPDATE change set) may start from. */
export const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);
const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

/** What change sets work with. */
export interface ChangeSetDeps {
  readonly store: StackStore;
  readonly planner: StackPlanner;
  readonly jobs: StackJobs;
  readonly deployer: StackDeployer;
  /** Remembers the endpoint a deploying caller reached (for the URLs providers hand out). */
  readonly noteEndpoint: (ctx: CallContext) => void;
}

/** Change sets: computed when created (synchronously), executed as a stack operation in the background. */
export class ChangeSets {
  constructor(private readonly deps: ChangeSetDeps) {}

  public async create(input: CreateChangeSetInput, ctx: CallContext): Promise<CreateChangeSetOutput> {
    const { store, planner } = this.deps;
    this.deps.noteEndpoint(ctx);
    const r = readerOf(input);
    // the model checks both names' lengths and patterns and ChangeSetType's enum first
    const stackName = r.string('StackName', { required: true });
    const changeSetName = r.string('ChangeSetName', { required: true });
    const type = (r.string('ChangeSetType') ?? 'UPDATE') as 'CREATE' | 'UPDATE' | 'IMPORT';
    if (type === 'IMPORT') throw validationError('ChangeSetType IMPORT is not supported by local-cloud');
    const capabilities = listOfStrings(r, 'Capabilities');
    const notificationArns = listOfStrings(r, 'NotificationARNs');
    const inputs = readParameters(r);
    const clientToken = r.string('ClientToken');

    let existing = planner.findStack(stackName, ctx);
    if (existing?.status === 'DELETE_COMPLETE') existing = undefined;
    if (!isCloudFormationArn(stackName) && !NAME_PATTERN.test(stackName)) throw stackNameRefused(stackName);
    if (type === 'CREATE') {
      if (isCloudFormationArn(stackName)) throw validationError('Stack name must not be an ARN for a CREATE change set.');
      if (existing?.status === 'ROLLBACK_COMPLETE') throw cannotUpdate(existing);
      // a ValidationError naming the change set, not CreateStack's AlreadyExistsException (recorded on AWS: test_changesets.snapshot.json)
      if (existing && existing.status !== 'REVIEW_IN_PROGRESS') {
        throw validationError(`Stack [${stackName}] already exists and cannot be created again with the changeSet [${changeSetName}].`);
      }
    } else {
      if (!existing) throw validationError(`Stack [${stackName}] does not exist`);
      if (!UPDATABLE.has(existing.status)) throw cannotUpdate(existing);
    }
    const prior = existing ? store.findChangeSet(existing.stackId, changeSetName) : undefined;
    if (prior) {
      if (clientToken !== undefined && prior.clientToken === clientToken) return { Id: prior.changeSetId, StackId: prior.stackId };
      throw alreadyExists('ChangeSet', changeSetName);
    }
    const tags = readTags(r) ?? existing?.tags ?? [];
    const body = await planner.templateBodyFrom(r, ctx, type === 'UPDATE' ? existing : undefined);
    const realName = existing?.stackName ?? stackName;
    const stackId = existing?.stackId ?? newStackArn(ctx, realName);
    const next = await planner.evaluate({
      body, stackId, stackName: realName, inputs, previous: type === 'UPDATE' ? existing?.parameters : undefined, capabilities, notificationArns,
    }, ctx);
    if (type === 'UPDATE') planner.checkTypeChanges(next, stackId);
    const changes = planner.plan(next, type === 'UPDATE' ? stackId : undefined);
    const noChange = type === 'UPDATE' && planner.isNoChange(existing!, body, next, tags);

    if (!existing) this.startReview(stackId, realName, ctx);
    const changeSetId = newChangeSetArn(ctx, changeSetName);
    const record: ChangeSetRecord = {
      changeSetId, changeSetName, stackId, stackName: realName, accountId: ctx.accountId, region: ctx.region,
      changeSetType: type,
      status: noChange ? 'FAILED' : 'CREATE_COMPLETE',
      statusReason: noChange ? NO_CHANGES : undefined,
      executionStatus: noChange ? 'UNAVAILABLE' : 'AVAILABLE',
      creationTime: Date.now(),
      description: r.string('Description'),
      templateBody: body,
      parameters: [...next.parameters],
      capabilities, tags, notificationArns,
      roleArn: r.string('RoleARN'),
      changes,
      includeNestedStacks: r.boolean('IncludeNestedStacks') ?? false,
      clientToken,
    };
    store.putChangeSet(record);
    return { Id: changeSetId, StackId: stackId };
  }

  public describe(input: DescribeChangeSetInput, ctx: CallContext): DescribeChangeSetOutput {
    const r = readerOf(input);
    const { cs, name } = this.find(r, ctx);
    if (!cs) {
      if (!isCloudFormationArn(name)) this.refuseMissingStack(r.string('StackName'), ctx);
      throw changeSetNotFound(name);
    }
    return changeSetShape(cs, r.boolean('IncludePropertyValues') ?? false);
  }

  public async execute(input: ExecuteChangeSetInput, ctx: CallContext): Promise<void> {
    const { store, planner, jobs, deployer } = this.deps;
    this.deps.noteEndpoint(ctx);
    const r = readerOf(input);
    const { cs, name } = this.find(r, ctx);
    if (!cs) throw changeSetNotFound(name);
    if (cs.status !== 'CREATE_COMPLETE' || cs.executionStatus !== 'AVAILABLE') {
      throw new AwsError('InvalidChangeSetStatus', cs.status !== 'CREATE_COMPLETE'
        ? `ChangeSet [${cs.changeSetId}] cannot be executed in its current status of [${cs.status}]`
        : `ChangeSet [${cs.changeSetId}] cannot be executed in its current execution status of [${cs.executionStatus}]`);
    }
    const stack = store.getStack(cs.stackId);
    if (!stack) throw changeSetNotFound(name);
    if (stack.operation) throw cannotUpdate(stack);
    if (cs.changeSetType === 'CREATE' ? stack.status !== 'REVIEW_IN_PROGRESS' : !UPDATABLE.has(stack.status)) throw cannotUpdate(stack);
    const disableRollback = r.boolean('DisableRollback') ?? false;
    const next = planner.evaluateAccepted(cs.templateBody, cs.parameters, stack, ctx, cs.notificationArns);

    cs.executionStatus = 'EXECUTE_IN_PROGRESS';
    store.putChangeSet(cs);
    // executing a change set removes the stack's other change sets
    for (const other of store.listChangeSets(stack.stackId)) if (other.changeSetId !== cs.changeSetId) store.deleteChangeSet(other.changeSetId);

    stack.capabilities = cs.capabilities;
    stack.tags = cs.tags;
    stack.notificationArns = cs.notificationArns;
    stack.roleArn = cs.roleArn ?? stack.roleArn;
    stack.callerIdentity = callerIdentityOf(ctx);
    stack.disableRollback = disableRollback;
    const token = r.string('ClientRequestToken');
    if (cs.changeSetType === 'CREATE') {
      stack.templateBody = cs.templateBody;
      stack.parameters = cs.parameters;
      stack.description = next.template.Description;
      stack.changeSetId = cs.changeSetId;
      await jobs.settle(jobs.schedule(stack.stackId, async () => {
        await deployer.create(stack, next, { changeSetId: cs.changeSetId, disableRollback, clientRequestToken: token });
        await this.finish(cs.changeSetId, stack.stackId);
      }));
    } else {
      await jobs.settle(jobs.schedule(stack.stackId, async () => {
        await deployer.update(stack, next, cs.templateBody, { changeSetId: cs.changeSetId, disableRollback, clientRequestToken: token });
        await this.finish(cs.changeSetId, stack.stackId);
      }));
    }
  }

  public delete(input: DeleteChangeSetInput, ctx: CallContext): void {
    const r = readerOf(input);
    const { cs, name } = this.find(r, ctx);
    if (!cs) {
      // deleting a change set that is not there succeeds by name (the CDK CLI relies on it), as long as the stack exists (recorded on AWS)
      if (isCloudFormationArn(name)) throw changeSetNotFound(name);
      this.refuseMissingStack(r.string('StackName'), ctx);
      return;
    }
    if (cs.executionStatus === 'EXECUTE_IN_PROGRESS') {
      throw new AwsError('InvalidChangeSetStatus', `Cannot delete ChangeSet in status ${cs.executionStatus}`);
    }
    this.deps.store.deleteChangeSet(cs.changeSetId);
  }

  public list(input: ListChangeSetsInput, ctx: CallContext): ListChangeSetsOutput {
    const r = readerOf(input);
    const stack = this.deps.planner.requireStack(r.string('StackName', { required: true }), ctx);
    return { Summaries: this.deps.store.listChangeSets(stack.stackId).map(changeSetSummaryShape) };
  }

  /**
   * A StackName that names no stack is reported as such before a change set is looked for (recorded on AWS: LocalStack
   * cloudformation/api/test_changesets.snapshot.json, test_delete_change_set_exception/e1, test_describe_change_set_nonexisting).
   */
  private refuseMissingStack(stackName: string | undefined, ctx: CallContext): void {
    if (stackName && !this.deps.planner.findStack(stackName, ctx)) throw validationError(`Stack [${stackName}] does not exist`);
  }

  /** A change set by ARN, or by name within `StackName`. */
  public find(r: InputReader, ctx: CallContext): { cs?: ChangeSetRecord; name: string } {
    const { store, planner } = this.deps;
    const name = r.string('ChangeSetName', { required: true });
    if (isCloudFormationArn(name)) {
      const cs = store.getChangeSet(name);
      return { cs: cs && cs.accountId === ctx.accountId ? cs : undefined, name };
    }
    const stackName = r.string('StackName');
    if (!stackName) throw validationError('StackName must be specified if ChangeSetName is not specified as an ARN.');
    const stack = planner.findStack(stackName, ctx);
    return { cs: stack ? store.findChangeSet(stack.stackId, name) : undefined, name };
  }

  /** Records how executing the change set ended, from the stack's status. */
  public async finish(changeSetId: string, stackId: string): Promise<void> {
    const { store } = this.deps;
    const cs = store.getChangeSet(changeSetId);
    if (!cs) return;
    const stack = store.getStack(stackId);
    const ok = stack !== undefined && ['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(stack.status);
    cs.executionStatus = ok ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
    store.putChangeSet(cs);
  }

  /** A CREATE change set of a new stack makes the stack exist, in REVIEW_IN_PROGRESS. */
  private startReview(stackId: string, stackName: string, ctx: CallContext): StackRecord {
    const operationId = randomUUID();
    const stack: StackRecord = {
      stackId, stackName, accountId: ctx.accountId, region: ctx.region,
      status: 'REVIEW_IN_PROGRESS', statusReason: 'User Initiated', creationTime: Date.now(),
      parameters: [], capabilities: [], tags: [], notificationArns: [], outputs: [],
      disableRollback: false, terminationProtection: false,
      lastOperations: [{ OperationType: 'CREATE_CHANGESET', OperationId: operationId }],
    };
    this.deps.store.putStack(stack);
    this.deps.store.addEvent({
      stackId, stackName, operationId, logicalId: stackName, physicalId: stackId,
      resourceType: 'AWS::CloudFormation::Stack', status: 'REVIEW_IN_PROGRESS', reason: 'User Initiated',
    });
    return stack;
  }
}
