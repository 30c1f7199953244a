import { APIGatewayClient, GetAccountCommand, UpdateAccountCommand } from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { ServiceDeps } from '../../../src/core/service';
import { createApiGatewayService } from '../../../src/services/apigateway';
import { singleAttemptConfig, useLocalCloud } from '../../helpers/local-cloud';
import { errorOf, failure } from '../../helpers/sdk-errors';

/**
 * UpdateAccount's `cloudwatchRoleArn` must be a role API Gateway may assume: IAM's `roleTrusts` for
 * apigateway.amazonaws.com decides, and nothing is accepted without IAM to ask (it used to be: "true when IAM is
 * not there"). AWS's answer for a role it may not assume: 400 BadRequestException "The role ARN does not have
 * required permissions set to API Gateway" (API Gateway Developer Guide, "Permissions for CloudWatch logging").
 */
const ACCOUNT = '000000000000';
const setRole = (roleArn: string) => new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: roleArn }] });
const trusting = (service: string) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

describe('API Gateway UpdateAccount: the CloudWatch role must trust apigateway.amazonaws.com', () => {
  const cloud = useLocalCloud();

  it('refuses a role that exists but trusts only Lambda, and accepts one that trusts API Gateway', async () => {
    // Arrange
    const config = singleAttemptConfig(cloud().endpoint);
    const iam = new IAMClient(config);
    const apigw = new APIGatewayClient(config);
    const lambdaOnly = (await iam.send(new CreateRoleCommand({ RoleName: 'trusts-lambda', AssumeRolePolicyDocument: trusting('lambda.amazonaws.com') }))).Role!.Arn!;
    const gateway = (await iam.send(new CreateRoleCommand({ RoleName: 'trusts-apigateway', AssumeRolePolicyDocument: trusting('apigateway.amazonaws.com') }))).Role!.Arn!;

    // Act + Assess
    expect(await errorOf(apigw.send(setRole(lambdaOnly)))).toEqual({
      name: 'BadRequestException',
      message: 'The role ARN does not have required permissions set to API Gateway',
      status: 400,
    });
    expect((await apigw.send(new GetAccountCommand({}))).cloudwatchRoleArn).toBeUndefined();
    expect((await apigw.send(setRole(gateway))).cloudwatchRoleArn).toBe(gateway);
  });
});

describe('API Gateway UpdateAccount without IAM in the server', () => {
  // a server wired without IAM: nothing can say whether a role trusts API Gateway
  const cloud = useLocalCloud({}, { services: (deps: ServiceDeps) => [createApiGatewayService({ ...deps, log: () => undefined })] });

  it('accepts no role (fails closed): the call fails and the account keeps no role', async () => {
    // Arrange
    const apigw = new APIGatewayClient(singleAttemptConfig(cloud().endpoint));

    // Act
    const error = await failure(apigw.send(setRole(`arn:aws:iam::${ACCOUNT}:role/anything`)));

    // Assess
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect((await apigw.send(new GetAccountCommand({}))).cloudwatchRoleArn).toBeUndefined();
  });
});
