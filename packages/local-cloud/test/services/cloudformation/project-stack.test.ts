import { APIGatewayClient, GetRestApiCommand, GetStageCommand } from '@aws-sdk/client-api-gateway';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  Stack,
  StackEvent,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { zipFiles } from '../../helpers/zip';
import { useLocalCloud } from '../../helpers/local-cloud';

const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const ASSETS = `cdk-hnb659fds-assets-${ACCOUNT}-${REGION}`;
const CODE_KEY = 'handler-0123456789abcdef.zip';

const ROOT_STATEMENT = {
  Sid: 'AccountRoot',
  Effect: 'Allow',
  Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
  Action: 'kms:*',
  Resource: '*',
};

const LOGS_STATEMENT = {
  Sid: 'CloudWatchLogs',
  Effect: 'Allow',
  Principal: { Service: { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' } },
  Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
  Resource: '*',
  Condition: {
    ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${AWS::StackName}-*' } },
  },
};

/** `ANY` on a resource of the API, proxied to the Handler function (as a LambdaRestApi synthesizes it). */
function anyMethodToHandler(resourceId: object): object {
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      HttpMethod: 'ANY', ResourceId: resourceId, RestApiId: { Ref: 'Api' }, AuthorizationType: 'NONE',
      Integration: {
        IntegrationHttpMethod: 'POST', Type: 'AWS_PROXY',
        Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': ['Handler', 'Arn'] }, '/invocations']] },
      },
    },
  };
}

/** The stack the infra package deploys, as the CDK synthesizes it (trimmed to what matters here). */
function kmsLogsApiTemplate(keyStatements: object[]): Record<string, unknown> {
  const lambdaAssume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  return {
    Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
    Rules: {
      CheckBootstrapVersion: {
        Assertions: [{
          Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] },
          AssertDescription: "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
        }],
      },
    },
    Resources: {
      LogsKey: {
        Type: 'AWS::KMS::Key',
        Properties: { KeyPolicy: { Version: '2012-10-17', Statement: keyStatements }, EnableKeyRotation: true, PendingWindowInDays: 7 },
        UpdateReplacePolicy: 'Delete',
        DeletionPolicy: 'Delete',
      },
      LogsKeyAlias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: { 'Fn::Sub': 'alias/${AWS::StackName}-logs' }, TargetKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] } } },
      HandlerLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: { 'Fn::Sub': '${AWS::StackName}-handler' }, KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] }, RetentionInDays: 7 },
        UpdateReplacePolicy: 'Delete',
        DeletionPolicy: 'Delete',
      },
      AccessLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: { 'Fn::Sub': '${AWS::StackName}-access' }, KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] }, RetentionInDays: 7 },
        UpdateReplacePolicy: 'Delete',
        DeletionPolicy: 'Delete',
      },
      HandlerRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: lambdaAssume } },
      HandlerRoleDefaultPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'HandlerRoleDefaultPolicy',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': ['HandlerLogGroup', 'Arn'] } }],
          },
          Roles: [{ Ref: 'HandlerRole' }],
        },
      },
      Handler: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { S3Bucket: ASSETS, S3Key: CODE_KEY },
          Role: { 'Fn::GetAtt': ['HandlerRole', 'Arn'] },
          Handler: 'index.handler',
          Runtime: 'nodejs20.x',
          Timeout: 10,
          LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: 'HandlerLogGroup' } },
        },
        DependsOn: ['HandlerRoleDefaultPolicy', 'HandlerRole'],
      },
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'kms-logs-api', EndpointConfiguration: { Types: ['REGIONAL'] } } },
      ApiCloudWatchRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
        },
      },
      ApiAccount: { Type: 'AWS::ApiGateway::Account', Properties: { CloudWatchRoleArn: { 'Fn::GetAtt': ['ApiCloudWatchRole', 'Arn'] } }, DependsOn: ['Api'] },
      ApiProxy: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: '{proxy+}', RestApiId: { Ref: 'Api' } } },
      ApiProxyAny: anyMethodToHandler({ Ref: 'ApiProxy' }),
      ApiRootAny: anyMethodToHandler({ 'Fn::GetAtt': ['Api', 'RootResourceId'] }),
      ApiProxyPermission: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Handler', 'Arn'] }, Principal: 'apigateway.amazonaws.com',
          SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: 'Api' }, '/', { Ref: 'ApiStage' }, '/*/*']] },
        },
      },
      ApiRootPermission: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Handler', 'Arn'] }, Principal: 'apigateway.amazonaws.com',
          SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: 'Api' }, '/', { Ref: 'ApiStage' }, '/*/']] },
        },
      },
      ApiDeployment: {
        Type: 'AWS::ApiGateway::Deployment',
        Properties: { RestApiId: { Ref: 'Api' }, Description: 'Automatically created by the RestApi construct' },
        DependsOn: ['ApiProxyAny', 'ApiProxy', 'ApiRootAny'],
      },
      ApiStage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          RestApiId: { Ref: 'Api' },
          DeploymentId: { Ref: 'ApiDeployment' },
          StageName: 'prod',
          AccessLogSetting: {
            DestinationArn: { 'Fn::GetAtt': ['AccessLogGroup', 'Arn'] },
            Format: '{"requestId":"$context.requestId","status":"$context.status"}',
          },
          MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50, DataTraceEnabled: false, LoggingLevel: 'ERROR' }],
        },
        DependsOn: ['ApiAccount'],
      },
      CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:H4sIAAAA' } },
    },
    Outputs: {
      ApiUrl: { Value: { 'Fn::Join': ['', ['https://', { Ref: 'Api' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: 'ApiStage' }, '/']] } },
      FunctionName: { Value: { Ref: 'Handler' } },
      LogGroupName: { Value: { Ref: 'HandlerLogGroup' } },
      AccessLogGroupName: { Value: { Ref: 'AccessLogGroup' } },
      KmsKeyArn: { Value: { 'Fn::GetAtt': ['LogsKey', 'Arn'] } },
      KmsKeyId: { Value: { Ref: 'LogsKey' } },
    },
  };
}

const cloud = useLocalCloud({ cfn: CloudFormationClient, s3: [S3Client, { forcePathStyle: true }] });
const { cfn, s3 } = cloud;

beforeAll(async () => {
  const handler = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ path: event.path }) });';
  await s3.send(new PutObjectCommand({ Bucket: ASSETS, Key: CODE_KEY, Body: await zipFiles({ 'index.js': handler }) }));
});

async function deploy(stackName: string, template: Record<string, unknown>): Promise<Stack> {
  const created = await cfn.send(new CreateChangeSetCommand({
    StackName: stackName, ChangeSetName: 'cdk-deploy-change-set', ChangeSetType: 'CREATE', TemplateBody: JSON.stringify(template),
    Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
  }));
  const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
  expect(cs.Status).toBe('CREATE_COMPLETE');
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
  return waitStable(created.StackId!);
}

async function waitStable(stackId: string): Promise<Stack> {
  for (let i = 0; i < 1200; i++) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackId }));
    if (!Stacks![0].StackStatus!.endsWith('_IN_PROGRESS')) return Stacks![0];
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('stack did not settle');
}

async function events(stackName: string): Promise<StackEvent[]> {
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
  return [...StackEvents!].reverse();
}

describe('the seed bug: a key policy without the CloudWatch Logs principal', () => {
  const stackName = 'KmsLogsApi-seed';
  let stack: Stack;

  beforeAll(async () => {
    stack = await deploy(stackName, kmsLogsApiTemplate([ROOT_STATEMENT]));
  });

  it('fails the deploy exactly as AWS does: ROLLBACK_COMPLETE', () => {
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
  });

  it('fails the encrypted log groups with CloudWatch Logs\' AccessDeniedException message', async () => {
    const failed = (await events(stackName)).filter((e) => e.ResourceStatus === 'CREATE_FAILED' && e.ResourceStatusReason !== 'Resource creation cancelled');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const e of failed) {
      expect(e.ResourceType).toBe('AWS::Logs::LogGroup');
      const group = e.LogicalResourceId === 'HandlerLogGroup' ? `${stackName}-handler` : `${stackName}-access`;
      expect(e.ResourceStatusReason).toContain(
        `Resource handler returned message: "The specified KMS key does not exist or is not allowed to be used with Arn 'arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}'`,
      );
      expect(e.ResourceStatusReason).toContain('Error Code: AccessDeniedException');
      expect(e.ResourceStatusReason).toContain('HandlerErrorCode: AccessDenied');
    }
    const rollback = (await events(stackName)).find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS');
    expect(rollback?.ResourceStatusReason).toMatch(/^The following resource\(s\) failed to create: \[.*LogGroup.*\]\. Rollback requested by user\.$/);
  });

  it('deletes what it made: no log group and the key pending deletion', async () => {
    const logs = new CloudWatchLogsClient(cloud().clientConfig);
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: stackName }))).logGroups).toEqual([]);
    const keyCreated = (await events(stackName)).find((e) => e.LogicalResourceId === 'LogsKey' && e.ResourceStatus === 'CREATE_COMPLETE');
    const kms = new KMSClient(cloud().clientConfig);
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyCreated!.PhysicalResourceId }));
    expect(KeyMetadata?.KeyState).toBe('PendingDeletion');
  });
});

describe('the stack with the CloudWatch Logs statement', () => {
  const stackName = 'KmsLogsApi-test';
  let stack: Stack;

  beforeAll(async () => {
    stack = await deploy(stackName, kmsLogsApiTemplate([ROOT_STATEMENT, LOGS_STATEMENT]));
  });

  it('deploys: CREATE_COMPLETE with every output', async () => {
    if (stack.StackStatus !== 'CREATE_COMPLETE') {
      const reasons = (await events(stackName)).filter((e) => e.ResourceStatus?.endsWith('FAILED')).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);
      throw new Error(`stack ${stack.StackStatus}: ${reasons.join('\n')}`);
    }
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs.ApiUrl).toMatch(new RegExp(`^https://[a-z0-9]+\\.execute-api\\.${REGION}\\.amazonaws\\.com/prod/$`));
    expect(outputs.LogGroupName).toBe(`${stackName}-handler`);
    expect(outputs.AccessLogGroupName).toBe(`${stackName}-access`);
    expect(outputs.KmsKeyArn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:key/${outputs.KmsKeyId}`);
    expect(outputs.FunctionName).toMatch(/^KmsLogsApi-test-Handler-[A-Z0-9]{12}$/);
  });

  it('made the real resources: encrypted groups, a rotating key, the function on its group', async () => {
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    const { logGroups } = await new CloudWatchLogsClient(cloud().clientConfig).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: stackName }));
    expect(logGroups?.map((g) => [g.logGroupName, g.kmsKeyId, g.retentionInDays])).toEqual([
      [`${stackName}-access`, outputs.KmsKeyArn, 7],
      [`${stackName}-handler`, outputs.KmsKeyArn, 7],
    ]);
    expect((await new KMSClient(cloud().clientConfig).send(new GetKeyRotationStatusCommand({ KeyId: outputs.KmsKeyId }))).KeyRotationEnabled).toBe(true);
    const fn = await new LambdaClient(cloud().clientConfig).send(new GetFunctionCommand({ FunctionName: outputs.FunctionName }));
    expect(fn.Configuration?.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: `${stackName}-handler` });
    // CREATE_COMPLETE only once Lambda says the function is Active, as CloudFormation's handler waits on AWS
    expect(fn.Configuration).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
  });

  it('serves the API through the deployed stage', async () => {
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    const apiId = /^https:\/\/([a-z0-9]+)\./.exec(outputs.ApiUrl!)![1];
    const res = await fetch(`${cloud().endpoint}/restapis/${apiId}/prod/_user_request_/hello/world`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ path: '/hello/world' });
  });

  it('updates the resources in place through their services', async () => {
    // Prepare
    const t = kmsLogsApiTemplate([ROOT_STATEMENT, LOGS_STATEMENT]) as { Resources: Record<string, { Properties: Record<string, any> }> };
    t.Resources.LogsKey.Properties.Description = 'the logs key';
    t.Resources.HandlerLogGroup.Properties.RetentionInDays = 14;
    t.Resources.Handler.Properties.Timeout = 20;
    t.Resources.Handler.Properties.Environment = { Variables: { STAGE: 'test' } };
    // configuration, then tags: Lambda refuses TagResource while the configuration update is InProgress
    t.Resources.Handler.Properties.Tags = [{ Key: 'team', Value: 'logs' }];
    t.Resources.ApiStage.Properties.MethodSettings[0].ThrottlingRateLimit = 25;
    t.Resources.HandlerRoleDefaultPolicy.Properties.PolicyDocument.Statement[0].Action.push('logs:DescribeLogStreams');

    // Act
    await cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(t), Capabilities: ['CAPABILITY_IAM'], Parameters: [{ ParameterKey: 'BootstrapVersion', UsePreviousValue: true }] }));
    const updated = await waitStable(stackName);

    // Assess
    if (updated.StackStatus !== 'UPDATE_COMPLETE') {
      const reasons = (await events(stackName)).filter((e) => e.ResourceStatus?.endsWith('FAILED')).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);
      throw new Error(`stack ${updated.StackStatus}: ${reasons.join('\n')}`);
    }
    const outputs = Object.fromEntries(updated.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    const updates = (await events(stackName)).filter((e) => e.ResourceStatus === 'UPDATE_COMPLETE').map((e) => e.LogicalResourceId).sort();
    expect(updates).toEqual(['ApiStage', 'Handler', 'HandlerLogGroup', 'HandlerRoleDefaultPolicy', 'LogsKey', stackName].sort());
    expect((await new KMSClient(cloud().clientConfig).send(new DescribeKeyCommand({ KeyId: outputs.KmsKeyId }))).KeyMetadata?.Description).toBe('the logs key');
    const { logGroups } = await new CloudWatchLogsClient(cloud().clientConfig).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `${stackName}-handler` }));
    expect(logGroups?.[0].retentionInDays).toBe(14);
    const fn = await new LambdaClient(cloud().clientConfig).send(new GetFunctionCommand({ FunctionName: outputs.FunctionName }));
    expect(fn.Configuration).toMatchObject({ Timeout: 20, Environment: { Variables: { STAGE: 'test' } }, State: 'Active', LastUpdateStatus: 'Successful' });
    expect(fn.Tags).toEqual({ team: 'logs' });
    const apiId = /^https:\/\/([a-z0-9]+)\./.exec(outputs.ApiUrl!)![1];
    const apigw = new APIGatewayClient(cloud().clientConfig);
    expect((await apigw.send(new GetRestApiCommand({ restApiId: apiId }))).name).toBe('kms-logs-api');
    const stage = await apigw.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }));
    expect(stage.methodSettings?.['*/*']).toMatchObject({ throttlingRateLimit: 25, throttlingBurstLimit: 100 });
    const res = await fetch(`${cloud().endpoint}/restapis/${apiId}/prod/_user_request_/again`);
    expect(res.status).toBe(200);
  });

  it('deletes the whole stack', async () => {
    // log lines of the request above are written before their groups go
    const services = cloud().server.services as unknown as Array<{
      signingName: string;
      backend?: { flush?: () => Promise<void> };
      flushAccessLogs?: () => Promise<void>;
    }>;
    await services.find((s) => s.signingName === 'lambda')?.backend?.flush?.();
    await services.find((s) => s.signingName === 'apigateway')?.flushAccessLogs?.();
    await cfn.send(new DeleteStackCommand({ StackName: stack.StackId }));
    const deleted = await waitStable(stack.StackId!);
    expect(deleted.StackStatus).toBe('DELETE_COMPLETE');
    const failures = (await cfn.send(new DescribeStackEventsCommand({ StackName: stack.StackId }))).StackEvents!.filter((e) => e.ResourceStatus === 'DELETE_FAILED');
    expect(failures).toEqual([]);
    expect((await new CloudWatchLogsClient(cloud().clientConfig).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: stackName }))).logGroups).toEqual([]);
  });
});
