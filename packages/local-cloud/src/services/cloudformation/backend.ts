import type {
  CreateChangeSetInput,
  CreateChangeSetOutput,
  CreateStackInput,
  CreateStackOutput,
  DeleteChangeSetInput,
  DeleteStackInput,
  DescribeChangeSetInput,
  DescribeChangeSetOutput,
  DescribeStackEventsInput,
  DescribeStackEventsOutput,
  DescribeStackResourceInput,
  DescribeStackResourceOutput,
  DescribeStackResourcesInput,
  DescribeStackResourcesOutput,
  DescribeStacksInput,
  DescribeStacksOutput,
  ExecuteChangeSetInput,
  GetTemplateInput,
  GetTemplateOutput,
  GetTemplateSummaryInput,
  GetTemplateSummaryOutput,
  ListChangeSetsInput,
  ListChangeSetsOutput,
  ListExportsOutput,
  ListStackResourcesInput,
  ListStackResourcesOutput,
  ListStacksInput,
  ListStacksOutput,
  UpdateStackInput,
  UpdateStackOutput,
  UpdateTerminationProtectionInput,
  UpdateTerminationProtectionOutput,
  ValidateTemplateInput,
  ValidateTemplateOutput,
} from '@aws-sdk/client-cloudformation';
import { isCloudFormationArn, newStackArn } from '../../core/arns/cloudformation';
import type { Scope } from '../../core/scope';
import type { CallContext, ServiceDirectory } from '../../core/service';
import { ChangeSets, NAME_PATTERN, stackNameRefused, UPDATABLE } from './change-sets';
import { StackDeployer } from './engine/deployment';
import { alreadyExists, cannotUpdate, changeSetNotFound, validationError } from './engine/errors';
import { callerIdentityOf, type StackRecord } from './engine/model';
import type { StackStore } from './engine/stack-store';
import { EvaluatedTemplate, parseTemplate } from './engine/stack-template';
import type { ResourceProvider } from './providers/provider';
import { ProviderServiceCalls } from './service-calls';
import { eventShape, stackResourceDetailShape, stackResourceShape, stackResourceSummaryShape, stackShape, stackSummaryShape } from './shapes';
import { listOfStrings, readerOf, readParameters, readTags } from './stack-input';
import { StackJobs } from './stack-jobs';
import { StackPlanner } from './stack-planner';
import { templateSummary, templateValidation } from './template-summaries';

export interface CloudFormationBackendOptions {
  readonly store: StackStore;
  readonly providers: ReadonlyMap<string, ResourceProvider>;
  /** The other services, which the providers call through their operations. */
  readonly services?: ServiceDirectory;
  /** How many independent resources are created or updated at once. Default 4. */
  readonly maxConcurrency?: number;
  /** How long each resource stabilises after its create, update or delete call (see `DeploymentHost`). */
  readonly resourceDelayMs?: number;
}

/**
 * CloudFormation's domain: stacks and change sets, run one operation at a time per stack in the background.
 * Methods take the caller's `CallContext`, not only its scope: the stack operation acts for the caller (its
 * identity and the endpoint it reached go on to the providers' service calls).
 */
export class CloudFormationBackend {
  public readonly changeSets: ChangeSets;
  private readonly store: StackStore;
  private readonly jobs: StackJobs;
  private readonly planner: StackPlanner;
  private readonly deployer: StackDeployer;
  private readonly calls: ProviderServiceCalls;

  constructor(options: CloudFormationBackendOptions) {
    this.store = options.store;
    this.jobs = new StackJobs(options.store);
    this.planner = new StackPlanner(options.store, options.providers, options.services);
    this.calls = new ProviderServiceCalls(options.services);
    this.deployer = new StackDeployer({
      store: options.store,
      providers: options.providers,
      context: (stack, logicalId) => this.calls.contextFor(stack, logicalId),
      maxConcurrency: options.maxConcurrency,
      resourceDelayMs: options.resourceDelayMs,
    });
    this.changeSets = new ChangeSets({
      store: this.store, planner: this.planner, jobs: this.jobs, deployer: this.deployer,
      noteEndpoint: (ctx) => this.calls.noteEndpoint(ctx),
    });
  }

  // ---------- change sets (see ChangeSets)

  public createChangeSet(input: CreateChangeSetInput, ctx: CallContext): Promise<CreateChangeSetOutput> {
    return this.changeSets.create(input, ctx);
  }

  public describeChangeSet(input: DescribeChangeSetInput, ctx: CallContext): DescribeChangeSetOutput {
    return this.changeSets.describe(input, ctx);
  }

  public executeChangeSet(input: ExecuteChangeSetInput, ctx: CallContext): Promise<void> {
    return this.changeSets.execute(input, ctx);
  }

  public deleteChangeSet(input: DeleteChangeSetInput, ctx: CallContext): void {
    this.changeSets.delete(input, ctx);
  }

  public listChangeSets(input: ListChangeSetsInput, ctx: CallContext): ListChangeSetsOutput {
    return this.changeSets.list(input, ctx);
  }

  // ---------- stacks

  public describeStacks(input: DescribeStacksInput, scope: Scope): DescribeStacksOutput {
    const name = readerOf(input).string('StackName');
    if (name !== undefined && name !== '') return { Stacks: [stackShape(this.planner.requireStack(name, scope))] };
    return { Stacks: this.store.listStacks(scope.accountId, scope.region, false).map(stackShape) };
  }

  public listStacks(input: ListStacksInput, scope: Scope): ListStacksOutput {
    const filter = listOfStrings(readerOf(input), 'StackStatusFilter');
    const stacks = this.store.listStacks(scope.accountId, scope.region, true).filter((s) => filter.length === 0 || filter.includes(s.status));
    return { StackSummaries: stacks.map(stackSummaryShape) };
  }

  public async createStack(input: CreateStackInput, ctx: CallContext): Promise<CreateStackOutput> {
    this.calls.noteEndpoint(ctx);
    const r = readerOf(input);
    // CreateStack's model states no constraint on StackName: AWS's name rule is checked here (the other stack
    // operations' models state none either, and they refuse an empty name)
    const stackName = r.string('StackName', { required: true, min: 1, max: 128 });
    // a new stack takes a name only, not an ARN
    if (!NAME_PATTERN.test(stackName)) throw stackNameRefused(stackName);
    if (this.planner.findStack(stackName, ctx)) throw alreadyExists('Stack', stackName);
    const capabilities = listOfStrings(r, 'Capabilities');
    const notificationArns = listOfStrings(r, 'NotificationARNs');
    const body = await this.planner.templateBodyFrom(r, ctx);
    const stackId = newStackArn(ctx, stackName);
    const next = await this.planner.evaluate({ body, stackId, stackName, inputs: readParameters(r), capabilities, notificationArns }, ctx);
    if (this.planner.findStack(stackName, ctx)) throw alreadyExists('Stack', stackName);
    const onFailure = r.string('OnFailure') ?? (r.boolean('DisableRollback') ? 'DO_NOTHING' : 'ROLLBACK');
    const stack: StackRecord = {
      stackId, stackName, accountId: ctx.accountId, region: ctx.region,
      status: 'CREATE_IN_PROGRESS', statusReason: 'User Initiated', creationTime: Date.now(),
      description: next.template.Description, templateBody: body, parameters: [...next.parameters],
      capabilities, tags: readTags(r) ?? [], notificationArns, roleArn: r.string('RoleARN'), callerIdentity: callerIdentityOf(ctx), outputs: [],
      disableRollback: onFailure === 'DO_NOTHING', terminationProtection: r.boolean('EnableTerminationProtection') ?? false,
      lastOperations: [],
    };
    this.store.putStack(stack);
    await this.jobs.settle(this.runCreate(stack, next, { disableRollback: onFailure === 'DO_NOTHING', token: r.string('ClientRequestToken'), onFailure }));
    return { StackId: stackId, OperationId: stack.lastOperations[0]?.OperationId };
  }

  public async updateStack(input: UpdateStackInput, ctx: CallContext): Promise<UpdateStackOutput> {
    this.calls.noteEndpoint(ctx);
    const r = readerOf(input);
    const stackName = r.string('StackName', { required: true, min: 1 });
    const stack = this.planner.findStack(stackName, ctx);
    if (!stack || stack.status === 'DELETE_COMPLETE') throw validationError(`Stack [${stackName}] does not exist`);
    if (!UPDATABLE.has(stack.status) || stack.operation) throw cannotUpdate(stack);
    const capabilities = listOfStrings(r, 'Capabilities');
    const notificationArns = r.has('NotificationARNs') ? listOfStrings(r, 'NotificationARNs') : stack.notificationArns;
    const body = await this.planner.templateBodyFrom(r, ctx, stack);
    const next = await this.planner.evaluate({
      body, stackId: stack.stackId, stackName: stack.stackName, inputs: readParameters(r), previous: stack.parameters, capabilities, notificationArns,
    }, ctx);
    this.planner.checkTypeChanges(next, stack.stackId);
    const tags = readTags(r) ?? stack.tags;
    if (this.planner.isNoChange(stack, body, next, tags)) throw validationError('No updates are to be performed.');
    stack.capabilities = capabilities;
    stack.tags = tags;
    stack.notificationArns = notificationArns;
    stack.roleArn = r.string('RoleARN') ?? stack.roleArn;
    stack.callerIdentity = callerIdentityOf(ctx);
    const disableRollback = r.boolean('DisableRollback') ?? false;
    stack.disableRollback = disableRollback;
    await this.jobs.settle(this.jobs.schedule(stack.stackId,
      () => this.deployer.update(stack, next, body, { disableRollback, clientRequestToken: r.string('ClientRequestToken') })));
    return { StackId: stack.stackId, OperationId: stack.lastOperations[0]?.OperationId };
  }

  public async deleteStack(input: DeleteStackInput, ctx: CallContext): Promise<void> {
    const r = readerOf(input);
    const stackName = r.string('StackName', { required: true, min: 1 });
    const stack = this.planner.findStack(stackName, ctx);
    // deleting a stack that does not exist (any more) succeeds
    if (!stack || stack.status === 'DELETE_COMPLETE') return;
    if (stack.terminationProtection) {
      throw validationError(`Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`);
    }
    if (stack.status === 'DELETE_IN_PROGRESS') return;
    stack.roleArn = r.string('RoleARN') ?? stack.roleArn;
    stack.callerIdentity = callerIdentityOf(ctx);
    const retainResources = listOfStrings(r, 'RetainResources');
    const token = r.string('ClientRequestToken');
    await this.jobs.settle(this.jobs.schedule(stack.stackId, async () => {
      const current = this.store.getStack(stack.stackId);
      if (!current || current.status === 'DELETE_COMPLETE') return;
      await this.deployer.delete(current, { retainResources, clientRequestToken: token });
    }));
  }

  public updateTerminationProtection(input: UpdateTerminationProtectionInput, scope: Scope): UpdateTerminationProtectionOutput {
    const r = readerOf(input);
    const stack = this.planner.requireStack(r.string('StackName', { required: true }), scope);
    const enable = r.boolean('EnableTerminationProtection');
    if (enable === undefined) throw validationError("1 validation error detected: Value null at 'enableTerminationProtection' failed to satisfy constraint: Member must not be null");
    stack.terminationProtection = enable;
    this.store.putStack(stack);
    return { StackId: stack.stackId };
  }

  public describeStackEvents(input: DescribeStackEventsInput, scope: Scope): DescribeStackEventsOutput {
    const r = readerOf(input);
    const name = r.string('StackName', { required: true, min: 1 });
    const stack = this.planner.requireStack(name, scope, (n) => validationError(`Stack [${n}] does not exist`));
    const offset = Number(r.string('NextToken') ?? '0') || 0;
    const page = this.store.listEvents(stack.stackId, offset, 101);
    const more = page.length > 100;
    return { StackEvents: page.slice(0, 100).map(eventShape), NextToken: more ? String(offset + 100) : undefined };
  }

  public describeStackResources(input: DescribeStackResourcesInput, scope: Scope): DescribeStackResourcesOutput {
    const r = readerOf(input);
    const name = r.string('StackName');
    const physicalId = r.string('PhysicalResourceId');
    const logicalId = r.string('LogicalResourceId');
    let stack: StackRecord | undefined;
    if (name) {
      stack = this.planner.requireStack(name, scope);
    } else if (physicalId) {
      stack = this.store.listStacks(scope.accountId, scope.region, false)
        .find((s) => this.store.listResources(s.stackId).some((res) => res.physicalId === physicalId));
      if (!stack) throw validationError(`Stack for ${physicalId} does not exist`);
    } else {
      throw validationError('Either StackName or PhysicalResourceId must be specified.');
    }
    const found = stack;
    const resources = this.store.listResources(found.stackId)
      .filter((res) => (logicalId === undefined || res.logicalId === logicalId) && (physicalId === undefined || res.physicalId === physicalId || name !== undefined));
    return { StackResources: resources.map((res) => stackResourceShape(found, res)) };
  }

  public describeStackResource(input: DescribeStackResourceInput, scope: Scope): DescribeStackResourceOutput {
    const r = readerOf(input);
    const stack = this.planner.requireStack(r.string('StackName', { required: true, min: 1 }), scope);
    const logicalId = r.string('LogicalResourceId', { required: true, min: 1 });
    const res = this.store.getResource(stack.stackId, logicalId);
    if (!res) throw validationError(`Resource ${logicalId} does not exist for stack ${stack.stackName}`);
    let metadata: unknown;
    try {
      metadata = stack.templateBody ? parseTemplate(stack.templateBody).Resources[logicalId]?.Metadata : undefined;
    } catch {
      metadata = undefined;
    }
    return { StackResourceDetail: stackResourceDetailShape(stack, res, metadata) };
  }

  public listStackResources(input: ListStackResourcesInput, scope: Scope): ListStackResourcesOutput {
    const stack = this.planner.requireStack(readerOf(input).string('StackName', { required: true, min: 1 }), scope);
    return { StackResourceSummaries: this.store.listResources(stack.stackId).map(stackResourceSummaryShape) };
  }

  public getTemplate(input: GetTemplateInput, ctx: CallContext): GetTemplateOutput {
    const r = readerOf(input);
    const changeSetName = r.string('ChangeSetName');
    // GetTemplate's own words for what is missing (recorded on AWS: test_templates.snapshot.json)
    if (changeSetName === undefined && !r.string('StackName')) throw validationError('StackName is required if ChangeSetName is not specified.');
    if (changeSetName !== undefined && !isCloudFormationArn(changeSetName) && !r.string('StackName')) throw validationError('StackName is a required parameter.');
    if (changeSetName !== undefined) {
      const { cs, name } = this.changeSets.find(r, ctx);
      if (!cs) throw changeSetNotFound(name);
      return { TemplateBody: cs.templateBody, StagesAvailable: ['Original', 'Processed'] };
    }
    const stack = this.planner.requireStack(r.string('StackName', { required: true, min: 1 }), ctx);
    // the bytes as submitted: the CDK CLI compares them with its own template to skip a deploy
    return { TemplateBody: stack.templateBody ?? '{}', StagesAvailable: ['Original', 'Processed'] };
  }

  public async getTemplateSummary(input: GetTemplateSummaryInput, ctx: CallContext): Promise<GetTemplateSummaryOutput> {
    const r = readerOf(input);
    const stackName = r.string('StackName');
    let body: string;
    if (stackName) {
      const stack = this.planner.requireStack(stackName, ctx);
      // a stack only a change set has created has no template yet (recorded on AWS: test_templates.snapshot.json)
      if (stack.status === 'REVIEW_IN_PROGRESS') throw validationError('GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.');
      body = stack.templateBody ?? '{}';
    } else {
      body = await this.planner.templateBodyFrom(r, ctx);
    }
    return templateSummary(parseTemplate(body));
  }

  public async validateTemplate(input: ValidateTemplateInput, ctx: CallContext): Promise<ValidateTemplateOutput> {
    return templateValidation(parseTemplate(await this.planner.templateBodyFrom(readerOf(input), ctx)));
  }

  public listExports(scope: Scope): ListExportsOutput {
    const exports = this.store.listStacks(scope.accountId, scope.region, false).flatMap((s) => s.outputs
      .filter((o) => o.ExportName !== undefined)
      .map((o) => ({ ExportingStackId: s.stackId, Name: o.ExportName, Value: o.OutputValue })));
    return { Exports: exports };
  }

  // ---------- background work

  /** Resolves when no stack operation is running. */
  public idle(): Promise<void> {
    return this.jobs.idle();
  }

  /**
   * After a restart: settles the change sets whose execution ended, and returns the stacks whose operation was
   * in flight (for `resumeInterrupted`, once every service exists: providers call them).
   */
  public prepareRecovery(): StackRecord[] {
    for (const cs of this.store.changeSetsExecuting()) {
      const stack = this.store.getStack(cs.stackId);
      if (!stack?.operation) {
        cs.executionStatus = stack && ['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(stack.status) ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
        this.store.putChangeSet(cs);
      }
    }
    return this.store.stacksInFlight();
  }

  /** Finishes or rolls back the stack operations a restart interrupted. */
  public resumeInterrupted(stacks: readonly StackRecord[]): void {
    for (const stack of stacks) {
      const changeSetId = stack.operation?.changeSetId;
      this.jobs.schedule(stack.stackId, async () => {
        await this.deployer.resume(stack);
        if (changeSetId) await this.changeSets.finish(changeSetId, stack.stackId);
      });
    }
  }

  private runCreate(stack: StackRecord, next: EvaluatedTemplate, opts: { disableRollback?: boolean; token?: string; onFailure?: string }): Promise<void> {
    return this.jobs.schedule(stack.stackId, async () => {
      await this.deployer.create(stack, next, { disableRollback: opts.disableRollback, clientRequestToken: opts.token });
      if (opts.onFailure === 'DELETE' && stack.status === 'ROLLBACK_COMPLETE') await this.deployer.delete(stack, {});
    });
  }
}
