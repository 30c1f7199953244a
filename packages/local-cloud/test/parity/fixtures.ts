// The resources parity cases stand on, created fresh per case with unique names; each returns the values its cases refer to.
import * as apigateway from '@aws-sdk/client-api-gateway';
import * as cloudformation from '@aws-sdk/client-cloudformation';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import * as kms from '@aws-sdk/client-kms';
import * as lambda from '@aws-sdk/client-lambda';
import { zipFiles } from '../helpers/zip';
import { logsKeyPolicy } from '../helpers/key-policies';
import { functionActive } from '../helpers/lambda-waiters';
import type { LocalCloudClientConfig } from '../helpers/local-cloud';
import type { FixtureName } from './case';
import type { ParityClients } from './clients';
import { normalise } from './compare';

export type FixtureValues = Record<string, unknown>;

/** The smallest template a stack can have: one resource of a type local-cloud and AWS both create quickly. */
export const STACK_TEMPLATE = JSON.stringify({ Resources: { Group: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 1 } } } });

/** The fixtures a fixture needs first. */
const NEEDS: Partial<Record<FixtureName, FixtureName[]>> = {
  alias: ['key'],
  ciphertext: ['key'],
  logStream: ['logGroup'],
  encryptedLogGroup: ['logsKey'],
  permission: ['function'],
  resource: ['restApi'],
  method: ['resource'],
  proxyResource: ['restApi'],
  stage: ['restApi'],
  emptyChangeSet: ['stack'],
};

export class Fixtures {
  private n = 0;
  private readonly iam: IAMClient;
  private roleArn?: string;

  constructor(
    private readonly clients: ParityClients,
    config: LocalCloudClientConfig,
  ) {
    this.iam = new IAMClient({ ...config, region: 'us-east-1' });
  }

  destroy(): void {
    this.iam.destroy();
  }

  private codeZip?: Promise<Buffer>;

  /** Creates `names` (and what they need) and returns their values, all under one fresh suffix. */
  async create(names: readonly FixtureName[]): Promise<FixtureValues> {
    const suffix = `parity-${++this.n}`;
    // a deployment package for the cases that create a function: `{{codeZip}}` (yazl zips asynchronously, cases are data)
    this.codeZip ??= zipFiles({ 'handler.js': 'exports.handler = async () => ({ ok: true });' });
    const values: FixtureValues = { suffix, codeZip: await this.codeZip };
    const done = new Set<FixtureName>();
    const make = async (name: FixtureName): Promise<void> => {
      if (done.has(name)) return;
      done.add(name);
      for (const need of NEEDS[name] ?? []) await make(need);
      Object.assign(values, await this.one(name, suffix, values));
    };
    for (const name of names) await make(name);
    return values;
  }

  private send<T>(service: keyof ParityClients, command: unknown): Promise<T> {
    return this.clients[service].client.send(command) as Promise<T>;
  }

  private async one(name: FixtureName, suffix: string, v: FixtureValues): Promise<FixtureValues> {
    switch (name) {
      case 'key':
      case 'otherKey':
      case 'disabledKey':
      case 'pendingDeletionKey':
      case 'rotatingKey': {
        const out = await this.send<kms.CreateKeyCommandOutput>('kms', new kms.CreateKeyCommand({ Description: `${name} ${suffix}` }));
        const KeyId = out.KeyMetadata!.KeyId!;
        if (name === 'disabledKey') await this.send('kms', new kms.DisableKeyCommand({ KeyId }));
        if (name === 'rotatingKey') await this.send('kms', new kms.EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: 90 }));
        if (name === 'pendingDeletionKey') await this.send('kms', new kms.ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
        return { [`${name}Id`]: KeyId, [`${name}Arn`]: out.KeyMetadata!.Arn };
      }
      case 'taggedKey': {
        const Tags = [{ TagKey: 'tag1', TagValue: 'value1' }, { TagKey: 'tag2', TagValue: 'value2' }];
        const out = await this.send<kms.CreateKeyCommandOutput>('kms', new kms.CreateKeyCommand({ Description: `${name} ${suffix}`, Tags }));
        return { taggedKeyId: out.KeyMetadata!.KeyId };
      }
      case 'alias':
        await this.send('kms', new kms.CreateAliasCommand({ AliasName: `alias/${suffix}`, TargetKeyId: v.keyId as string }));
        return { aliasName: `alias/${suffix}` };
      case 'ciphertext': {
        const out = await this.send<kms.EncryptCommandOutput>(
          'kms',
          new kms.EncryptCommand({ KeyId: v.keyId as string, Plaintext: Buffer.from('parity'), EncryptionContext: { purpose: 'parity' } }),
        );
        return { ciphertext: out.CiphertextBlob };
      }
      case 'logGroup':
        await this.send('logs', new logs.CreateLogGroupCommand({ logGroupName: `/parity/${suffix}` }));
        return { logGroupName: `/parity/${suffix}` };
      case 'logsKey': {
        const key = await this.send<kms.CreateKeyCommandOutput>('kms', new kms.CreateKeyCommand({ Policy: logsKeyPolicy() }));
        return { logsKeyArn: key.KeyMetadata!.Arn };
      }
      case 'encryptedLogGroup': {
        const logGroupName = `/parity/encrypted/${suffix}`;
        await this.send('logs', new logs.CreateLogGroupCommand({ logGroupName, kmsKeyId: v.logsKeyArn as string }));
        return { encryptedLogGroupName: logGroupName };
      }
      case 'retainedLogGroup':
        await this.send('logs', new logs.CreateLogGroupCommand({ logGroupName: `/parity/retained/${suffix}` }));
        await this.send('logs', new logs.PutRetentionPolicyCommand({ logGroupName: `/parity/retained/${suffix}`, retentionInDays: 7 }));
        return { retainedLogGroupName: `/parity/retained/${suffix}` };
      case 'taggedLogGroup':
        await this.send('logs', new logs.CreateLogGroupCommand({ logGroupName: `/parity/tagged/${suffix}`, tags: { env: 'testing' } }));
        return { taggedLogGroupName: `/parity/tagged/${suffix}` };
      case 'logStream':
        await this.send('logs', new logs.CreateLogStreamCommand({ logGroupName: v.logGroupName as string, logStreamName: `stream-${suffix}` }));
        return { logStreamName: `stream-${suffix}` };
      case 'function': {
        const functionName = `fn-${suffix}`;
        const out = await this.send<lambda.FunctionConfiguration>(
          'lambda',
          new lambda.CreateFunctionCommand({
            FunctionName: functionName,
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role: await this.role(),
            Code: { ZipFile: await zipFiles({ 'index.js': 'exports.handler = async (event) => ({ ok: true, event });' }) },
          }),
        );
        await functionActive(this.clients.lambda.client as unknown as lambda.LambdaClient, functionName);
        return { functionName, functionArn: out.FunctionArn };
      }
      case 'role':
        return { roleArn: await this.role() };
      case 'permission':
        await this.send(
          'lambda',
          new lambda.AddPermissionCommand({ FunctionName: v.functionName as string, StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' }),
        );
        return {};
      case 'restApi': {
        const out = await this.send<apigateway.RestApi>('apigateway', new apigateway.CreateRestApiCommand({ name: `api-${suffix}` }));
        return { restApiId: out.id, restApiIdUpper: out.id!.toUpperCase(), rootResourceId: out.rootResourceId };
      }
      case 'resource': {
        const out = await this.send<apigateway.Resource>(
          'apigateway',
          new apigateway.CreateResourceCommand({ restApiId: v.restApiId as string, parentId: v.rootResourceId as string, pathPart: 'items' }),
        );
        return { resourceId: out.id };
      }
      case 'method':
        await this.send(
          'apigateway',
          new apigateway.PutMethodCommand({ restApiId: v.restApiId as string, resourceId: v.resourceId as string, httpMethod: 'GET', authorizationType: 'NONE' }),
        );
        return {};
      case 'proxyResource': {
        const out = await this.send<apigateway.Resource>(
          'apigateway',
          new apigateway.CreateResourceCommand({ restApiId: v.restApiId as string, parentId: v.rootResourceId as string, pathPart: '{proxy+}' }),
        );
        return { proxyResourceId: out.id };
      }
      case 'stage': {
        const api = { restApiId: v.restApiId as string, resourceId: v.rootResourceId as string, httpMethod: 'ANY' };
        await this.send('apigateway', new apigateway.PutMethodCommand({ ...api, authorizationType: 'NONE' }));
        await this.send('apigateway', new apigateway.PutIntegrationCommand({ ...api, type: 'MOCK' }));
        const out = await this.send<apigateway.Deployment>('apigateway', new apigateway.CreateDeploymentCommand({ restApiId: api.restApiId, stageName: 'dev' }));
        return { stageName: 'dev', deploymentId: out.id };
      }
      case 'stack': {
        const stackName = `stack-${suffix}`;
        const out = await this.send<cloudformation.CreateStackOutput>('cloudformation', new cloudformation.CreateStackCommand({ StackName: stackName, TemplateBody: STACK_TEMPLATE }));
        await cloudformation.waitUntilStackCreateComplete({ client: this.clients.cloudformation.client as unknown as cloudformation.CloudFormationClient, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.2 }, { StackName: stackName });
        return { stackName, stackId: out.StackId };
      }
      case 'changeSet': {
        const changeSetStackName = `cs-stack-${suffix}`;
        const out = await this.send<cloudformation.CreateChangeSetOutput>(
          'cloudformation',
          new cloudformation.CreateChangeSetCommand({ StackName: changeSetStackName, ChangeSetName: `cs-${suffix}`, ChangeSetType: 'CREATE', TemplateBody: STACK_TEMPLATE }),
        );
        await cloudformation.waitUntilChangeSetCreateComplete(
          { client: this.clients.cloudformation.client as unknown as cloudformation.CloudFormationClient, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.2 },
          { StackName: changeSetStackName, ChangeSetName: `cs-${suffix}` },
        );
        return { changeSetStackName, changeSetName: `cs-${suffix}`, changeSetId: out.Id };
      }
      case 'emptyChangeSet': {
        // the stack's own template again: the change set has no changes and ends FAILED
        const input = { StackName: v.stackName as string, ChangeSetName: `empty-${suffix}` };
        const out = await this.send<cloudformation.CreateChangeSetOutput>('cloudformation', new cloudformation.CreateChangeSetCommand({ ...input, TemplateBody: STACK_TEMPLATE }));
        const settled = async (): Promise<void> => {
          const cs = await this.send<cloudformation.DescribeChangeSetOutput>('cloudformation', new cloudformation.DescribeChangeSetCommand(input));
          if (cs.Status === 'CREATE_PENDING' || cs.Status === 'CREATE_IN_PROGRESS') return new Promise((r) => setTimeout(r, 50)).then(settled);
        };
        await settled();
        return { emptyChangeSetName: input.ChangeSetName, emptyChangeSetId: out.Id, emptyChangeSetIdNormalised: normalise(out.Id!) };
      }
    }
  }

  /** One execution role for every function (IAM is global: made once). */
  private async role(): Promise<string> {
    this.roleArn ??= (
      await this.iam.send(
        new CreateRoleCommand({
          RoleName: 'parity-function-role',
          AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
        }),
      )
    ).Role!.Arn!;
    return this.roleArn;
  }
}
