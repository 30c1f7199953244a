import { randomUUID } from 'node:crypto';
import type { Template } from '@kms-logs-api/cfn-template';
import { AwsError } from '../../core/aws-error';
import { buildArn } from '../../core/arn';
import { InputReader } from '../../core/input';
import type { AwsService, CallContext, Operation, ServiceDeps, ServiceDirectory } from '../../core/service';
import { validateInput } from '../../core/validation';
import { inProcessContext } from '../../core/scope';
import { planChanges, typeChanges } from './engine/changes';
import { StackDeployer } from './engine/deployment';
import { validationError } from './engine/errors';
import type { ChangeSetRecord, ResourceRecord, StackRecord, Tag } from './engine/model';
import { ParameterInput, ParameterStoreReader, resolveParameters, sameParameters, StackParameter } from './engine/parameters';
import { StackStore } from './engine/stack-store';
import { EvaluatedTemplate, nonResourceFingerprint, parseTemplate, StackEnvironment } from './engine/stack-template';
import { createProviders } from './providers';
import { ProviderContext, ResourceProvider, ServiceCallError } from './providers/provider';
import {
  changeSetShape,
  changeSetSummaryShape,
  eventShape,
  stackResourceDetailShape,
  stackResourceShape,
  stackResourceSummaryShape,
  stackShape,
  stackSummaryShape,
} from './shapes';
import { readTemplateUrl } from './template-source';

export interface CloudFormationDeps extends ServiceDeps {
  /** Resource providers by type; default: every provider local-cloud has. */
  readonly providers?: ReadonlyMap<string, ResourceProvider>;
  /** How many independent resources are created or updated at once. Default 4. */
  readonly maxConcurrency?: number;
  /**
   * How long each resource stabilises after its create, update or delete call (see `DeploymentHost`).
   * @default env `LOCAL_CLOUD_CFN_RESOURCE_DELAY_MS`, else 0
   */
  readonly resourceDelayMs?: number;
}

/** CloudFormation as the server and tests see it. */
export interface CloudFormationService extends AwsService {
  /** Resolves when no stack operation is running (tests; shutdown). */
  idle(): Promise<void>;
  /** Resolves when operations a restart interrupted have been finished or rolled back. */
  readonly recovered: Promise<void>;
}

const NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const DEFAULT_ENDPOINT = 'http://127.0.0.1:4566';
const NAME_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]*$/;
/** How long a stack operation may run before the API call that started it answers (see `settle`). */
const SETTLE_MS = 2_000;
const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";
const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);
const IAM_NAME_PROPERTIES: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
};
const SERVICE_TITLES: Record<string, string> = {
  kms: 'KMS', logs: 'CloudWatch Logs', iam: 'IAM', lambda: 'Lambda', apigateway: 'API Gateway', s3: 'S3', ssm: 'SSM', sts: 'STS',
};

const invalid = (message: string) => validationError(message);

function stackNotFound(name: string): AwsError {
  return validationError(`Stack with id ${name} does not exist`);
}

function changeSetNotFound(name: string): AwsError {
  return new AwsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, { status: 404 });
}

function cannotUpdate(stack: StackRecord): AwsError {
  return validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
}

/** The capability an IAM resource of the template needs, or undefined. */
export function requiredCapability(template: Template): 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | undefined {
  let needed: 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | undefined;
  for (const res of Object.values(template.Resources)) {
    if (!res.Type.startsWith('AWS::IAM::')) continue;
    const nameProp = IAM_NAME_PROPERTIES[res.Type];
    if (nameProp && res.Properties?.[nameProp] !== undefined) return 'CAPABILITY_NAMED_IAM';
    needed = 'CAPABILITY_IAM';
  }
  return needed;
}

function checkCapabilities(template: Template, capabilities: readonly string[]): void {
  const needed = requiredCapability(template);
  if (!needed) return;
  if (capabilities.includes('CAPABILITY_NAMED_IAM')) return;
  if (needed === 'CAPABILITY_IAM' && capabilities.includes('CAPABILITY_IAM')) return;
  throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${needed}]`, { status: 400 });
}

function sameTags(a: readonly Tag[], b: readonly Tag[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((t) => b.some((u) => u.Key === t.Key && u.Value === t.Value));
}

function listOfStrings(r: InputReader, name: string): string[] {
  return r.list(name).map((v) => {
    if (typeof v !== 'string') throw invalid(`Invalid type for parameter ${name}: expected a list of strings`);
    return v;
  });
}

function readTags(r: InputReader): Tag[] | undefined {
  if (!r.has('Tags')) return undefined;
  return r.list('Tags').map((t) => {
    const tag = t as { Key?: unknown; Value?: unknown };
    if (typeof tag?.Key !== 'string') throw invalid('Invalid type for parameter Tags: expected a list of {Key, Value}');
    return { Key: tag.Key, Value: typeof tag.Value === 'string' ? tag.Value : '' };
  });
}

function readParameters(r: InputReader): ParameterInput[] {
  return r.list('Parameters').map((p) => {
    const param = p as { ParameterKey?: unknown; ParameterValue?: unknown; UsePreviousValue?: unknown };
    if (typeof param?.ParameterKey !== 'string') throw invalid('Invalid type for parameter Parameters: expected ParameterKey');
    return {
      ParameterKey: param.ParameterKey,
      ParameterValue: typeof param.ParameterValue === 'string' ? param.ParameterValue : undefined,
      UsePreviousValue: param.UsePreviousValue === true || param.UsePreviousValue === 'true',
    };
  });
}

function isArn(s: string): boolean {
  return s.startsWith('arn:');
}

/**
 * CloudFormation (awsQuery, 2010-05-15): change sets computed synchronously, stack operations run in the
 * background exactly as the CDK CLI expects to poll them, state in SQLite, one provider per resource type.
 */
export function createCloudFormationService(deps: CloudFormationDeps): CloudFormationService {
  const store = new StackStore(deps.store);
  const providers = deps.providers ?? createProviders();
  let endpoint = DEFAULT_ENDPOINT;
  const directory: ServiceDirectory | undefined = deps.services;

  const providerContext = (stack: StackRecord, logicalId: string): Omit<ProviderContext, 'creating' | 'created'> => ({
    logicalId,
    stackName: stack.stackName,
    stackId: stack.stackId,
    accountId: stack.accountId,
    region: stack.region,
    endpoint,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    has: (service, operation) => directory?.get(service)?.operations[operation] !== undefined,
    async call(service, operation, input) {
      const svc = directory?.get(service);
      if (!svc) throw new Error(`The ${SERVICE_TITLES[service] ?? service} service is not available yet in local-cloud`);
      const op = svc.operations[operation];
      if (!op) throw new Error(`${SERVICE_TITLES[service] ?? service} ${operation} is not available yet in local-cloud`);
      // CloudFormation acts with the caller's permissions: the account root here
      const ctx = inProcessContext(stack, endpoint);
      try {
        // the model's constraints hold for a provider's call as for a wire call
        const invalid = validateInput(svc, operation, input, { inProcess: true });
        if (invalid) throw invalid;
        return await op(input, ctx);
      } catch (e) {
        if (e instanceof AwsError) throw new ServiceCallError(service, e.code, e.message, e.status, ctx.requestId);
        throw e;
      }
    },
  });

  const deployer = new StackDeployer({
    store,
    providers,
    context: providerContext,
    maxConcurrency: deps.maxConcurrency,
    resourceDelayMs: deps.resourceDelayMs ?? (Math.max(0, Number(process.env.LOCAL_CLOUD_CFN_RESOURCE_DELAY_MS)) || 0),
  });
  const types = {
    attributesOf: (type: string) => providers.get(type)?.attributes,
    replaceOn: (type: string) => providers.get(type)?.replaceOn ?? [],
  };

  // ---- one operation at a time per stack, in the background
  const queues = new Map<string, Promise<void>>();
  const schedule = (stackId: string, task: () => Promise<void>): Promise<void> => {
    const prev = queues.get(stackId);
    const run = async () => {
      try {
        await task();
      } catch (e) {
        // an engine bug must not leave the stack in flight forever (nor crash the process: the store may be closed)
        try {
          const stack = store.getStack(stackId);
          if (stack?.operation) {
            stack.operation = undefined;
            stack.status = stack.status.startsWith('DELETE') ? 'DELETE_FAILED' : stack.status.startsWith('UPDATE') ? 'UPDATE_ROLLBACK_FAILED' : 'ROLLBACK_FAILED';
            stack.statusReason = `Internal error: ${(e as Error).message}`;
            store.putStack(stack);
          }
        } catch {
          // nothing more can be recorded
        }
      }
    };
    // the first step runs now, so the stack's status has changed when the API call returns
    const p = prev ? prev.then(run) : run();
    const tracked = p.finally(() => {
      if (queues.get(stackId) === tracked) queues.delete(stackId);
    });
    queues.set(stackId, tracked);
    return tracked;
  };

  /**
   * Lets a just-scheduled stack operation run for up to SETTLE_MS before the API call answers. The
   * operation stays asynchronous, as on AWS, but a small local deploy (tens of milliseconds) is done by the
   * CLI's first DescribeStacks, instead of after its next poll five seconds later.
   */
  const settle = async (operation: Promise<void>): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SETTLE_MS);
      timer.unref();
    });
    await Promise.race([operation, elapsed]);
    clearTimeout(timer);
  };

  const ssmReader = (ctx: CallContext): ParameterStoreReader => ({
    async getParameterValue(name) {
      const op = directory?.get('ssm')?.operations.GetParameter;
      if (!op) return undefined;
      try {
        const out = await op({ Name: name }, ctx) as { Parameter?: { Value?: string } };
        return out.Parameter?.Value;
      } catch (e) {
        if (e instanceof AwsError) return undefined;
        throw e;
      }
    },
  });

  const importValue = (ctx: CallContext) => (name: string): unknown => {
    for (const s of store.listStacks(ctx.accountId, ctx.region, false)) {
      const out = s.outputs.find((o) => o.ExportName === name);
      if (out) return out.OutputValue;
    }
    throw validationError(`No export named ${name} found.`);
  };

  const env = (stackId: string, stackName: string, ctx: CallContext, notificationArns: readonly string[] = []): StackEnvironment => ({
    accountId: ctx.accountId, region: ctx.region, stackName, stackId, notificationArns,
  });

  const newStackId = (ctx: CallContext, name: string) => buildArn('cloudformation', ctx.region, ctx.accountId, `stack/${name}/${randomUUID()}`);

  /** A stack by name (live only) or by ARN (deleted ones too). */
  const findStack = (nameOrArn: string, ctx: CallContext): StackRecord | undefined => {
    if (isArn(nameOrArn)) {
      const s = store.getStack(nameOrArn);
      return s && s.accountId === ctx.accountId ? s : undefined;
    }
    return store.findLiveStack(ctx.accountId, ctx.region, nameOrArn);
  };

  const requireStack = (nameOrArn: string, ctx: CallContext, notFound = stackNotFound): StackRecord => {
    const s = findStack(nameOrArn, ctx);
    if (!s) throw notFound(nameOrArn);
    return s;
  };

  const findChangeSet = (r: InputReader, ctx: CallContext): { cs?: ChangeSetRecord; name: string } => {
    const name = r.string('ChangeSetName', { required: true, min: 1, max: 1600 });
    if (isArn(name)) {
      const cs = store.getChangeSet(name);
      return { cs: cs && cs.accountId === ctx.accountId ? cs : undefined, name };
    }
    const stackName = r.string('StackName');
    if (!stackName) throw invalid('StackName must be specified if ChangeSetName is not specified as an ARN.');
    const stack = findStack(stackName, ctx);
    return { cs: stack ? store.findChangeSet(stack.stackId, name) : undefined, name };
  };

  const templateBodyFrom = async (r: InputReader, ctx: CallContext, previous?: StackRecord): Promise<string> => {
    const body = r.string('TemplateBody');
    const url = r.string('TemplateURL');
    const usePrevious = r.boolean('UsePreviousTemplate') ?? false;
    if ([body !== undefined, url !== undefined, usePrevious].filter(Boolean).length > 1) {
      throw invalid('Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate.');
    }
    if (body !== undefined) return body;
    if (url !== undefined) return readTemplateUrl(url, directory, ctx);
    if (usePrevious) {
      if (!previous?.templateBody) throw invalid('UsePreviousTemplate can only be used on an existing stack.');
      return previous.templateBody;
    }
    throw invalid('Either Template URL or Template Body must be specified.');
  };

  const evaluate = async (
    body: string, stackId: string, stackName: string, inputs: ParameterInput[], previous: StackParameter[] | undefined,
    capabilities: string[], ctx: CallContext, notificationArns: string[],
  ): Promise<EvaluatedTemplate> => {
    const template = parseTemplate(body);
    const parameters = await resolveParameters(template, inputs, previous, ssmReader(ctx));
    const evaluated = EvaluatedTemplate.evaluate(template, parameters, env(stackId, stackName, ctx, notificationArns), {
      types,
      importValue: importValue(ctx),
    });
    checkCapabilities(template, capabilities);
    return evaluated;
  };

  const currentResources = (stackId: string): Map<string, ResourceRecord> =>
    new Map(store.listResources(stackId).map((r) => [r.logicalId, r]));

  /** Whether updating `stack` to `next` (with these tags) would change nothing. */
  const isNoChange = (stack: StackRecord, body: string, next: EvaluatedTemplate, tags: Tag[]): boolean => {
    if (!sameParameters(next.parameters, stack.parameters) || !sameTags(tags, stack.tags)) return false;
    if (body === stack.templateBody) return true;
    if (planChanges(next, currentResources(stack.stackId), types, false).length > 0) return false;
    let before: Template;
    try {
      before = parseTemplate(stack.templateBody ?? '');
    } catch {
      return false;
    }
    return nonResourceFingerprint(before) === nonResourceFingerprint(next.template);
  };

  const checkTypeChanges = (next: EvaluatedTemplate, stackId: string): void => {
    const changed = typeChanges(next, currentResources(stackId));
    if (changed.length > 0) {
      throw invalid(`Update of resource type is not permitted. The new template modifies resource type of the following resources: [${changed.join(', ')}]`);
    }
  };

  const runCreate = (stack: StackRecord, next: EvaluatedTemplate, opts: { changeSetId?: string; disableRollback?: boolean; token?: string; onFailure?: string }) =>
    schedule(stack.stackId, async () => {
      await deployer.create(stack, next, { changeSetId: opts.changeSetId, disableRollback: opts.disableRollback, clientRequestToken: opts.token });
      if (opts.onFailure === 'DELETE' && stack.status === 'ROLLBACK_COMPLETE') await deployer.delete(stack, {});
    });

  const finishChangeSet = async (changeSetId: string, stackId: string): Promise<void> => {
    const cs = store.getChangeSet(changeSetId);
    if (!cs) return;
    const stack = store.getStack(stackId);
    const ok = stack !== undefined && ['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(stack.status);
    cs.executionStatus = ok ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
    store.putChangeSet(cs);
  };

  const operations: Record<string, Operation> = {
    // ------------------------------------------------------------------ change sets

    CreateChangeSet: async (input, ctx) => {
      endpoint = ctx.endpoint || endpoint;
      const r = new InputReader(input, invalid);
      const stackName = r.string('StackName', { required: true, min: 1 });
      const changeSetName = r.string('ChangeSetName', { required: true, min: 1, max: 128, pattern: NAME_PATTERN });
      const type = (r.string('ChangeSetType') ?? 'UPDATE') as 'CREATE' | 'UPDATE' | 'IMPORT';
      if (type === 'IMPORT') throw invalid('ChangeSetType IMPORT is not supported by local-cloud');
      if (type !== 'CREATE' && type !== 'UPDATE') throw invalid(`1 validation error detected: Value '${type}' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]`);
      const capabilities = listOfStrings(r, 'Capabilities');
      const notificationArns = listOfStrings(r, 'NotificationARNs');
      const inputs = readParameters(r);
      const clientToken = r.string('ClientToken');

      let existing = findStack(stackName, ctx);
      if (existing?.status === 'DELETE_COMPLETE') existing = undefined;
      if (!isArn(stackName) && !NAME_PATTERN.test(stackName)) {
        throw invalid(`1 validation error detected: Value '${stackName}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`);
      }
      if (type === 'CREATE') {
        if (isArn(stackName)) throw invalid('Stack name must not be an ARN for a CREATE change set.');
        if (existing?.status === 'ROLLBACK_COMPLETE') throw cannotUpdate(existing);
        if (existing && existing.status !== 'REVIEW_IN_PROGRESS') throw new AwsError('AlreadyExistsException', `Stack [${stackName}] already exists`);
      } else {
        if (!existing) throw validationError(`Stack [${stackName}] does not exist`);
        if (!UPDATABLE.has(existing.status)) throw cannotUpdate(existing);
      }
      const prior = existing ? store.findChangeSet(existing.stackId, changeSetName) : undefined;
      if (prior) {
        if (clientToken !== undefined && prior.clientToken === clientToken) return { Id: prior.changeSetId, StackId: prior.stackId };
        throw new AwsError('AlreadyExistsException', `ChangeSet [${changeSetName}] already exists`);
      }
      const tags = readTags(r) ?? existing?.tags ?? [];
      const body = await templateBodyFrom(r, ctx, type === 'UPDATE' ? existing : undefined);
      const realName = existing?.stackName ?? stackName;
      const stackId = existing?.stackId ?? newStackId(ctx, realName);
      const next = await evaluate(body, stackId, realName, inputs, type === 'UPDATE' ? existing?.parameters : undefined, capabilities, ctx, notificationArns);
      if (type === 'UPDATE') checkTypeChanges(next, stackId);
      const changes = planChanges(next, type === 'UPDATE' ? currentResources(stackId) : new Map(), types);
      const noChange = type === 'UPDATE' && isNoChange(existing!, body, next, tags);

      let stack = existing;
      if (!stack) {
        const operationId = randomUUID();
        stack = {
          stackId, stackName: realName, accountId: ctx.accountId, region: ctx.region,
          status: 'REVIEW_IN_PROGRESS', statusReason: 'User Initiated', creationTime: Date.now(),
          parameters: [], capabilities: [], tags: [], notificationArns: [], outputs: [],
          disableRollback: false, terminationProtection: false,
          lastOperations: [{ OperationType: 'CREATE_CHANGESET', OperationId: operationId }],
        };
        store.putStack(stack);
        store.addEvent({
          stackId, stackName: realName, operationId, logicalId: realName, physicalId: stackId,
          resourceType: 'AWS::CloudFormation::Stack', status: 'REVIEW_IN_PROGRESS', reason: 'User Initiated',
        });
      }
      const changeSetId = buildArn('cloudformation', ctx.region, ctx.accountId, `changeSet/${changeSetName}/${randomUUID()}`);
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
    },

    DescribeChangeSet: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const { cs, name } = findChangeSet(r, ctx);
      if (!cs) throw changeSetNotFound(name);
      return changeSetShape(cs, r.boolean('IncludePropertyValues') ?? false);
    },

    ExecuteChangeSet: async (input, ctx) => {
      endpoint = ctx.endpoint || endpoint;
      const r = new InputReader(input, invalid);
      const { cs, name } = findChangeSet(r, ctx);
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
      const next = EvaluatedTemplate.evaluate(parseTemplate(cs.templateBody), cs.parameters,
        env(stack.stackId, stack.stackName, ctx, cs.notificationArns), { types, importValue: importValue(ctx) });

      cs.executionStatus = 'EXECUTE_IN_PROGRESS';
      store.putChangeSet(cs);
      // executing a change set removes the stack's other change sets
      for (const other of store.listChangeSets(stack.stackId)) if (other.changeSetId !== cs.changeSetId) store.deleteChangeSet(other.changeSetId);

      stack.capabilities = cs.capabilities;
      stack.tags = cs.tags;
      stack.notificationArns = cs.notificationArns;
      stack.roleArn = cs.roleArn ?? stack.roleArn;
      stack.disableRollback = disableRollback;
      const token = r.string('ClientRequestToken');
      if (cs.changeSetType === 'CREATE') {
        stack.templateBody = cs.templateBody;
        stack.parameters = cs.parameters;
        stack.description = next.template.Description;
        stack.changeSetId = cs.changeSetId;
        await settle(schedule(stack.stackId, async () => {
          await deployer.create(stack, next, { changeSetId: cs.changeSetId, disableRollback, clientRequestToken: token });
          await finishChangeSet(cs.changeSetId, stack.stackId);
        }));
      } else {
        await settle(schedule(stack.stackId, async () => {
          await deployer.update(stack, next, cs.templateBody, { changeSetId: cs.changeSetId, disableRollback, clientRequestToken: token });
          await finishChangeSet(cs.changeSetId, stack.stackId);
        }));
      }
      return {};
    },

    DeleteChangeSet: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const { cs, name } = findChangeSet(r, ctx);
      if (!cs) {
        // deleting a change set that is not there succeeds by name (the CDK CLI relies on it)
        if (isArn(name)) throw changeSetNotFound(name);
        return {};
      }
      if (cs.executionStatus === 'EXECUTE_IN_PROGRESS') {
        throw new AwsError('InvalidChangeSetStatus', `Cannot delete ChangeSet in status ${cs.executionStatus}`);
      }
      store.deleteChangeSet(cs.changeSetId);
      return {};
    },

    ListChangeSets: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const stack = requireStack(r.string('StackName', { required: true, min: 1 }), ctx);
      return { Summaries: store.listChangeSets(stack.stackId).map(changeSetSummaryShape) };
    },

    // ------------------------------------------------------------------ stacks

    DescribeStacks: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const name = r.string('StackName');
      if (name !== undefined && name !== '') return { Stacks: [stackShape(requireStack(name, ctx))] };
      return { Stacks: store.listStacks(ctx.accountId, ctx.region, false).map(stackShape) };
    },

    ListStacks: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const filter = listOfStrings(r, 'StackStatusFilter');
      const stacks = store.listStacks(ctx.accountId, ctx.region, true).filter((s) => filter.length === 0 || filter.includes(s.status));
      return { StackSummaries: stacks.map(stackSummaryShape) };
    },

    CreateStack: async (input, ctx) => {
      endpoint = ctx.endpoint || endpoint;
      const r = new InputReader(input, invalid);
      const stackName = r.string('StackName', { required: true, min: 1, max: 128, pattern: NAME_PATTERN });
      if (findStack(stackName, ctx)) throw new AwsError('AlreadyExistsException', `Stack [${stackName}] already exists`);
      const capabilities = listOfStrings(r, 'Capabilities');
      const notificationArns = listOfStrings(r, 'NotificationARNs');
      const body = await templateBodyFrom(r, ctx);
      const stackId = newStackId(ctx, stackName);
      const next = await evaluate(body, stackId, stackName, readParameters(r), undefined, capabilities, ctx, notificationArns);
      if (findStack(stackName, ctx)) throw new AwsError('AlreadyExistsException', `Stack [${stackName}] already exists`);
      const onFailure = r.string('OnFailure') ?? (r.boolean('DisableRollback') ? 'DO_NOTHING' : 'ROLLBACK');
      const stack: StackRecord = {
        stackId, stackName, accountId: ctx.accountId, region: ctx.region,
        status: 'CREATE_IN_PROGRESS', statusReason: 'User Initiated', creationTime: Date.now(),
        description: next.template.Description, templateBody: body, parameters: [...next.parameters],
        capabilities, tags: readTags(r) ?? [], notificationArns, roleArn: r.string('RoleARN'), outputs: [],
        disableRollback: onFailure === 'DO_NOTHING', terminationProtection: r.boolean('EnableTerminationProtection') ?? false,
        lastOperations: [],
      };
      store.putStack(stack);
      await settle(runCreate(stack, next, { disableRollback: onFailure === 'DO_NOTHING', token: r.string('ClientRequestToken'), onFailure }));
      return { StackId: stackId, OperationId: stack.lastOperations[0]?.OperationId };
    },

    UpdateStack: async (input, ctx) => {
      endpoint = ctx.endpoint || endpoint;
      const r = new InputReader(input, invalid);
      const stackName = r.string('StackName', { required: true, min: 1 });
      const stack = findStack(stackName, ctx);
      if (!stack || stack.status === 'DELETE_COMPLETE') throw validationError(`Stack [${stackName}] does not exist`);
      if (!UPDATABLE.has(stack.status) || stack.operation) throw cannotUpdate(stack);
      const capabilities = listOfStrings(r, 'Capabilities');
      const notificationArns = r.has('NotificationARNs') ? listOfStrings(r, 'NotificationARNs') : stack.notificationArns;
      const body = await templateBodyFrom(r, ctx, stack);
      const next = await evaluate(body, stack.stackId, stack.stackName, readParameters(r), stack.parameters, capabilities, ctx, notificationArns);
      checkTypeChanges(next, stack.stackId);
      const tags = readTags(r) ?? stack.tags;
      if (isNoChange(stack, body, next, tags)) throw validationError('No updates are to be performed.');
      stack.capabilities = capabilities;
      stack.tags = tags;
      stack.notificationArns = notificationArns;
      stack.roleArn = r.string('RoleARN') ?? stack.roleArn;
      const disableRollback = r.boolean('DisableRollback') ?? false;
      stack.disableRollback = disableRollback;
      await settle(schedule(stack.stackId, () => deployer.update(stack, next, body, { disableRollback, clientRequestToken: r.string('ClientRequestToken') })));
      return { StackId: stack.stackId, OperationId: stack.lastOperations[0]?.OperationId };
    },

    DeleteStack: async (input, ctx) => {
      const r = new InputReader(input, invalid);
      const stackName = r.string('StackName', { required: true, min: 1 });
      const stack = findStack(stackName, ctx);
      // deleting a stack that does not exist (any more) succeeds
      if (!stack || stack.status === 'DELETE_COMPLETE') return {};
      if (stack.terminationProtection) {
        throw validationError(`Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`);
      }
      if (stack.status === 'DELETE_IN_PROGRESS') return {};
      const retainResources = listOfStrings(r, 'RetainResources');
      const token = r.string('ClientRequestToken');
      await settle(schedule(stack.stackId, async () => {
        const current = store.getStack(stack.stackId);
        if (!current || current.status === 'DELETE_COMPLETE') return;
        await deployer.delete(current, { retainResources, clientRequestToken: token });
      }));
      return {};
    },

    UpdateTerminationProtection: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const stack = requireStack(r.string('StackName', { required: true, min: 1 }), ctx);
      const enable = r.boolean('EnableTerminationProtection');
      if (enable === undefined) throw invalid("1 validation error detected: Value null at 'enableTerminationProtection' failed to satisfy constraint: Member must not be null");
      stack.terminationProtection = enable;
      store.putStack(stack);
      return { StackId: stack.stackId };
    },

    DescribeStackEvents: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const name = r.string('StackName', { required: true, min: 1 });
      const stack = requireStack(name, ctx, (n) => validationError(`Stack [${n}] does not exist`));
      const offset = Number(r.string('NextToken') ?? '0') || 0;
      const page = store.listEvents(stack.stackId, offset, 101);
      const more = page.length > 100;
      return { StackEvents: page.slice(0, 100).map(eventShape), NextToken: more ? String(offset + 100) : undefined };
    },

    DescribeStackResources: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const name = r.string('StackName');
      const physicalId = r.string('PhysicalResourceId');
      const logicalId = r.string('LogicalResourceId');
      let stack: StackRecord | undefined;
      if (name) {
        stack = requireStack(name, ctx);
      } else if (physicalId) {
        stack = store.listStacks(ctx.accountId, ctx.region, false)
          .find((s) => store.listResources(s.stackId).some((res) => res.physicalId === physicalId));
        if (!stack) throw validationError(`Stack for ${physicalId} does not exist`);
      } else {
        throw invalid('Either StackName or PhysicalResourceId must be specified.');
      }
      const found = stack;
      const resources = store.listResources(found.stackId)
        .filter((res) => (logicalId === undefined || res.logicalId === logicalId) && (physicalId === undefined || res.physicalId === physicalId || name !== undefined));
      return { StackResources: resources.map((res) => stackResourceShape(found, res)) };
    },

    DescribeStackResource: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const stack = requireStack(r.string('StackName', { required: true, min: 1 }), ctx);
      const logicalId = r.string('LogicalResourceId', { required: true, min: 1 });
      const res = store.getResource(stack.stackId, logicalId);
      if (!res) throw validationError(`Resource ${logicalId} does not exist for stack ${stack.stackName}`);
      let metadata: unknown;
      try {
        metadata = stack.templateBody ? parseTemplate(stack.templateBody).Resources[logicalId]?.Metadata : undefined;
      } catch {
        metadata = undefined;
      }
      return { StackResourceDetail: stackResourceDetailShape(stack, res, metadata) };
    },

    ListStackResources: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const stack = requireStack(r.string('StackName', { required: true, min: 1 }), ctx);
      return { StackResourceSummaries: store.listResources(stack.stackId).map(stackResourceSummaryShape) };
    },

    GetTemplate: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const changeSetName = r.string('ChangeSetName');
      if (changeSetName !== undefined) {
        const { cs, name } = findChangeSet(r, ctx);
        if (!cs) throw changeSetNotFound(name);
        return { TemplateBody: cs.templateBody, StagesAvailable: ['Original', 'Processed'] };
      }
      const stack = requireStack(r.string('StackName', { required: true, min: 1 }), ctx);
      // the bytes as submitted: the CDK CLI compares them with its own template to skip a deploy
      return { TemplateBody: stack.templateBody ?? '{}', StagesAvailable: ['Original', 'Processed'] };
    },

    GetTemplateSummary: async (input, ctx) => {
      const r = new InputReader(input, invalid);
      let body: string;
      const stackName = r.string('StackName');
      if (stackName) {
        body = requireStack(stackName, ctx).templateBody ?? '{}';
      } else {
        body = await templateBodyFrom(r, ctx);
      }
      const template = parseTemplate(body);
      const needed = requiredCapability(template);
      const byType = new Map<string, string[]>();
      for (const [id, res] of Object.entries(template.Resources)) byType.set(res.Type, [...(byType.get(res.Type) ?? []), id]);
      return {
        Parameters: Object.entries(template.Parameters ?? {}).map(([key, p]) => ({
          ParameterKey: key,
          DefaultValue: p.Default === undefined ? undefined : String(p.Default),
          ParameterType: p.Type,
          NoEcho: p.NoEcho === true || p.NoEcho === 'true',
          Description: p.Description,
          ParameterConstraints: p.AllowedValues ? { AllowedValues: p.AllowedValues.map(String) } : {},
        })),
        Description: template.Description,
        Capabilities: needed ? [needed] : undefined,
        CapabilitiesReason: needed ? 'The following resource(s) require capabilities: [' + [...byType.keys()].filter((t) => t.startsWith('AWS::IAM::')).join(', ') + ']' : undefined,
        ResourceTypes: [...byType.keys()],
        Version: template.AWSTemplateFormatVersion,
        Metadata: template.Metadata === undefined ? undefined : JSON.stringify(template.Metadata),
        DeclaredTransforms: [],
        ResourceIdentifierSummaries: [...byType.entries()].map(([t, ids]) => ({ ResourceType: t, LogicalResourceIds: ids })),
      };
    },

    ValidateTemplate: async (input, ctx) => {
      const r = new InputReader(input, invalid);
      const template = parseTemplate(await templateBodyFrom(r, ctx));
      const needed = requiredCapability(template);
      return {
        Parameters: Object.entries(template.Parameters ?? {}).map(([key, p]) => ({
          ParameterKey: key,
          DefaultValue: p.Default === undefined ? undefined : String(p.Default),
          NoEcho: p.NoEcho === true || p.NoEcho === 'true',
          Description: p.Description,
        })),
        Description: template.Description,
        Capabilities: needed ? [needed] : undefined,
        CapabilitiesReason: needed ? 'The following resource(s) require capabilities: [' + Object.values(template.Resources).map((x) => x.Type).filter((t) => t.startsWith('AWS::IAM::')).filter((t, i, a) => a.indexOf(t) === i).join(', ') + ']' : undefined,
        DeclaredTransforms: [],
      };
    },

    ListExports: (_input, ctx) => {
      const exports = store.listStacks(ctx.accountId, ctx.region, false).flatMap((s) => s.outputs
        .filter((o) => o.ExportName !== undefined)
        .map((o) => ({ ExportingStackId: s.stackId, Name: o.ExportName, Value: o.OutputValue })));
      return { Exports: exports };
    },
  };

  // ---- a restart: finish or roll back what was in flight
  for (const cs of store.changeSetsExecuting()) {
    const stack = store.getStack(cs.stackId);
    if (!stack?.operation) {
      cs.executionStatus = stack && ['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(stack.status) ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
      store.putChangeSet(cs);
    }
  }
  const interrupted = store.stacksInFlight();
  // resumed once every service exists (providers call them), unless the server closed at once
  const recovered = new Promise<void>((resolve) => {
    setImmediate(() => {
      if (deps.store.db.open) {
        for (const stack of interrupted) {
          const changeSetId = stack.operation?.changeSetId;
          schedule(stack.stackId, async () => {
            await deployer.resume(stack);
            if (changeSetId) await finishChangeSet(changeSetId, stack.stackId);
          });
        }
      }
      resolve();
    });
  });

  return {
    signingName: 'cloudformation',
    protocol: 'awsQuery',
    apiVersion: '2010-05-15',
    xmlNamespace: NAMESPACE,
    operations,
    recovered,
    async idle() {
      await recovered;
      while (queues.size > 0) await Promise.all([...queues.values()]);
    },
  };
}

