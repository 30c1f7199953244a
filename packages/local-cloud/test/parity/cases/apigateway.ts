// API Gateway (REST API control plane) cases: what a LambdaRestApi deploy and its users call.
import { LOCALSTACK, type ParityCase } from '../case';

const API = `${LOCALSTACK}apigateway/test_apigateway_api.snapshot.json#`;
const COMMON = `${LOCALSTACK}apigateway/test_apigateway_common.snapshot.json#`;

const badRequest = (message: string) => ({ status: 400, error: { code: 'BadRequestException', message } });
const notFound = (message: string) => ({ status: 404, error: { code: 'NotFoundException', message } });
/** UpdateStage of the `dev` stage (the stage fixture's) with these patch operations. */
const updateStage = (...patchOperations: object[]) => ({ restApiId: '{{restApiId}}', stageName: 'dev', patchOperations });
/** UpdateRestApi of the restApi fixture with these patch operations. */
const updateRestApi = (...patchOperations: object[]) => ({ restApiId: '{{restApiId}}', patchOperations });
/** PutMethod without authorization, on the restApi fixture unless `restApiId` is given. */
const putMethod = (resourceId: string, httpMethod: string, restApiId = '{{restApiId}}') => ({ restApiId, resourceId, httpMethod, authorizationType: 'NONE' });
const COMPRESSION_SIZE = badRequest('Invalid minimum compression size, must be between 0 and 10485760');
/** UpdateStage's refusal of a path it does not patch, listing the ones it does (recorded on AWS, AWS's spacing kept). */
const stagePathRefused = (path: string) =>
  `Invalid method setting path: ${path}. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]`;
/** A new REST API as CreateRestApi and GetRestApi answer it (recorded 2025-07). */
const NEW_API = {
  apiKeySource: 'HEADER',
  createdDate: '<datetime>',
  disableExecuteApiEndpoint: false,
  endpointConfiguration: { ipAddressType: 'ipv4', types: ['EDGE'] },
  id: '<any>',
  name: 'parity-api',
  rootResourceId: '<any>',
};
/** A stage CreateDeployment made (recorded: test_create_delete_deployments[True]/get-stages). */
const DEPLOYED_STAGE = {
  cacheClusterEnabled: false,
  cacheClusterStatus: 'NOT_AVAILABLE',
  createdDate: '<datetime>',
  deploymentId: '<any>',
  lastUpdatedDate: '<datetime>',
  methodSettings: {},
  stageName: 'dev',
  tracingEnabled: false,
};
const ACCESS_LOG_PATH = badRequest('Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]');

export const apigatewayCases: ParityCase[] = [
  {
    name: 'CreateRestApi with a name only',
    source: `${API}test_create_rest_api_with_optional_params/create-only-name`,
    request: { op: 'CreateRestApi', input: { name: 'parity-api' } },
    aws: { status: 201, body: NEW_API },
  },
  {
    name: 'CreateRestApi with an empty description',
    source: `${API}test_create_rest_api_with_optional_params/create-empty-desc`,
    request: { op: 'CreateRestApi', input: { name: 'parity-api', description: '' } },
    aws: badRequest('Description cannot be an empty string'),
  },
  {
    name: 'CreateRestApi with two endpoint types',
    source: `${API}test_create_rest_api_with_endpoint_configuration/create-with-two-types`,
    request: { op: 'CreateRestApi', input: { name: 'parity-api', endpointConfiguration: { types: ['EDGE', 'REGIONAL'] } } },
    aws: badRequest('Cannot create an api with multiple Endpoint Types.'),
  },
  {
    name: 'CreateRestApi with no endpoint type',
    source: `${API}test_create_rest_api_with_endpoint_configuration/create-with-empty-types`,
    request: { op: 'CreateRestApi', input: { name: 'parity-api', endpointConfiguration: { types: [] } } },
    aws: badRequest('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.'),
  },
  {
    name: 'UpdateRestApi of an id that does not exist',
    source: `${API}test_update_rest_api_invalid_api_id/not-found-update-rest-api`,
    request: { op: 'UpdateRestApi', input: { restApiId: 'api_id', patchOperations: [{ op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' }] } },
    aws: notFound('Invalid API identifier specified <account>:api_id'),
  },
  {
    name: 'GetRestApi ids are case-sensitive',
    source: `${API}test_get_api_case_insensitive/get-api-upper-case`,
    given: ['restApi'],
    request: { op: 'GetRestApi', input: { restApiId: '{{restApiIdUpper}}' } },
    aws: notFound('Invalid API identifier specified <account>:{{restApiIdUpper}}'),
  },
  {
    name: 'GetResources of a new API lists its root',
    source: `${API}test_resource_lifecycle/rest-api-root-resource`,
    given: ['restApi'],
    request: { op: 'GetResources', input: { restApiId: '{{restApiId}}' } },
    aws: { status: 200, body: { items: [{ id: '<any>', path: '/' }] } },
  },
  {
    name: 'CreateResource answers id, parentId, path and pathPart',
    source: `${API}test_resource_lifecycle/create-resource`,
    given: ['restApi'],
    request: { op: 'CreateResource', input: { restApiId: '{{restApiId}}', parentId: '{{rootResourceId}}', pathPart: 'pets' } },
    aws: { status: 201, body: { id: '<any>', parentId: '<any>', path: '/pets', pathPart: 'pets' } },
  },
  {
    name: 'CreateResource under a parent that does not exist',
    source: `${API}test_create_resource_parent_invalid/wrong-resource-parent-id`,
    given: ['restApi'],
    request: { op: 'CreateResource', input: { restApiId: '{{restApiId}}', parentId: 'fake-id', pathPart: 'pets' } },
    aws: notFound('Invalid Resource identifier specified'),
  },
  {
    name: 'CreateResource of a second variable path part beside {proxy+}',
    source: `${API}test_create_proxy_resource_validation/create-proxy-dynamic-sibling-resource`,
    given: ['proxyResource'],
    request: { op: 'CreateResource', input: { restApiId: '{{restApiId}}', parentId: '{{rootResourceId}}', pathPart: '{dynamic}' } },
    aws: badRequest('A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed'),
  },
  {
    name: 'CreateResource under {proxy+}',
    source: `${API}test_create_proxy_resource_validation/create-proxy-static-child-resource`,
    given: ['proxyResource'],
    request: { op: 'CreateResource', input: { restApiId: '{{restApiId}}', parentId: '{{proxyResourceId}}', pathPart: 'static' } },
    aws: badRequest('Cannot create a child of a resource with a greedy path variable: {proxy+}'),
  },
  {
    name: 'GetResource of an id that does not exist',
    source: `${API}test_update_resource_behaviour/nonexistent-resource (API Gateway's NotFound text for any unknown resource id)`,
    given: ['restApi'],
    request: { op: 'GetResource', input: { restApiId: '{{restApiId}}', resourceId: 'fake-id' } },
    aws: notFound('Invalid Resource identifier specified'),
  },
  {
    name: 'PutMethod answers the method',
    source: `${API}test_method_lifecycle/put-base-method-response`,
    given: ['restApi'],
    request: { op: 'PutMethod', input: putMethod('{{rootResourceId}}', 'ANY') },
    aws: { status: 201, body: { apiKeyRequired: false, authorizationType: 'NONE', httpMethod: 'ANY' } },
  },
  {
    name: 'GetMethod of a method that does not exist',
    source: `${API}test_method_lifecycle/get-deleted-method-response`,
    given: ['restApi'],
    request: { op: 'GetMethod', input: { restApiId: '{{restApiId}}', resourceId: '{{rootResourceId}}', httpMethod: 'ANY' } },
    aws: notFound('Invalid Method identifier specified'),
  },
  {
    name: 'DeleteMethod of a method that does not exist',
    source: `${API}test_method_lifecycle/delete-deleted-method-response`,
    given: ['restApi'],
    request: { op: 'DeleteMethod', input: { restApiId: '{{restApiId}}', resourceId: '{{rootResourceId}}', httpMethod: 'ANY' } },
    aws: notFound('Invalid Method identifier specified'),
  },
  {
    name: 'PutMethod of an HTTP method that is none',
    source: `${API}test_put_method_validation/wrong-method`,
    given: ['restApi'],
    request: { op: 'PutMethod', input: putMethod('{{rootResourceId}}', 'WRONG') },
    aws: badRequest('Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY'),
  },
  {
    name: 'PutMethod with CUSTOM authorization and no authorizer',
    source: `${API}test_put_method_validation/missing-authorizer-id`,
    given: ['restApi'],
    request: { op: 'PutMethod', input: { restApiId: '{{restApiId}}', resourceId: '{{rootResourceId}}', httpMethod: 'ANY', authorizationType: 'CUSTOM' } },
    aws: badRequest('Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.'),
  },
  {
    name: 'GetIntegration of a method without an integration',
    source: `${API}test_integration_response_invalid_integration/get-integration-response-without-integration (the same NotFound text)`,
    given: ['method'],
    request: { op: 'GetIntegration', input: { restApiId: '{{restApiId}}', resourceId: '{{resourceId}}', httpMethod: 'GET' } },
    aws: notFound('Invalid Integration identifier specified'),
  },
  {
    name: 'UpdateStage adding an access-log setting that is none',
    source: `${API}test_stage_access_log_settings_validation/invalid-path-add`,
    given: ['stage'],
    request: { op: 'UpdateStage', input: updateStage({ op: 'add', path: '/accessLogSettings/randomValue', value: 'updated' }) },
    aws: ACCESS_LOG_PATH,
  },
  {
    name: 'UpdateStage replacing /accessLogSettings/*',
    source: `${API}test_stage_access_log_settings_validation/star-and-replace`,
    given: ['stage'],
    request: { op: 'UpdateStage', input: updateStage({ op: 'replace', path: '/accessLogSettings/*', value: 'updated' }) },
    aws: ACCESS_LOG_PATH,
  },
  {
    name: 'UpdateStage removing an access-log setting that is none',
    source: `${API}test_stage_access_log_settings_validation/invalid-path-remove`,
    given: ['stage'],
    request: { op: 'UpdateStage', input: updateStage({ op: 'remove', path: '/accessLogSettings/randomValue' }) },
    aws: badRequest('Cannot remove method setting accessLogSettings/randomValue because there is no method setting for this method '),
  },
  {
    name: 'GetStages lists a deployed stage',
    source: `${COMMON}test_create_delete_deployments[True]/get-stages`,
    given: ['stage'],
    request: { op: 'GetStages', input: { restApiId: '{{restApiId}}' } },
    aws: {
      status: 200,
      body: { item: [DEPLOYED_STAGE] },
    },
  },
  {
    name: 'DeleteDeployment of a deployment a stage points to',
    source: `${COMMON}test_create_update_deployments/delete-deployment-error`,
    given: ['stage'],
    request: { op: 'DeleteDeployment', input: { restApiId: '{{restApiId}}', deploymentId: '{{deploymentId}}' } },
    aws: badRequest('Active stages pointing to this deployment must be moved or deleted'),
  },
  {
    name: 'GetRestApi of an id that does not exist',
    source: `${API}test_update_rest_api_invalid_api_id/not-found-update-rest-api (API Gateway's NotFound text for any unknown API id)`,
    request: { op: 'GetRestApi', input: { restApiId: 'api_id' } },
    aws: notFound('Invalid API identifier specified <account>:api_id'),
  },
  {
    name: 'GetRestApi of a new API',
    source: `${API}test_create_rest_api_with_optional_params/create-only-name (the RestApi GetRestApi answers too)`,
    given: ['restApi'],
    request: { op: 'GetRestApi', input: { restApiId: '{{restApiId}}' } },
    aws: { status: 200, body: { ...NEW_API, name: '<any>' } },
  },
  {
    name: 'CreateRestApi with a negative minimumCompressionSize',
    source: `${API}test_create_rest_api_with_optional_params/string-compression-size`,
    request: { op: 'CreateRestApi', input: { name: 'parity-api', minimumCompressionSize: -1 } },
    aws: COMPRESSION_SIZE,
  },
  {
    name: 'UpdateRestApi replacing minimumCompressionSize with -1',
    source: `${API}test_update_rest_api_compression/set-negative-compression`,
    given: ['restApi'],
    request: { op: 'UpdateRestApi', input: updateRestApi({ op: 'replace', path: '/minimumCompressionSize', value: '-1' }) },
    aws: COMPRESSION_SIZE,
  },
  {
    name: 'UpdateRestApi replacing minimumCompressionSize with a word',
    source: `${API}test_update_rest_api_compression/set-string-compression`,
    given: ['restApi'],
    request: { op: 'UpdateRestApi', input: updateRestApi({ op: 'replace', path: '/minimumCompressionSize', value: 'test' }) },
    aws: COMPRESSION_SIZE,
  },
  {
    name: 'UpdateRestApi adding minimumCompressionSize',
    source: `${API}test_update_rest_api_compression/unsupported-operation`,
    given: ['restApi'],
    request: { op: 'UpdateRestApi', input: updateRestApi({ op: 'add', path: '/minimumCompressionSize', value: '10' }) },
    aws: badRequest('Invalid patch operation specified. Must be one of: [replace]'),
  },
  {
    name: 'UpdateRestApi adding /binaryMediaTypes without a member',
    source: `${API}test_update_rest_api_behaviour/update-rest-api-add-base-path`,
    given: ['restApi'],
    request: { op: 'UpdateRestApi', input: updateRestApi({ op: 'add', path: '/binaryMediaTypes', value: 'image/gif' }) },
    aws: badRequest('Invalid patch path /binaryMediaTypes'),
  },
  {
    name: 'PutMethod on a resource that does not exist',
    source: `${API}test_put_method_validation/wrong-resource`,
    given: ['restApi'],
    request: { op: 'PutMethod', input: putMethod('fake-id', 'ANY') },
    aws: notFound('Invalid Resource identifier specified'),
  },
  {
    name: 'PutMethod on an API that does not exist',
    source: `${API}test_put_method_validation/wrong-api`,
    request: { op: 'PutMethod', input: putMethod('fake-id', 'ANY', 'fake-api') },
    aws: notFound('Invalid Resource identifier specified'),
  },
  {
    name: 'PutIntegration on a method that does not exist',
    source: `${API}test_put_integration_response_validation/put-integration-wrong-method`,
    given: ['restApi'],
    request: { op: 'PutIntegration', input: { restApiId: '{{restApiId}}', resourceId: '{{rootResourceId}}', httpMethod: 'GET', type: 'MOCK' } },
    aws: notFound('Invalid Method identifier specified'),
  },
  {
    name: 'GetStage of a deployed stage',
    source: `${COMMON}test_create_delete_deployments[True]/get-stages (one stage as GetStage answers it)`,
    given: ['stage'],
    request: { op: 'GetStage', input: { restApiId: '{{restApiId}}', stageName: 'dev' } },
    aws: { status: 200, body: DEPLOYED_STAGE },
  },
  {
    name: 'UpdateStage of a path that is no stage setting',
    source: `${COMMON}test_create_update_stages/error-update-doc-version`,
    given: ['stage'],
    request: { op: 'UpdateStage', input: updateStage({ op: 'replace', path: '/documentation_version', value: '123' }) },
    aws: badRequest(stagePathRefused('/documentation_version')),
  },
  {
    name: 'UpdateStage of a tag path',
    source: `${COMMON}test_create_update_stages/error-update-tags`,
    given: ['stage'],
    request: { op: 'UpdateStage', input: updateStage({ op: 'replace', path: '/tags/tag1', value: 'value1' }) },
    aws: badRequest(stagePathRefused('/tags/tag1')),
  },
  {
    name: 'UpdateStage removing */* method settings that were never set',
    source: `${COMMON}test_update_stage_remove_wildcard/delete-error`,
    given: ['stage'],
    request: { op: 'UpdateStage', input: updateStage({ op: 'remove', path: '/*/*' }) },
    aws: badRequest('Cannot remove method setting */* because there is no method setting for this method '),
  },
  {
    name: 'UpdateStage of */* caching answers the stage with its method settings',
    source: `${COMMON}test_update_stage_remove_wildcard/update-stage`,
    given: ['stage'],
    request: { op: 'UpdateStage', input: updateStage({ op: 'replace', path: '/*/*/caching/enabled', value: 'true' }) },
    aws: {
      status: 200,
      body: {
        ...DEPLOYED_STAGE,
        methodSettings: {
          '*/*': {
            cacheDataEncrypted: false,
            cacheTtlInSeconds: 300,
            cachingEnabled: true,
            dataTraceEnabled: false,
            metricsEnabled: false,
            requireAuthorizationForCacheControl: true,
            throttlingBurstLimit: 5000,
            throttlingRateLimit: 10000,
            unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
          },
        },
      },
    },
  },
  {
    name: 'GetDeployments lists the deployment',
    source: 'API Gateway API reference GetDeployments (items: Deployment id, createdDate); recorded Deployment shape test_apigateway_common test_create_update_deployments',
    given: ['stage'],
    request: { op: 'GetDeployments', input: { restApiId: '{{restApiId}}' } },
    aws: { status: 200, body: { items: [{ createdDate: '<datetime>', id: '<any>' }] } },
  },
];
