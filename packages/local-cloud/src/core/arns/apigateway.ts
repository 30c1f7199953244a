import { buildArn } from '../arn';
import type { Scope } from '../scope';

/**
 * `arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD><path>`: what a request to a deployed API is, as a
 * Lambda permission's `AWS:SourceArn` matches it.
 */
export const executeApiArn = (scope: Scope, restApiId: string, stageName: string, httpMethod: string, resourcePath: string): string =>
  buildArn('execute-api', scope.region, scope.accountId, `${restApiId}/${stageName}/${httpMethod}${resourcePath}`);

/** `arn:aws:apigateway:<region>::<path>`: an API Gateway resource (`/restapis/<id>`, `/restapis/<id>/stages/<name>`); no account. */
export const apiGatewayResourceArn = (region: string, resourcePath: string): string => buildArn('apigateway', region, '', resourcePath);

/** `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function>/invocations`: a Lambda integration's URI. */
export const lambdaIntegrationUri = (region: string, functionArn: string): string =>
  buildArn('apigateway', region, 'lambda', `path/2015-03-31/functions/${functionArn}/invocations`);

const LAMBDA_INTEGRATION_URI = /^arn:aws[a-z-]*:apigateway:[^:]+:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/;

/** The function a Lambda integration URI names (as written: stage variables not filled in); `undefined` for any other URI. */
export function functionOfLambdaIntegrationUri(uri: string): string | undefined {
  return LAMBDA_INTEGRATION_URI.exec(uri)?.[1];
}
