// API Gateway setup the API Gateway tests share: a LambdaRestApi's resources, CDK's access-log format, the CloudWatch role, an encrypted access-log group.
import {
  APIGatewayClient,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateAccountCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ACCOUNT, REGION } from './account';
import { logGroupArn, logsStatementForGroups, policyDocument, rootStatement } from './key-policies';
import type { LocalCloudClientConfig } from './local-cloud';

/** The access-log format CDK's `AccessLogFormat.jsonWithStandardFields()` renders. */
export const CDK_ACCESS_LOG_FORMAT =
  '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","user":"$context.identity.user",' +
  '"caller":"$context.identity.caller","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod",' +
  '"resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol",' +
  '"responseLength":"$context.responseLength"}';

export const functionArn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

/** The integration URI of an AWS_PROXY integration with function `name`. */
export const lambdaIntegrationUri = (name: string): string => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn(name)}/invocations`;

/** A LambdaRestApi-shaped API (not deployed): `ANY /` and `ANY /{proxy+}`, both AWS_PROXY to `uri`. */
export async function createLambdaRestApi(
  apigw: APIGatewayClient,
  name: string,
  uri: string,
  timeoutInMillis?: number,
): Promise<{ apiId: string; rootId: string; proxyId: string }> {
  const api = await apigw.send(new CreateRestApiCommand({ name }));
  const proxy = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' }));
  for (const resourceId of [api.rootResourceId!, proxy.id!]) {
    await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId, httpMethod: 'ANY', authorizationType: 'NONE' }));
    await apigw.send(
      new PutIntegrationCommand({ restApiId: api.id, resourceId, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri, timeoutInMillis }),
    );
  }
  return { apiId: api.id!, rootId: api.rootResourceId!, proxyId: proxy.id! };
}

/** A role API Gateway may assume to push logs (what `AWS::ApiGateway::Account` points at); returns its ARN. */
export async function createCloudWatchRole(config: LocalCloudClientConfig, roleName: string): Promise<string> {
  const iam = new IAMClient({ ...config, region: 'us-east-1' });
  try {
    const out = await iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      }),
    );
    return out.Role!.Arn!;
  } finally {
    iam.destroy();
  }
}

/** Lets API Gateway write logs in this account and region: a CloudWatch role, set on the account. */
export async function setCloudWatchRole(apigw: APIGatewayClient, config: LocalCloudClientConfig, roleName: string): Promise<void> {
  const roleArn = await createCloudWatchRole(config, roleName);
  await apigw.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: roleArn }] }));
}

/** A log group encrypted with a key whose policy lets CloudWatch Logs use it for this group only; returns the access-log destination ARN. */
export async function createEncryptedLogGroup(config: LocalCloudClientConfig, name: string): Promise<string> {
  const kms = new KMSClient(config);
  const key = await kms.send(new CreateKeyCommand({ Policy: policyDocument(rootStatement, logsStatementForGroups(REGION, logGroupArn(name), 'ArnEquals')) }));
  kms.destroy();
  const logs = new CloudWatchLogsClient(config);
  await logs.send(new CreateLogGroupCommand({ logGroupName: name, kmsKeyId: key.KeyMetadata!.Arn }));
  logs.destroy();
  return `${logGroupArn(name)}:*`;
}
