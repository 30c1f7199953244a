import type { RestRoute } from '../../protocols/rest-routes';

const FUNCTIONS = '/2015-03-31/functions';
const qualifier = { Qualifier: { query: 'Qualifier' } } as const;

/**
 * Lambda's HTTP bindings (the `http` traits of the Lambda model, API version 2015-03-31). The restJson1
 * codec routes on them; a trailing `/` (botocore's old ListFunctions URI) is tolerated by the matcher.
 */
export const LAMBDA_ROUTES: readonly RestRoute[] = [
  { operation: 'CreateFunction', method: 'POST', path: FUNCTIONS, output: { status: 201 } },
  {
    operation: 'ListFunctions',
    method: 'GET',
    path: FUNCTIONS,
    input: {
      MasterRegion: { query: 'MasterRegion' },
      FunctionVersion: { query: 'FunctionVersion' },
      Marker: { query: 'Marker' },
      MaxItems: { query: 'MaxItems', type: 'integer' },
    },
  },
  { operation: 'GetFunction', method: 'GET', path: `${FUNCTIONS}/{FunctionName}`, input: qualifier },
  // DeleteFunction: 204, as Lambda answered for years (newer models also accept 200 + StatusCode)
  { operation: 'DeleteFunction', method: 'DELETE', path: `${FUNCTIONS}/{FunctionName}`, input: qualifier, output: { status: 204 } },
  { operation: 'GetFunctionConfiguration', method: 'GET', path: `${FUNCTIONS}/{FunctionName}/configuration`, input: qualifier },
  { operation: 'UpdateFunctionConfiguration', method: 'PUT', path: `${FUNCTIONS}/{FunctionName}/configuration` },
  { operation: 'UpdateFunctionCode', method: 'PUT', path: `${FUNCTIONS}/{FunctionName}/code` },
  { operation: 'AddPermission', method: 'POST', path: `${FUNCTIONS}/{FunctionName}/policy`, input: qualifier, output: { status: 201 } },
  { operation: 'GetPolicy', method: 'GET', path: `${FUNCTIONS}/{FunctionName}/policy`, input: qualifier },
  {
    operation: 'RemovePermission',
    method: 'DELETE',
    path: `${FUNCTIONS}/{FunctionName}/policy/{StatementId}`,
    input: { ...qualifier, RevisionId: { query: 'RevisionId' } },
    output: { status: 204 },
  },
  {
    operation: 'Invoke',
    method: 'POST',
    path: `${FUNCTIONS}/{FunctionName}/invocations`,
    input: {
      ...qualifier,
      InvocationType: { header: 'X-Amz-Invocation-Type' },
      LogType: { header: 'X-Amz-Log-Type' },
      ClientContext: { header: 'X-Amz-Client-Context' },
      Payload: { payload: 'blob' },
    },
    output: {
      responseCode: 'StatusCode',
      headers: { FunctionError: 'X-Amz-Function-Error', LogResult: 'X-Amz-Log-Result', ExecutedVersion: 'X-Amz-Executed-Version' },
      payload: 'Payload',
    },
  },
  { operation: 'PutFunctionConcurrency', method: 'PUT', path: '/2017-10-31/functions/{FunctionName}/concurrency' },
  { operation: 'DeleteFunctionConcurrency', method: 'DELETE', path: '/2017-10-31/functions/{FunctionName}/concurrency', output: { status: 204 } },
  { operation: 'GetFunctionConcurrency', method: 'GET', path: '/2019-09-30/functions/{FunctionName}/concurrency' },
  { operation: 'TagResource', method: 'POST', path: '/2017-03-31/tags/{Resource}', output: { status: 204 } },
  {
    operation: 'UntagResource',
    method: 'DELETE',
    path: '/2017-03-31/tags/{Resource}',
    input: { TagKeys: { query: 'tagKeys', type: 'list' } },
    output: { status: 204 },
  },
  { operation: 'ListTags', method: 'GET', path: '/2017-03-31/tags/{Resource}' },
];
