import { apiGatewayResourceArn } from '../../../core/arns/apigateway';
import { InvalidRequestError, jsonEqual, NotSupportedError, optBool, optInt, optString, policyText, requireOperations, ResourceProvider, tagMap } from './provider';

interface PatchOperation {
  op: 'replace' | 'add' | 'remove';
  path: string;
  value?: string;
}

function endpointConfiguration(props: Record<string, unknown>): { types: string[] } | undefined {
  const ec = props.EndpointConfiguration as { Types?: unknown } | undefined;
  if (!ec || !Array.isArray(ec.Types)) return undefined;
  return { types: ec.Types.map(String) };
}

function stringList(props: Record<string, unknown>, name: string): string[] {
  const v = props[name];
  return Array.isArray(v) ? v.map(String) : [];
}

/** `/` inside a JSON-patch path segment is written `~1`. */
const escapePath = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * `AWS::ApiGateway::RestApi`: CreateRestApi (its root resource id is `RootResourceId`), UpdateRestApi patches,
 * DeleteRestApi. An OpenAPI `Body` is not supported.
 */
export const restApiProvider: ResourceProvider = {
  type: 'AWS::ApiGateway::RestApi',
  replaceOn: [],
  attributes: ['RestApiId', 'RootResourceId'],

  async create(props, ctx) {
    if (props.Body !== undefined || props.BodyS3Location !== undefined) {
      throw new NotSupportedError('Body and BodyS3Location (OpenAPI import) of AWS::ApiGateway::RestApi are not supported by local-cloud');
    }
    const name = optString(props, 'Name');
    if (name === undefined) throw new InvalidRequestError('#: required key [Name] not found');
    const out = await ctx.call<{ id: string; rootResourceId: string }>('apigateway', 'CreateRestApi', {
      name,
      description: optString(props, 'Description'),
      endpointConfiguration: endpointConfiguration(props),
      binaryMediaTypes: props.BinaryMediaTypes === undefined ? undefined : stringList(props, 'BinaryMediaTypes'),
      minimumCompressionSize: optInt(props, 'MinimumCompressionSize'),
      apiKeySource: optString(props, 'ApiKeySourceType'),
      policy: policyText(props.Policy),
      tags: tagMap(props.Tags),
      disableExecuteApiEndpoint: optBool(props, 'DisableExecuteApiEndpoint'),
      cloneFrom: optString(props, 'CloneFrom'),
    });
    return { physicalId: out.id, attributes: { RestApiId: out.id, RootResourceId: out.rootResourceId } };
  },

  async update(id, before, after, ctx) {
    if (!jsonEqual(before.Tags, after.Tags)) requireOperations(ctx, 'apigateway', ['TagResource', 'UntagResource'], 'Changing Tags of AWS::ApiGateway::RestApi');
    const ops: PatchOperation[] = [];
    const replace = (prop: string, path: string, value: string | undefined) => {
      if (!jsonEqual(before[prop], after[prop])) ops.push({ op: 'replace', path, value: value ?? '' });
    };
    replace('Name', '/name', optString(after, 'Name'));
    replace('Description', '/description', optString(after, 'Description'));
    replace('Policy', '/policy', policyText(after.Policy));
    replace('MinimumCompressionSize', '/minimumCompressionSize', optString(after, 'MinimumCompressionSize'));
    replace('ApiKeySourceType', '/apiKeySource', optString(after, 'ApiKeySourceType'));
    replace('DisableExecuteApiEndpoint', '/disableExecuteApiEndpoint', String(optBool(after, 'DisableExecuteApiEndpoint') ?? false));
    const oldTypes = stringList(before, 'BinaryMediaTypes');
    const newTypes = stringList(after, 'BinaryMediaTypes');
    for (const t of oldTypes) if (!newTypes.includes(t)) ops.push({ op: 'remove', path: `/binaryMediaTypes/${escapePath(t)}` });
    for (const t of newTypes) if (!oldTypes.includes(t)) ops.push({ op: 'add', path: `/binaryMediaTypes/${escapePath(t)}` });
    if (!jsonEqual(before.Tags, after.Tags)) {
      const resourceArn = apiGatewayResourceArn(ctx.region, `/restapis/${id}`);
      const old = tagMap(before.Tags) ?? {};
      const next = tagMap(after.Tags) ?? {};
      const removed = Object.keys(old).filter((k) => !(k in next));
      if (removed.length > 0) await ctx.call('apigateway', 'UntagResource', { resourceArn, tagKeys: removed });
      if (Object.keys(next).length > 0) await ctx.call('apigateway', 'TagResource', { resourceArn, tags: next });
    }
    if (ops.length > 0) await ctx.call('apigateway', 'UpdateRestApi', { restApiId: id, patchOperations: ops });
    return undefined;
  },

  async delete(id, _props, ctx) {
    await ctx.call('apigateway', 'DeleteRestApi', { restApiId: id });
  },
};
