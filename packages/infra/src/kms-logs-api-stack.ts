import * as fs from 'node:fs';
import * as path from 'node:path';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Token, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LogGroupLocation, logGroupActionsArn, logStreamsArn } from './cloudwatch-logs';
import { EncryptedLogGroup } from './constructs/encrypted-log-group';
import { KeyPolicyMode, seedKeyPolicy } from './test-only/seed-key-policy';

/** Properties of a {@link KmsLogsApiStack}. */
export interface KmsLogsApiStackProps extends StackProps {
  /** Distinguishes deployments (`dev`, `pr-42`, …); part of every resource name. */
  readonly environmentSuffix: string;
  /**
   * TEST ONLY: build the key with one of the seed document's policies instead of the
   * least-privilege one, so that a test can watch synth (or a deploy) fail.
   * See {@link KeyPolicyMode}.
   *
   * @default 'least-privilege'
   */
  readonly keyPolicyMode?: KeyPolicyMode;
  /**
   * The folder of the function's code (the handler's esbuild bundle, `index.js` at its root).
   *
   * @default the `dist/` folder of `@kms-logs-api/handler`, as `handler:build` writes it
   */
  readonly handlerBundleDirectory?: string;
}

/**
 * The KMS Logs API: a REST API in front of a Lambda function, whose function logs and API
 * access logs are encrypted at rest with a customer-managed KMS key.
 *
 * ```
 * client ─► API Gateway REST API (stage v1, REGIONAL) ─► Lambda (index.handler)
 *                    │ access logs (JSON)                   │ function logs (JSON)
 *                    ▼                                      ▼
 *        /kms-logs-api/<suffix>/api-access     /kms-logs-api/<suffix>/function
 *                    └──────── encrypted with ──────────────┘
 *                        KMS key alias/kms-logs-api-<suffix>
 * ```
 */
export class KmsLogsApiStack extends Stack {
  /** The key that encrypts both log groups. */
  public readonly key: kms.Key;
  /** The function's log group. */
  public readonly functionLogGroup: logs.LogGroup;
  /** The API's access-log group. */
  public readonly accessLogGroup: logs.LogGroup;
  /** The function behind the API. */
  public readonly function: lambda.Function;
  /** The REST API. */
  public readonly api: apigateway.LambdaRestApi;

  constructor(scope: Construct, id: string, props: KmsLogsApiStackProps) {
    super(scope, id, props);
    const suffix = props.environmentSuffix;
    const keyPolicyMode = props.keyPolicyMode ?? 'least-privilege';
    const logGroupNamePrefix = `/kms-logs-api/${suffix}/`;

    // 1. The key. Its CloudWatch Logs statement is filled in by each EncryptedLogGroup below;
    //    CDK's default policy gives the account root kms:* so that IAM can manage the key.
    this.key = new kms.Key(this, 'LogsKey', {
      description: `Encrypts the CloudWatch Logs log groups of the KMS Logs API (${suffix})`,
      alias: `alias/kms-logs-api-${suffix}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
      policy: keyPolicyMode === 'least-privilege' ? undefined : seedKeyPolicy(this, keyPolicyMode, logGroupNamePrefix),
    });

    // 2. The log groups, encrypted with the key; they exist before anything writes to them.
    const encryptedLogGroup = (id: string, logGroupName: string): logs.LogGroup => {
      const props = { logGroupName, retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY };
      if (keyPolicyMode === 'least-privilege') {
        return new EncryptedLogGroup(this, id, { key: this.key, ...props }).logGroup;
      }
      // TEST ONLY: the seed's mistake, a plain LogGroup that sets KmsKeyId and nothing else.
      // Same construct path (`<id>/Resource`), so the same logical id as the real group.
      return new logs.LogGroup(new Construct(this, id), 'Resource', { encryptionKey: this.key, ...props });
    };
    const functionLogGroupName = `${logGroupNamePrefix}function`;
    this.functionLogGroup = encryptedLogGroup('FunctionLogGroup', functionLogGroupName);
    this.accessLogGroup = encryptedLogGroup('ApiAccessLogGroup', `${logGroupNamePrefix}api-access`);

    // 3. The function: writes only to its own group, through a role with no managed policy.
    const functionLogs: LogGroupLocation = {
      partition: Aws.PARTITION,
      region: this.region,
      account: this.account,
      logGroupName: functionLogGroupName,
    };
    const functionRole = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the KMS Logs API function (${suffix}): writes its own log group only`,
      inlinePolicies: {
        WriteOwnLogGroup: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'CreateLogStreamsInOwnLogGroup',
              actions: ['logs:CreateLogStream'],
              resources: [logGroupActionsArn(functionLogs)],
            }),
            new iam.PolicyStatement({
              sid: 'PutLogEventsToOwnLogStreams',
              actions: ['logs:PutLogEvents'],
              resources: [logStreamsArn(functionLogs)],
            }),
          ],
        }),
      },
    });
    // cdk-nag names a finding by the resource as it flattens it: pseudo parameters as <AWS::X>.
    const functionLogsAsNagPrintsIt: LogGroupLocation = {
      partition: '<AWS::Partition>',
      region: Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region,
      account: Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account,
      logGroupName: functionLogGroupName,
    };
    Validations.of(functionRole).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${logGroupActionsArn(functionLogsAsNagPrintsIt)}]`,
        reason: 'logs:CreateLogStream is authorised on "<log group ARN>:*" (CloudWatch Logs User Guide); the wildcard is this one group\'s streams.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${logStreamsArn(functionLogsAsNagPrintsIt)}]`,
        reason: 'Lambda names its log streams at run time; the wildcard covers the streams of this one log group only.',
      },
    );

    this.function = new lambda.Function(this, 'Function', {
      functionName: `kms-logs-api-${suffix}`,
      description: `KMS Logs API handler (${suffix})`,
      runtime: lambda.Runtime.NODEJS_24_X,
      code: lambda.Code.fromAsset(handlerBundleDirectory(props.handlerBundleDirectory)),
      handler: 'index.handler',
      memorySize: 256,
      timeout: Duration.seconds(10),
      role: functionRole,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      logGroup: this.functionLogGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'kms-logs-api',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    // Explicit, not just implied by the Ref: without the group Lambda would create an
    // unencrypted /aws/lambda/<name> on first invoke.
    this.function.node.addDependency(this.functionLogGroup);

    // 4. The REST API: Lambda proxy, JSON access logs to the encrypted group, throttling.
    this.api = new apigateway.LambdaRestApi(this, 'Api', {
      handler: this.function,
      proxy: true,
      restApiName: `kms-logs-api-${suffix}`,
      description: `KMS Logs API (${suffix})`,
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // Stage logging needs the account-level CloudWatch role (AWS::ApiGateway::Account).
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      deployOptions: {
        stageName: 'v1',
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: 100,
        throttlingBurstLimit: 50,
        // No X-Ray: it needs xray:PutTraceSegments on "*"; the access log's requestId and the
        // function's JSON logs already correlate a request.
        tracingEnabled: false,
        // No execution logging: API Gateway would write it to an UNENCRYPTED group it creates
        // (API-Gateway-Execution-Logs_<api>/<stage>), which defeats the point of this stack.
      },
    });
    // ApiUrl below is the one output with the URL.
    this.api.node.tryRemoveChild('Endpoint');
    acknowledgeApiFindings(this.api);

    // 5. Outputs, with stable logical ids.
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Invoke URL of stage v1' });
    new CfnOutput(this, 'FunctionName', { value: this.function.functionName });
    new CfnOutput(this, 'LogGroupName', { value: this.functionLogGroup.logGroupName });
    new CfnOutput(this, 'AccessLogGroupName', { value: this.accessLogGroup.logGroupName });
    new CfnOutput(this, 'KmsKeyArn', { value: this.key.keyArn });
    new CfnOutput(this, 'KmsKeyId', { value: this.key.keyId });
  }
}

/** cdk-nag findings on the API that are accepted by design, each with its reason. */
function acknowledgeApiFindings(api: apigateway.LambdaRestApi): void {
  Validations.of(api).acknowledge(
    {
      id: 'AwsSolutions-APIG2',
      reason: 'Lambda proxy integration: the handler validates every request (method, path, content type, size, JSON) and answers 4xx.',
    },
    {
      id: 'AwsSolutions-APIG3',
      reason: 'No WAF web ACL: a public demo API protected by stage throttling; WAF adds cost and has no local equivalent.',
    },
    {
      id: 'AwsSolutions-APIG4',
      reason: 'Public demo API: its routes (health, hello, echo) are meant to be called without credentials.',
    },
    {
      id: 'AwsSolutions-COG4',
      reason: 'Public demo API: no Cognito user pool authorizer, by design (see APIG4).',
    },
    {
      id: 'AwsSolutions-APIG6',
      reason: 'Execution logging would go to an unencrypted group API Gateway creates itself; access logs go to the KMS-encrypted group instead.',
    },
  );
  const cloudWatchRole = api.node.findChild('CloudWatchRole');
  Validations.of(cloudWatchRole).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    reason: 'The account-level role API Gateway requires for stage logging; AWS documents this managed policy for it.',
  });
}

/**
 * The directory of the handler's esbuild bundle (`dist/index.js`), or `directory` when given.
 *
 * @throws if the bundle has not been built
 */
function handlerBundleDirectory(directory = path.join(path.dirname(require.resolve('@kms-logs-api/handler/package.json')), 'dist')): string {
  if (!fs.existsSync(path.join(directory, 'index.js'))) {
    throw new Error(`The handler bundle ${directory}/index.js is missing: build it first (npx nx run handler:build).`);
  }
  return directory;
}
