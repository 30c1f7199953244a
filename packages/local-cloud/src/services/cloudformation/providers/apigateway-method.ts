import {
  generatedName,
  InvalidRequestError,
  isNotFound,
  NotSupportedError,
  optBool,
  optInt,
  optString,
  ProviderContext,
  requireOperations,
  ResourceProvider,
  reqString,
} from './provider';

type Props = Record<string, unknown>;

function target(props: Props) {
  return {
    restApiId: reqString(props, 'RestApiId'),
    resourceId: reqString(props, 'ResourceId'),
    httpMethod: reqString(props, 'HttpMethod').toUpperCase(),
  };
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null || typeof v !== 'object') return undefined;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}

/** Method and integration responses are not modelled by local-cloud's API Gateway: refuse them rather than drop them. */
function checkResponses(props: Props, ctx: ProviderContext): void {
  if (Array.isArray(props.MethodResponses) && props.MethodResponses.length > 0) {
    requireOperations(ctx, 'apigateway', ['PutMethodResponse'], 'MethodResponses of AWS::ApiGateway::Method');
    throw new NotSupportedError('MethodResponses of AWS::ApiGateway::Method are not supported by local-cloud yet');
  }
  const integration = props.Integration as Props | undefined;
  if (integration && Array.isArray(integration.IntegrationResponses) && integration.IntegrationResponses.length > 0) {
    requireOperations(ctx, 'apigateway', ['PutIntegrationResponse'], 'Integration.IntegrationResponses of AWS::ApiGateway::Method');
    throw new NotSupportedError('Integration.IntegrationResponses of AWS::ApiGateway::Method are not supported by local-cloud yet');
  }
}

async function putMethodAndIntegration(physicalId: string, props: Props, ctx: ProviderContext): Promise<void> {
  const where = target(props);
  await ctx.creating(physicalId, () => ctx.call('apigateway', 'PutMethod', {
    ...where,
    authorizationType: optString(props, 'AuthorizationType') ?? 'NONE',
    authorizerId: optString(props, 'AuthorizerId'),
    apiKeyRequired: optBool(props, 'ApiKeyRequired'),
    operationName: optString(props, 'OperationName'),
    requestParameters: props.RequestParameters as Record<string, boolean> | undefined,
    requestModels: stringMap(props.RequestModels),
    requestValidatorId: optString(props, 'RequestValidatorId'),
    authorizationScopes: Array.isArray(props.AuthorizationScopes) ? props.AuthorizationScopes.map(String) : undefined,
  }));
  const integration = props.Integration as Props | undefined;
  if (!integration) return;
  if (typeof integration !== 'object') throw new InvalidRequestError('#/Integration: expected type: JSONObject');
  // the integration's own verb travels as the body member `httpMethod`, apart from the method's label
  await ctx.call('apigateway', 'PutIntegration', {
    ...where,
    body: {
      type: reqString(integration, 'Type'),
      httpMethod: optString(integration, 'IntegrationHttpMethod'),
      uri: optString(integration, 'Uri'),
      connectionType: optString(integration, 'ConnectionType'),
      connectionId: optString(integration, 'ConnectionId'),
      credentials: optString(integration, 'Credentials'),
      requestParameters: stringMap(integration.RequestParameters),
      requestTemplates: stringMap(integration.RequestTemplates),
      passthroughBehavior: optString(integration, 'PassthroughBehavior'),
      cacheNamespace: optString(integration, 'CacheNamespace'),
      cacheKeyParameters: Array.isArray(integration.CacheKeyParameters) ? integration.CacheKeyParameters.map(String) : undefined,
      contentHandling: optString(integration, 'ContentHandling'),
      timeoutInMillis: optInt(integration, 'TimeoutInMillis'),
    },
  });
}

async function deleteMethod(props: Props, ctx: ProviderContext): Promise<void> {
  try {
    await ctx.call('apigateway', 'DeleteMethod', target(props));
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/**
 * `AWS::ApiGateway::Method`: PutMethod + PutIntegration. An update puts the method again (DeleteMethod first:
 * PutMethod does not overwrite). The physical id is a generated name; the method is found by its properties.
 */
export const apiMethodProvider: ResourceProvider = {
  type: 'AWS::ApiGateway::Method',
  replaceOn: ['RestApiId', 'ResourceId', 'HttpMethod'],
  attributes: [],

  async create(props, ctx) {
    checkResponses(props, ctx);
    const physicalId = generatedName(ctx.stackName.slice(0, 5), ctx.logicalId.slice(0, 5), 64);
    await putMethodAndIntegration(physicalId, props, ctx);
    return { physicalId };
  },

  async update(id, before, after, ctx) {
    checkResponses(after, ctx);
    await deleteMethod(before, ctx);
    await putMethodAndIntegration(id, after, ctx);
    return undefined;
  },

  async delete(_id, props, ctx) {
    await deleteMethod(props, ctx);
  },
};
