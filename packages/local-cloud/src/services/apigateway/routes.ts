import type { RestRoute } from '../../protocols/rest-routes';

const API = '/restapis/{restApiId}';
const METHOD = `${API}/resources/{resourceId}/methods/{httpMethod}`;
const page = { position: { query: 'position' }, limit: { query: 'limit', type: 'integer' } } as const;
const embed = { embed: { query: 'embed', type: 'list' } } as const;

/**
 * API Gateway's HTTP bindings (the model's `http` traits) for the operations local-cloud implements.
 * Labels bind to the members of the same name; everything else travels in the JSON body.
 */
export const API_GATEWAY_ROUTES: readonly RestRoute[] = [
  { operation: 'CreateRestApi', method: 'POST', path: '/restapis', output: { status: 201 } },
  { operation: 'GetRestApis', method: 'GET', path: '/restapis', input: page },
  { operation: 'GetRestApi', method: 'GET', path: API },
  { operation: 'UpdateRestApi', method: 'PATCH', path: API },
  { operation: 'DeleteRestApi', method: 'DELETE', path: API, output: { status: 202 } },

  { operation: 'GetResources', method: 'GET', path: `${API}/resources`, input: { ...page, ...embed } },
  { operation: 'GetResource', method: 'GET', path: `${API}/resources/{resourceId}`, input: embed },
  { operation: 'CreateResource', method: 'POST', path: `${API}/resources/{parentId}`, output: { status: 201 } },
  { operation: 'DeleteResource', method: 'DELETE', path: `${API}/resources/{resourceId}`, output: { status: 202 } },

  { operation: 'PutMethod', method: 'PUT', path: METHOD, output: { status: 201 } },
  { operation: 'GetMethod', method: 'GET', path: METHOD },
  { operation: 'DeleteMethod', method: 'DELETE', path: METHOD, output: { status: 204 } },
  // the body's `httpMethod` is the integration's verb (`integrationHttpMethod`), not the label: keep the body apart
  {
    operation: 'PutIntegration',
    method: 'PUT',
    path: `${METHOD}/integration`,
    input: { body: { payload: 'structure' } },
    output: { status: 201 },
  },
  { operation: 'GetIntegration', method: 'GET', path: `${METHOD}/integration` },
  { operation: 'DeleteIntegration', method: 'DELETE', path: `${METHOD}/integration`, output: { status: 204 } },

  { operation: 'CreateDeployment', method: 'POST', path: `${API}/deployments`, output: { status: 201 } },
  { operation: 'GetDeployments', method: 'GET', path: `${API}/deployments`, input: page },
  { operation: 'GetDeployment', method: 'GET', path: `${API}/deployments/{deploymentId}`, input: embed },
  { operation: 'UpdateDeployment', method: 'PATCH', path: `${API}/deployments/{deploymentId}` },
  { operation: 'DeleteDeployment', method: 'DELETE', path: `${API}/deployments/{deploymentId}`, output: { status: 202 } },

  { operation: 'CreateStage', method: 'POST', path: `${API}/stages`, output: { status: 201 } },
  { operation: 'GetStages', method: 'GET', path: `${API}/stages`, input: { deploymentId: { query: 'deploymentId' } } },
  { operation: 'GetStage', method: 'GET', path: `${API}/stages/{stageName}` },
  { operation: 'UpdateStage', method: 'PATCH', path: `${API}/stages/{stageName}` },
  { operation: 'DeleteStage', method: 'DELETE', path: `${API}/stages/{stageName}`, output: { status: 202 } },

  { operation: 'GetAccount', method: 'GET', path: '/account' },
  { operation: 'UpdateAccount', method: 'PATCH', path: '/account' },
];
