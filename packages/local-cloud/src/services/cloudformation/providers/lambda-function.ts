import { buffer } from 'node:stream/consumers';
import { ZipFile } from 'yazl';
import {
  generatedName,
  InvalidRequestError,
  NotSupportedError,
  jsonEqual,
  optInt,
  optString,
  ProviderContext,
  requireOperations,
  ResourceProvider,
  ServiceCallError,
  tagMap,
} from './provider';

type Props = Record<string, unknown>;

interface FunctionConfiguration {
  FunctionArn: string;
  State?: string;
  StateReason?: string;
  LastUpdateStatus?: string;
  LastUpdateStatusReason?: string;
}

/** How long a function may stay Pending or InProgress before the resource fails. */
const READY_TIMEOUT_MS = 10 * 60 * 1000;

const CONFIGURATION = [
  'Role', 'Handler', 'Description', 'Timeout', 'MemorySize', 'Environment', 'Runtime', 'TracingConfig', 'LoggingConfig',
  'Layers', 'EphemeralStorage', 'DeadLetterConfig', 'KmsKeyArn', 'VpcConfig', 'ImageConfig', 'FileSystemConfigs', 'SnapStart',
];

// IAM is eventually consistent on AWS; CloudFormation retries a function whose new role Lambda cannot assume yet
const ROLE_NOT_READY = /cannot be assumed by Lambda/;

// 1980-01-01 00:00 as a DOS time alone (local fields, no Unix-time extra field): the same inline source gives
// the same zip, hence the same CodeSha256, in every time zone
const INLINE_MTIME = new Date(1980, 0, 1);

/** CloudFormation's archive of an inline `Code.ZipFile`: the one source file, deflated. */
function inlineArchive(fileName: string, source: string): Promise<Buffer> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(source, 'utf8'), fileName, { mtime: INLINE_MTIME, forceDosTimestamp: true, mode: 0o644, compress: true });
  zip.end();
  return buffer(zip.outputStream);
}

/** The `Code` member of CreateFunction / the input of UpdateFunctionCode, from the template's `Code`. */
async function code(props: Props): Promise<Record<string, unknown>> {
  const c = props.Code as Props | undefined;
  if (!c || typeof c !== 'object') throw new InvalidRequestError('#: required key [Code] not found');
  if (typeof c.ZipFile === 'string') {
    // inline source: CloudFormation zips it as index.js (Node.js) or index.py (Python)
    const runtime = optString(props, 'Runtime') ?? '';
    const file = runtime.startsWith('python') ? 'index.py' : 'index.js';
    return { ZipFile: (await inlineArchive(file, c.ZipFile)).toString('base64') };
  }
  if (c.ImageUri !== undefined) throw new NotSupportedError('Container image functions (Code.ImageUri) are not supported by local-cloud');
  return {
    S3Bucket: optString(c, 'S3Bucket'),
    S3Key: optString(c, 'S3Key'),
    S3ObjectVersion: optString(c, 'S3ObjectVersion'),
  };
}

function configuration(props: Props): Record<string, unknown> {
  return {
    Role: optString(props, 'Role'),
    Handler: optString(props, 'Handler'),
    Description: optString(props, 'Description'),
    Timeout: optInt(props, 'Timeout'),
    MemorySize: optInt(props, 'MemorySize'),
    Environment: props.Environment,
    Runtime: optString(props, 'Runtime'),
    TracingConfig: props.TracingConfig,
    LoggingConfig: props.LoggingConfig,
    Layers: props.Layers,
    EphemeralStorage: props.EphemeralStorage,
    DeadLetterConfig: props.DeadLetterConfig,
    KMSKeyArn: optString(props, 'KmsKeyArn'),
    VpcConfig: props.VpcConfig,
    ImageConfig: props.ImageConfig,
    FileSystemConfigs: props.FileSystemConfigs,
    SnapStart: props.SnapStart,
  };
}

async function withRoleRetry<T>(ctx: ProviderContext, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof ServiceCallError) || !ROLE_NOT_READY.test(e.message) || attempt >= 5) throw e;
      await ctx.sleep(200 * attempt);
    }
  }
}

/**
 * Waits until the function is `Active` and its last update no longer `InProgress` (GetFunction), as
 * CloudFormation's handler does after CreateFunction and each update (Lambda would refuse the next update or a
 * TagResource meanwhile). Polls from 10 ms, doubling to 250 ms: local-cloud's transitions are short.
 */
async function waitReady(ctx: ProviderContext, name: string): Promise<FunctionConfiguration> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (let pause = 10; ; pause = Math.min(pause * 2, 250)) {
    const out = await ctx.call<{ Configuration: FunctionConfiguration }>('lambda', 'GetFunction', { FunctionName: name });
    const { State: state, LastUpdateStatus: update } = out.Configuration;
    if (state === 'Failed') throw new Error(`Function ${name} failed to become active: ${out.Configuration.StateReason ?? 'unknown reason'}`);
    if (update === 'Failed') throw new Error(`The update of function ${name} failed: ${out.Configuration.LastUpdateStatusReason ?? 'unknown reason'}`);
    if ((state === undefined || state === 'Active') && update !== 'InProgress') return out.Configuration;
    if (Date.now() >= deadline) throw new Error(`Function ${name} did not become ready in time (State ${state}, LastUpdateStatus ${update})`);
    await ctx.sleep(pause);
  }
}

async function setConcurrency(ctx: ProviderContext, name: string, props: Props): Promise<void> {
  const reserved = optInt(props, 'ReservedConcurrentExecutions');
  if (reserved === undefined) await ctx.call('lambda', 'DeleteFunctionConcurrency', { FunctionName: name });
  else await ctx.call('lambda', 'PutFunctionConcurrency', { FunctionName: name, ReservedConcurrentExecutions: reserved });
}

/**
 * `AWS::Lambda::Function`: CreateFunction (retried while a new role settles) → GetFunction until `Active`;
 * UpdateFunctionConfiguration / UpdateFunctionCode on update, each followed by GetFunction until
 * `LastUpdateStatus` is no longer `InProgress`; DeleteFunction. `Ref` is the function name.
 */
export const lambdaFunctionProvider: ResourceProvider = {
  type: 'AWS::Lambda::Function',
  replaceOn: ['FunctionName', 'PackageType', 'TenancyConfig'],
  attributes: ['Arn', 'SnapStartResponse', 'SnapStartResponse.ApplyOn', 'SnapStartResponse.OptimizationStatus'],
  nameProperty: 'FunctionName',

  async create(props, ctx) {
    if (props.ReservedConcurrentExecutions !== undefined) {
      requireOperations(ctx, 'lambda', ['PutFunctionConcurrency'], 'ReservedConcurrentExecutions of AWS::Lambda::Function');
    }
    const name = optString(props, 'FunctionName') ?? generatedName(ctx.stackName, ctx.logicalId, 64);
    if (optString(props, 'Role') === undefined) throw new InvalidRequestError('#: required key [Role] not found');
    await ctx.creating(name, () => withRoleRetry(ctx, async () => ctx.call('lambda', 'CreateFunction', {
      FunctionName: name,
      Code: await code(props),
      ...configuration(props),
      PackageType: optString(props, 'PackageType'),
      Architectures: props.Architectures,
      Tags: tagMap(props.Tags),
      Publish: false,
    })));
    const { FunctionArn } = await waitReady(ctx, name);
    if (props.ReservedConcurrentExecutions !== undefined) await setConcurrency(ctx, name, props);
    return { physicalId: name, attributes: { Arn: FunctionArn } };
  },

  async update(name, before, after, ctx) {
    if (!jsonEqual(before.ReservedConcurrentExecutions, after.ReservedConcurrentExecutions)) {
      requireOperations(ctx, 'lambda', ['PutFunctionConcurrency', 'DeleteFunctionConcurrency'], 'Changing ReservedConcurrentExecutions of AWS::Lambda::Function');
    }
    // an update (or a rollback) that failed before its wait may have left the function InProgress
    await waitReady(ctx, name);
    if (CONFIGURATION.some((p) => !jsonEqual(before[p], after[p]))) {
      await withRoleRetry(ctx, () => ctx.call('lambda', 'UpdateFunctionConfiguration', { FunctionName: name, ...configuration(after) }));
      await waitReady(ctx, name);
    }
    if (!jsonEqual(before.Code, after.Code) || !jsonEqual(before.Architectures, after.Architectures)) {
      await ctx.call('lambda', 'UpdateFunctionCode', { FunctionName: name, ...(await code(after)), Architectures: after.Architectures });
      await waitReady(ctx, name);
    }
    if (!jsonEqual(before.ReservedConcurrentExecutions, after.ReservedConcurrentExecutions)) await setConcurrency(ctx, name, after);
    if (!jsonEqual(before.Tags, after.Tags)) {
      const fn = await ctx.call<{ Configuration: FunctionConfiguration }>('lambda', 'GetFunction', { FunctionName: name });
      const old = tagMap(before.Tags) ?? {};
      const next = tagMap(after.Tags) ?? {};
      const removed = Object.keys(old).filter((k) => !(k in next));
      if (removed.length > 0) await ctx.call('lambda', 'UntagResource', { Resource: fn.Configuration.FunctionArn, TagKeys: removed });
      if (Object.keys(next).length > 0) await ctx.call('lambda', 'TagResource', { Resource: fn.Configuration.FunctionArn, Tags: next });
    }
    return undefined;
  },

  async delete(name, _props, ctx) {
    await ctx.call('lambda', 'DeleteFunction', { FunctionName: name });
  },
};
