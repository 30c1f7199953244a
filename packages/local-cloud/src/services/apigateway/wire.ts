import type {
  DeploymentRecord,
  IntegrationRecord,
  MethodRecord,
  ResourceRecord,
  RestApiRecord,
  StageRecord,
} from './model';

/**
 * Output shapes as the model names them: records minus bookkeeping, timestamps as `Date` (the protocol
 * writes epoch seconds), empty optional collections left out.
 */
export function restApiOutput(api: RestApiRecord): Record<string, unknown> {
  return {
    id: api.id,
    name: api.name,
    description: api.description,
    createdDate: new Date(api.createdDate),
    version: api.version,
    binaryMediaTypes: api.binaryMediaTypes.length > 0 ? api.binaryMediaTypes : undefined,
    minimumCompressionSize: api.minimumCompressionSize,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: api.endpointConfiguration,
    policy: api.policy,
    tags: Object.keys(api.tags).length > 0 ? api.tags : undefined,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.rootResourceId,
  };
}

/**
 * A resource; with `embedMethods` its methods in full (GetResources `?embed=methods`), otherwise each
 * method as an empty object, as API Gateway lists them.
 */
export function resourceOutput(resource: ResourceRecord, embedMethods: boolean): Record<string, unknown> {
  const verbs = Object.keys(resource.resourceMethods);
  return {
    id: resource.id,
    parentId: resource.parentId,
    pathPart: resource.pathPart,
    path: resource.path,
    resourceMethods:
      verbs.length === 0
        ? undefined
        : Object.fromEntries(verbs.map((v) => [v, embedMethods ? methodOutput(resource.resourceMethods[v]) : {}])),
  };
}

export function methodOutput(method: MethodRecord): Record<string, unknown> {
  return {
    ...method,
    methodIntegration: method.methodIntegration ? integrationOutput(method.methodIntegration) : undefined,
  };
}

export function integrationOutput(integration: IntegrationRecord): Record<string, unknown> {
  return { ...integration };
}

/** A deployment; with `apiSummary` the routes it froze (`?embed=apisummary`). */
export function deploymentOutput(deployment: DeploymentRecord, apiSummary: boolean): Record<string, unknown> {
  return {
    id: deployment.id,
    description: deployment.description,
    createdDate: new Date(deployment.createdDate),
    apiSummary: apiSummary
      ? Object.fromEntries(
          deployment.snapshot.routes
            .filter((r) => Object.keys(r.methods).length > 0)
            .map((r) => [
              r.path,
              Object.fromEntries(
                Object.values(r.methods).map((m) => [
                  m.httpMethod,
                  { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired },
                ]),
              ),
            ]),
        )
      : undefined,
  };
}

export function stageOutput(stage: StageRecord): Record<string, unknown> {
  return {
    deploymentId: stage.deploymentId,
    stageName: stage.stageName,
    description: stage.description,
    cacheClusterEnabled: stage.cacheClusterEnabled,
    cacheClusterSize: stage.cacheClusterSize,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: stage.methodSettings,
    variables: Object.keys(stage.variables).length > 0 ? stage.variables : undefined,
    documentationVersion: stage.documentationVersion,
    accessLogSettings: stage.accessLogSettings,
    tracingEnabled: stage.tracingEnabled,
    tags: Object.keys(stage.tags).length > 0 ? stage.tags : undefined,
    createdDate: new Date(stage.createdDate),
    lastUpdatedDate: new Date(stage.lastUpdatedDate),
  };
}

/** GetAccount / UpdateAccount. */
export function accountOutput(account: { cloudwatchRoleArn?: string; throttleSettings: object }): Record<string, unknown> {
  return {
    cloudwatchRoleArn: account.cloudwatchRoleArn,
    throttleSettings: account.throttleSettings,
    features: ['UsagePlans'],
    apiKeyVersion: '4',
  };
}
