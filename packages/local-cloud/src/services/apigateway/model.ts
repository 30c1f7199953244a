/**
 * API Gateway (REST API, v1) state as stored. Member names follow the service model (`restApiId`,
 * `pathPart`, `methodIntegration` …) so an output is the record minus its bookkeeping. Times are epoch ms.
 */

export interface EndpointConfiguration {
  types: string[];
  ipAddressType?: string;
  vpcEndpointIds?: string[];
}

export interface RestApiRecord {
  id: string;
  accountId: string;
  region: string;
  name: string;
  description?: string;
  version?: string;
  createdDate: number;
  binaryMediaTypes: string[];
  minimumCompressionSize?: number;
  apiKeySource: string;
  endpointConfiguration: EndpointConfiguration;
  policy?: string;
  tags: Record<string, string>;
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
}

export interface IntegrationRecord {
  type: string;
  /** The integration's own verb (`integrationHttpMethod` on input, `httpMethod` on the wire). */
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
}

export interface MethodRecord {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  authorizationScopes?: string[];
  methodIntegration?: IntegrationRecord;
}

export interface ResourceRecord {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods: Record<string, MethodRecord>;
}

/** One route of a deployment: what CreateDeployment froze for a resource. */
export interface RouteSnapshot {
  resourceId: string;
  path: string;
  methods: Record<string, MethodRecord>;
}

/** Everything the data plane needs from a deployment, frozen when it was created (as on AWS). */
export interface DeploymentSnapshot {
  routes: RouteSnapshot[];
  binaryMediaTypes: string[];
}

export interface DeploymentRecord {
  id: string;
  description?: string;
  createdDate: number;
  snapshot: DeploymentSnapshot;
}

export interface MethodSetting {
  metricsEnabled: boolean;
  /** Absent until set. */
  loggingLevel?: string;
  dataTraceEnabled: boolean;
  throttlingBurstLimit: number;
  throttlingRateLimit: number;
  cachingEnabled: boolean;
  cacheTtlInSeconds: number;
  cacheDataEncrypted: boolean;
  requireAuthorizationForCacheControl: boolean;
  unauthorizedCacheControlHeaderStrategy: string;
}

export interface AccessLogSettings {
  format?: string;
  destinationArn?: string;
}

export interface StageRecord {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables: Record<string, string>;
  /** Keyed `<resource path without its leading '/', '/' as '~1'>/<VERB>`; `*` + `/` + `*` for all. */
  methodSettings: Record<string, MethodSetting>;
  accessLogSettings?: AccessLogSettings;
  tracingEnabled: boolean;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  documentationVersion?: string;
  tags: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

export interface AccountRecord {
  cloudwatchRoleArn?: string;
}

/** API Gateway's account-level throttle (per region), also the default of every method setting. */
export const ACCOUNT_THROTTLE = { burstLimit: 5000, rateLimit: 10000 } as const;

/** The verbs PutMethod accepts. */
export const HTTP_METHODS = ['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;
