import { executeApiArn, apiGatewayResourceArn, functionOfLambdaIntegrationUri, lambdaIntegrationUri } from '../../src/core/arns/apigateway';
import { lambdaFunctionArn, parseFunctionReference, parseLambdaFunctionArn } from '../../src/core/arns/lambda';
import { s3BucketArn, s3ObjectArn } from '../../src/core/arns/s3';
import { parseSsmParameterArn, ssmParameterArn } from '../../src/core/arns/ssm';
import { ACCOUNT, REGION } from '../helpers/account';

const scope = { accountId: ACCOUNT, region: REGION };

describe('core/arns: typed ARN build and parse per resource type', () => {
  it.each([
    ['a function', lambdaFunctionArn(scope, 'fn'), `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn`],
    ['a qualified function', lambdaFunctionArn(scope, 'fn', '$LATEST'), `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn:$LATEST`],
    ['an SSM parameter (hierarchical: no double slash)', ssmParameterArn(scope, '/app/x'), `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/x`],
    ['an SSM parameter (plain name)', ssmParameterArn(scope, 'x'), `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/x`],
    ['a bucket', s3BucketArn('b'), 'arn:aws:s3:::b'],
    ['an object', s3ObjectArn('b', 'k/e/y'), 'arn:aws:s3:::b/k/e/y'],
    ['an execute-api request', executeApiArn(scope, 'abc123', 'prod', 'GET', '/pets/1'), `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/prod/GET/pets/1`],
    ['an API Gateway resource', apiGatewayResourceArn(REGION, '/restapis/abc123'), `arn:aws:apigateway:${REGION}::/restapis/abc123`],
  ])('builds %s', (_what, built, expected) => {
    expect(built).toBe(expected);
  });

  it.each([
    ['a full ARN: its own scope', `arn:aws:lambda:eu-west-1:111111111111:function:fn:prod`, { accountId: '111111111111', region: 'eu-west-1', name: 'fn', qualifier: 'prod' }],
    ['a partial ARN: the call region', '111111111111:function:fn', { accountId: '111111111111', region: REGION, name: 'fn', qualifier: undefined }],
    ['a name: the call scope', 'fn:$LATEST', { ...scope, name: 'fn', qualifier: '$LATEST' }],
  ])('reads a FunctionName: %s', (_what, value, expected) => {
    expect(parseFunctionReference(value, scope)).toEqual(expected);
  });

  it.each([
    ['another service', `arn:aws:sqs:${REGION}:${ACCOUNT}:fn`],
    ['a name', 'fn'],
    ['a layer', `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:fn`],
  ])('a function ARN parse refuses %s', (_what, value) => {
    expect(parseLambdaFunctionArn(value)).toBeUndefined();
  });

  it('reads back the SSM parameter names it builds, and nothing else', () => {
    expect(parseSsmParameterArn(ssmParameterArn(scope, '/app/x'))).toBe('/app/x');
    expect(parseSsmParameterArn(ssmParameterArn(scope, 'x'))).toBe('x');
    expect(parseSsmParameterArn('/app/x')).toBeUndefined();
    expect(parseSsmParameterArn(`arn:aws:sqs:${REGION}:${ACCOUNT}:parameter/x`)).toBeUndefined();
  });

  it('reads the function back out of the Lambda integration URI it builds', () => {
    const fn = lambdaFunctionArn(scope, 'fn');
    expect(lambdaIntegrationUri(REGION, fn)).toBe(`arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fn}/invocations`);
    expect(functionOfLambdaIntegrationUri(lambdaIntegrationUri(REGION, fn))).toBe(fn);
    expect(functionOfLambdaIntegrationUri('https://example.com')).toBeUndefined();
  });
});
