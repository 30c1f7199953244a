import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import { App, Validations } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KmsLogsApiStack } from '../src/kms-logs-api-stack';
import { kmsLogsApiApp, reportedViolations, synthesize, TEST_REGION } from './helpers/app';
import { asList, flatten, logicalIdsOfType, onlyResource, Resource, Template, withoutAssetHashes } from './helpers/cfn';

const DOCUMENTED_LOGS_ACTIONS = ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];
const CONTEXT_KEY = 'kms:EncryptionContext:aws:logs:arn';
const ARN_PREFIX = `arn:\${AWS::Partition}:logs:${TEST_REGION}:\${AWS::AccountId}:log-group:`;

describe('KmsLogsApiStack (default: least-privilege key policy)', () => {
  let stack: KmsLogsApiStack;
  let template: Template;
  let assembly: CloudAssembly;
  let keyId: string;
  let functionGroupId: string;
  let accessGroupId: string;

  beforeAll(() => {
    // Prepare
    const built = kmsLogsApiApp();
    stack = built.stack;
    // Act
    ({ template, assembly } = synthesize(built.app, stack));
    keyId = onlyResource(template, 'AWS::KMS::Key').id;
    const groupId = (name: string) =>
      logicalIdsOfType(template, 'AWS::Logs::LogGroup').find((id) => template.Resources[id].Properties?.LogGroupName === name)!;
    functionGroupId = groupId('/kms-logs-api/dev/function');
    accessGroupId = groupId('/kms-logs-api/dev/api-access');
  });

  describe('KMS key', () => {
    it('rotates, has a description and is destroyable with a 7-day pending window', () => {
      const key = template.Resources[keyId];
      expect(key.Properties).toMatchObject({ EnableKeyRotation: true, PendingWindowInDays: 7 });
      expect(key.Properties?.Description).toMatch(/CloudWatch Logs/);
      expect(key.DeletionPolicy).toBe('Delete');
      expect(key.UpdateReplacePolicy).toBe('Delete');
    });

    it('has the alias alias/kms-logs-api-<suffix> pointing at it', () => {
      const alias = onlyResource(template, 'AWS::KMS::Alias').resource;
      expect(alias.Properties).toEqual({ AliasName: 'alias/kms-logs-api-dev', TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    });

    describe('key policy', () => {
      let statements: Record<string, any>[];
      let logsStatement: Record<string, any>;

      beforeAll(() => {
        statements = template.Resources[keyId].Properties?.KeyPolicy.Statement;
        logsStatement = statements.find((s) => s.Principal?.Service !== undefined)!;
      });

      it('has exactly two statements: the account root and CloudWatch Logs', () => {
        expect(statements).toHaveLength(2);
        const root = statements.find((s) => s.Principal?.AWS !== undefined)!;
        expect(flatten(root.Principal.AWS)).toBe('arn:${AWS::Partition}:iam::${AWS::AccountId}:root');
        expect(root).toMatchObject({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
      });

      it('names the REGIONAL CloudWatch Logs service principal', () => {
        expect(logsStatement.Principal).toEqual({ Service: `logs.${TEST_REGION}.amazonaws.com` });
        expect(logsStatement.Effect).toBe('Allow');
        expect(logsStatement.Resource).toBe('*');
      });

      it('allows exactly the documented actions, without kms:CreateGrant', () => {
        expect([...asList<string>(logsStatement.Action)].sort()).toEqual(DOCUMENTED_LOGS_ACTIONS);
        expect(asList<string>(logsStatement.Action)).not.toContain('kms:CreateGrant');
      });

      it('is conditioned on the encryption context naming exactly both log groups, built from their names', () => {
        expect(Object.keys(logsStatement.Condition)).toEqual(['ArnEquals']);
        expect(Object.keys(logsStatement.Condition.ArnEquals)).toEqual([CONTEXT_KEY]);
        const arns = asList<unknown>(logsStatement.Condition.ArnEquals[CONTEXT_KEY]).map(flatten);
        const expected = [functionGroupId, accessGroupId].map((id) => `${ARN_PREFIX}${template.Resources[id].Properties?.LogGroupName}`);
        expect(arns.sort()).toEqual(expected.sort());
        for (const arn of arns) {
          expect(arn).not.toMatch(/:\*$/);
          expect(arn).not.toContain('*');
        }
      });
    });
  });

  describe('log groups', () => {
    it('are exactly two, both encrypted with the key, with retention, destroyable', () => {
      expect(logicalIdsOfType(template, 'AWS::Logs::LogGroup').sort()).toEqual([functionGroupId, accessGroupId].sort());
      for (const id of [functionGroupId, accessGroupId]) {
        const group = template.Resources[id];
        expect(group.Properties?.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
        expect(group.Properties?.RetentionInDays).toBe(30);
        expect(group.DeletionPolicy).toBe('Delete');
        expect(group.Properties?.LogGroupName).not.toMatch(/^aws\//);
      }
    });
  });

  describe('function', () => {
    let fn: Resource;
    beforeAll(() => {
      fn = onlyResource(template, 'AWS::Lambda::Function').resource;
    });

    it('runs the handler bundle on Node.js 24 with 256 MB and 10 s', () => {
      expect(fn.Properties).toMatchObject({
        FunctionName: 'kms-logs-api-dev',
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        MemorySize: 256,
        Timeout: 10,
        Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'kms-logs-api', NODE_OPTIONS: '--enable-source-maps' } },
      });
    });

    it('logs JSON at INFO to its own encrypted group, created before it', () => {
      expect(fn.Properties?.LoggingConfig).toEqual({
        LogFormat: 'JSON',
        LogGroup: { Ref: functionGroupId },
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'INFO',
      });
      expect(asList(fn.DependsOn)).toContain(functionGroupId);
    });

    it('ships exactly the bundle: index.js and its source map', () => {
      // the asset manifest says which staged directory the S3Key's zip is made from
      const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${stack.stackName}.assets.json`), 'utf-8'));
      const hash = (fn.Properties?.Code.S3Key as string).replace(/\.zip$/, '');
      expect(manifest.files[hash].source.packaging).toBe('zip');
      const assetDir = path.join(assembly.directory, manifest.files[hash].source.path);
      expect(fs.readdirSync(assetDir).sort()).toEqual(['index.js', 'index.js.map']);
    });

    it('has a dedicated role with no managed policy that may only write to its own group', () => {
      const roleId = fn.Properties?.Role['Fn::GetAtt'][0] as string;
      const role = template.Resources[roleId];
      expect(role.Properties?.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ]);
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
      // no separate AWS::IAM::Policy adds to it
      const attached = logicalIdsOfType(template, 'AWS::IAM::Policy').filter((id) =>
        JSON.stringify(template.Resources[id].Properties?.Roles).includes(roleId),
      );
      expect(attached).toEqual([]);

      const policies = role.Properties?.Policies as { PolicyDocument: { Statement: Record<string, any>[] } }[];
      expect(policies).toHaveLength(1);
      const grants = policies[0].PolicyDocument.Statement.map((s) => ({
        effect: s.Effect,
        actions: asList(s.Action),
        resources: asList(s.Resource).map(flatten),
      }));
      const group = `${ARN_PREFIX}/kms-logs-api/dev/function`;
      expect(grants).toEqual([
        { effect: 'Allow', actions: ['logs:CreateLogStream'], resources: [`${group}:*`] },
        { effect: 'Allow', actions: ['logs:PutLogEvents'], resources: [`${group}:log-stream:*`] },
      ]);
    });
  });

  describe('REST API', () => {
    let stage: Resource;
    beforeAll(() => {
      stage = onlyResource(template, 'AWS::ApiGateway::Stage').resource;
    });

    it('is a regional Lambda proxy: ANY / and ANY /{proxy+}', () => {
      const api = onlyResource(template, 'AWS::ApiGateway::RestApi').resource;
      expect(api.Properties?.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
      expect(api.Properties?.Name).toBe('kms-logs-api-dev');
      const proxy = onlyResource(template, 'AWS::ApiGateway::Resource').resource;
      expect(proxy.Properties?.PathPart).toBe('{proxy+}');
      const methods = logicalIdsOfType(template, 'AWS::ApiGateway::Method').map((id) => template.Resources[id].Properties!);
      expect(methods).toHaveLength(2);
      for (const method of methods) {
        expect(method.HttpMethod).toBe('ANY');
        expect(method.Integration.Type).toBe('AWS_PROXY');
      }
    });

    it('writes JSON access logs with the request id to the encrypted access-log group', () => {
      expect(stage.Properties?.StageName).toBe('v1');
      expect(stage.Properties?.AccessLogSetting.DestinationArn).toEqual({ 'Fn::GetAtt': [accessGroupId, 'Arn'] });
      const format = stage.Properties?.AccessLogSetting.Format as string;
      expect(format).toContain('$context.requestId');
      expect(() => JSON.parse(format)).not.toThrow();
    });

    it('throttles every method and does no execution logging or tracing', () => {
      expect(stage.Properties?.MethodSettings).toEqual([
        { HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50, DataTraceEnabled: false },
      ]);
      expect(stage.Properties?.TracingEnabled).toBe(false);
    });

    it('sets the account CloudWatch role stage logging needs, before the stage', () => {
      const { id: accountId, resource: account } = onlyResource(template, 'AWS::ApiGateway::Account');
      const roleId = account.Properties?.CloudWatchRoleArn['Fn::GetAtt'][0] as string;
      expect(asList(template.Resources[roleId].Properties?.ManagedPolicyArns).map(flatten)).toEqual([
        'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
      ]);
      expect(template.Resources[roleId].DeletionPolicy).toBe('Delete');
      expect(asList(stage.DependsOn)).toContain(accountId);
    });
  });

  it('outputs exactly ApiUrl, FunctionName, LogGroupName, AccessLogGroupName, KmsKeyArn, KmsKeyId', () => {
    const outputs = template.Outputs!;
    expect(Object.keys(outputs).sort()).toEqual(['AccessLogGroupName', 'ApiUrl', 'FunctionName', 'KmsKeyArn', 'KmsKeyId', 'LogGroupName']);
    const apiId = onlyResource(template, 'AWS::ApiGateway::RestApi').id;
    const stageId = onlyResource(template, 'AWS::ApiGateway::Stage').id;
    expect(flatten(outputs.ApiUrl.Value)).toBe(`https://\${${apiId}}.execute-api.${TEST_REGION}.\${AWS::URLSuffix}/\${${stageId}}/`);
    expect(outputs.FunctionName.Value).toEqual({ Ref: onlyResource(template, 'AWS::Lambda::Function').id });
    expect(outputs.LogGroupName.Value).toEqual({ Ref: functionGroupId });
    expect(outputs.AccessLogGroupName.Value).toEqual({ Ref: accessGroupId });
    expect(outputs.KmsKeyArn.Value).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(outputs.KmsKeyId.Value).toEqual({ Ref: keyId });
  });

  it('tags resources with Project, Environment and ManagedBy', () => {
    for (const id of [keyId, functionGroupId, accessGroupId, onlyResource(template, 'AWS::Lambda::Function').id]) {
      expect(template.Resources[id].Properties?.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'Project', Value: 'kms-logs-api' },
          { Key: 'Environment', Value: 'dev' },
          { Key: 'ManagedBy', Value: 'cdk' },
        ]),
      );
    }
  });

  it('passes cdk-nag AwsSolutions and the key-policy guard at synth with nothing to report', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    expect(reportedViolations(assembly)).toEqual([]);
  });

  it('matches the snapshot (asset hashes normalised)', () => {
    expect(withoutAssetHashes(template)).toMatchSnapshot();
  });
});

describe('cdk-nag acknowledgements', () => {
  it('are each needed, specific and explained: without them cdk-nag reports exactly the acknowledged findings', () => {
    // Prepare: record the acknowledgements instead of applying them
    const acknowledged: { id: string; reason: string }[] = [];
    const spy = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation((...rules) => {
      acknowledged.push(...rules);
    });
    let violations: string[];
    try {
      const stack = new KmsLogsApiStack(new App(), 'Unacknowledged', { environmentSuffix: 'dev', env: { region: TEST_REGION } });
      // Act
      violations = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    } finally {
      spy.mockRestore();
    }
    // Assess
    expect(violations.sort()).toEqual(acknowledged.map((a) => a.id).sort());
    for (const { reason } of acknowledged) expect(reason.length).toBeGreaterThan(40);
  });
});
