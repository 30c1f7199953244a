import { App, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LEAST_PRIVILEGE } from './least-privilege';

/**
 * The least-privilege test stack (`e2e/least-privilege.e2e.ts` deploys it with the real CDK CLI, here and on AWS):
 * a function whose role may read one SSM parameter (plus the basic logs permissions), and a function whose role has
 * no policy at all. Each function reports what its own credentials were allowed to do.
 */
const names = LEAST_PRIVILEGE;
const app = new App();
const stack = new Stack(app, names.stackName, {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

// inline, so the stack needs no asset bundling; the SDK v3 is the one the Node.js runtime ships
const probe = `
const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
const { SSMClient, GetParameterCommand } = require('@aws-sdk/client-ssm');
const { KMSClient, ListKeysCommand } = require('@aws-sdk/client-kms');
const { CloudWatchLogsClient, DescribeLogGroupsCommand } = require('@aws-sdk/client-cloudwatch-logs');
const attempt = (p) => p.then((ok) => ({ ok }), (e) => ({ error: { name: e.name, message: e.message } }));
exports.handler = async () => {
  console.log('probe starting');
  const who = await attempt(new STSClient({}).send(new GetCallerIdentityCommand({})).then((r) => r.Arn));
  const allowed = await attempt(new SSMClient({}).send(new GetParameterCommand({ Name: process.env.ALLOWED_PARAMETER })).then((r) => r.Parameter.Value));
  const other = await attempt(new SSMClient({}).send(new GetParameterCommand({ Name: process.env.OTHER_PARAMETER })).then((r) => r.Parameter.Value));
  const kms = await attempt(new KMSClient({}).send(new ListKeysCommand({})).then((r) => r.Keys.length));
  const logs = await attempt(new CloudWatchLogsClient({}).send(new DescribeLogGroupsCommand({})).then((r) => r.logGroups.length));
  console.log('probe done');
  return { who, allowed, other, kms, logs };
};
`;

function probeFunction(id: string, fn: { functionName: string; roleName: string; logGroupName: string }, role: iam.Role): lambda.Function {
  const logGroup = new logs.LogGroup(stack, `${id}Logs`, {
    logGroupName: fn.logGroupName,
    retention: logs.RetentionDays.ONE_DAY,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return new lambda.Function(stack, id, {
    functionName: fn.functionName,
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(probe),
    role,
    logGroup,
    environment: { ALLOWED_PARAMETER: names.allowedParameter, OTHER_PARAMETER: names.otherParameter },
  });
}

// one SSM parameter and nothing else, plus what every function needs to write its logs
const readerRole = new iam.Role(stack, 'ReaderRole', {
  roleName: names.reader.roleName,
  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
});
readerRole.addToPolicy(
  new iam.PolicyStatement({
    actions: ['ssm:GetParameter'],
    resources: [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: names.allowedParameter.slice(1) })],
  }),
);
probeFunction('Reader', names.reader, readerRole);

// no policy at all: the function runs, its log lines cannot be written
const bareRole = new iam.Role(stack, 'BareRole', {
  roleName: names.bare.roleName,
  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
});
probeFunction('Bare', names.bare, bareRole);

new CfnOutput(stack, 'ReaderRoleArn', { value: readerRole.roleArn });
app.synth();
