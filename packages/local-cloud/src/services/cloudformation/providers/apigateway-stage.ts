import { apiGatewayResourceArn } from '../../../core/arns/apigateway';
import { InvalidRequestError, jsonEqual, optBool, optString, reqString, requireOperations, ResourceProvider, tagMap } from './provider';

interface PatchOperation {
  op: 'replace' | 'add' | 'remove';
  path: string;
  value?: string;
}

type Props = Record<string, unknown>;

/** The patch path of a method setting: `/*\/*` for all, `/~1pets/GET` for one (`/` written `~1`). */
function settingPrefix(setting: Props): string {
  const resourcePath = optString(setting, 'ResourcePath') ?? '/*';
  const method = optString(setting, 'HttpMethod') ?? '*';
  const path = resourcePath === '/*' ? '*' : resourcePath.replace(/~/g, '~0').replace(/\//g, '~1');
  return `/${path}/${method}`;
}

const SETTING_PATHS: Array<[string, string]> = [
  ['LoggingLevel', 'logging/loglevel'],
  ['DataTraceEnabled', 'logging/dataTrace'],
  ['MetricsEnabled', 'metrics/enabled'],
  ['ThrottlingBurstLimit', 'throttling/burstLimit'],
  ['ThrottlingRateLimit', 'throttling/rateLimit'],
  ['CachingEnabled', 'caching/enabled'],
  ['CacheTtlInSeconds', 'caching/ttlInSeconds'],
  ['CacheDataEncrypted', 'caching/dataEncrypted'],
];

function methodSettings(props: Props): Props[] {
  const v = props.MethodSettings;
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new InvalidRequestError('#/MethodSettings: expected type: JSONArray');
  return v as Props[];
}

/** The UpdateStage patch that gives a stage the access-log and method settings of `props`. */
function settingsPatch(before: Props | undefined, props: Props): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const logs = props.AccessLogSetting as Props | undefined;
  const oldLogs = before?.AccessLogSetting as Props | undefined;
  if (!jsonEqual(logs, oldLogs)) {
    if (logs && optString(logs, 'DestinationArn')) {
      ops.push({ op: 'replace', path: '/accessLogSettings/destinationArn', value: optString(logs, 'DestinationArn') });
      if (optString(logs, 'Format')) ops.push({ op: 'replace', path: '/accessLogSettings/format', value: optString(logs, 'Format') });
    } else if (oldLogs) {
      ops.push({ op: 'remove', path: '/accessLogSettings' });
    }
  }
  const oldSettings = before ? methodSettings(before) : [];
  for (const setting of methodSettings(props)) {
    const prefix = settingPrefix(setting);
    const old = oldSettings.find((s) => settingPrefix(s) === prefix);
    for (const [prop, path] of SETTING_PATHS) {
      if (setting[prop] === undefined || (old && jsonEqual(old[prop], setting[prop]))) continue;
      ops.push({ op: 'replace', path: `${prefix}/${path}`, value: String(setting[prop]) });
    }
  }
  for (const old of oldSettings) {
    const prefix = settingPrefix(old);
    if (!methodSettings(props).some((s) => settingPrefix(s) === prefix)) ops.push({ op: 'remove', path: prefix });
  }
  return ops;
}

function variables(props: Props): Record<string, string> | undefined {
  const v = props.Variables;
  if (v === undefined || v === null || typeof v !== 'object') return undefined;
  return Object.fromEntries(Object.entries(v as Props).map(([k, x]) => [k, String(x)]));
}

/**
 * `AWS::ApiGateway::Stage`: CreateStage, then UpdateStage for what CreateStage does not take (access-log and
 * method settings) — where API Gateway demands the account's CloudWatch role for logging.
 */
export const apiStageProvider: ResourceProvider = {
  type: 'AWS::ApiGateway::Stage',
  replaceOn: ['RestApiId', 'StageName'],
  attributes: [],

  async create(props, ctx) {
    const restApiId = reqString(props, 'RestApiId');
    const stageName = reqString(props, 'StageName');
    await ctx.creating(stageName, () => ctx.call('apigateway', 'CreateStage', {
      restApiId,
      stageName,
      deploymentId: reqString(props, 'DeploymentId'),
      description: optString(props, 'Description'),
      variables: variables(props),
      tracingEnabled: optBool(props, 'TracingEnabled'),
      cacheClusterEnabled: optBool(props, 'CacheClusterEnabled'),
      cacheClusterSize: optString(props, 'CacheClusterSize'),
      documentationVersion: optString(props, 'DocumentationVersion'),
      tags: tagMap(props.Tags),
    }));
    const patch = settingsPatch(undefined, props);
    if (patch.length > 0) await ctx.call('apigateway', 'UpdateStage', { restApiId, stageName, patchOperations: patch });
    return { physicalId: stageName };
  },

  async update(stageName, before, after, ctx) {
    if (!jsonEqual(before.Tags, after.Tags)) requireOperations(ctx, 'apigateway', ['TagResource', 'UntagResource'], 'Changing Tags of AWS::ApiGateway::Stage');
    const ops: PatchOperation[] = [];
    const replace = (prop: string, path: string) => {
      if (!jsonEqual(before[prop], after[prop])) ops.push({ op: 'replace', path, value: after[prop] === undefined ? '' : String(after[prop]) });
    };
    replace('DeploymentId', '/deploymentId');
    replace('Description', '/description');
    replace('TracingEnabled', '/tracingEnabled');
    replace('CacheClusterEnabled', '/cacheClusterEnabled');
    replace('CacheClusterSize', '/cacheClusterSize');
    const oldVars = variables(before) ?? {};
    const newVars = variables(after) ?? {};
    for (const k of Object.keys(oldVars)) if (!(k in newVars)) ops.push({ op: 'remove', path: `/variables/${k}` });
    for (const [k, v] of Object.entries(newVars)) if (oldVars[k] !== v) ops.push({ op: 'replace', path: `/variables/${k}`, value: v });
    if (!jsonEqual(before.Tags, after.Tags)) {
      const resourceArn = apiGatewayResourceArn(ctx.region, `/restapis/${reqString(after, 'RestApiId')}/stages/${stageName}`);
      const old = tagMap(before.Tags) ?? {};
      const next = tagMap(after.Tags) ?? {};
      const removed = Object.keys(old).filter((k) => !(k in next));
      if (removed.length > 0) await ctx.call('apigateway', 'UntagResource', { resourceArn, tagKeys: removed });
      if (Object.keys(next).length > 0) await ctx.call('apigateway', 'TagResource', { resourceArn, tags: next });
    }
    ops.push(...settingsPatch(before, after));
    if (ops.length > 0) {
      await ctx.call('apigateway', 'UpdateStage', { restApiId: reqString(after, 'RestApiId'), stageName, patchOperations: ops });
    }
    return undefined;
  },

  async delete(stageName, props, ctx) {
    await ctx.call('apigateway', 'DeleteStage', { restApiId: reqString(props, 'RestApiId'), stageName });
  },
};
