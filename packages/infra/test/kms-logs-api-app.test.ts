import { afterEach, describe, expect, it, jest } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnElement } from 'aws-cdk-lib';
import { defineKmsLogsApi, environmentFromProcess } from '../src/kms-logs-api-app';
import { kmsLogsApiApp, reportedViolations, synthesize, TEST_REGION } from './helpers/app';
import { logicalIdsOfType, onlyResource } from './helpers/cfn';

const GUARD = 'KmsLogsKeyPolicyGuard';

describe('defineKmsLogsApi', () => {
  it('names the stack and every resource after the environmentSuffix context', () => {
    // Act
    const { app, stack } = kmsLogsApiApp({ environmentSuffix: 'pr-7' });
    const { template } = synthesize(app, stack);
    // Assess
    expect(stack.stackName).toBe('KmsLogsApi-pr-7');
    expect(stack.region).toBe(TEST_REGION);
    expect(onlyResource(template, 'AWS::KMS::Alias').resource.Properties?.AliasName).toBe('alias/kms-logs-api-pr-7');
    expect(onlyResource(template, 'AWS::Lambda::Function').resource.Properties?.FunctionName).toBe('kms-logs-api-pr-7');
    const groupNames = logicalIdsOfType(template, 'AWS::Logs::LogGroup').map((id) => template.Resources[id].Properties?.LogGroupName);
    expect(groupNames.sort()).toEqual(['/kms-logs-api/pr-7/api-access', '/kms-logs-api/pr-7/function']);
  });

  it('defaults the suffix to dev', () => {
    expect(kmsLogsApiApp().stack.stackName).toBe('KmsLogsApi-dev');
  });

  it("deploys the function's code from the kmsLogsApi:handlerBundle folder when given (a test's changed copy)", () => {
    // Prepare: a bundle that differs from the handler's dist/
    const bundle = fs.mkdtempSync(path.join(os.tmpdir(), 'handler-bundle-'));
    fs.writeFileSync(path.join(bundle, 'index.js'), 'exports.handler = async () => ({ statusCode: 204 });');
    // Act
    const copy = kmsLogsApiApp({ 'kmsLogsApi:handlerBundle': bundle });
    const built = kmsLogsApiApp();
    // Assess: the asset (and so the code CloudFormation deploys) is the copy's
    const assetOf = ({ app, stack }: ReturnType<typeof kmsLogsApiApp>) =>
      (onlyResource(synthesize(app, stack).template, 'AWS::Lambda::Function').resource.Properties?.Code as { S3Key: unknown }).S3Key;
    expect(assetOf(copy)).not.toEqual(assetOf(built));
    expect(() => kmsLogsApiApp({ 'kmsLogsApi:handlerBundle': path.join(bundle, 'missing') })).toThrow(/index\.js is missing/);
  });

  it.each([
    [{ environmentSuffix: 'has space' }, /environmentSuffix/],
    [{ environmentSuffix: 'x'.repeat(33) }, /environmentSuffix/],
    [{ 'kmsLogsApi:testKeyPolicy': 'open' }, /least-privilege, seed-broken, seed-wildcard/],
    [{ 'kmsLogsApi:guard': 'maybe' }, /use on or off/],
  ])('rejects the context %j', (context, message) => {
    expect(() => defineKmsLogsApi(new App({ context }), { region: TEST_REGION })).toThrow(message);
  });
});

describe('environmentFromProcess', () => {
  it('takes account and region from the CDK CLI variables', () => {
    expect(environmentFromProcess({ CDK_DEFAULT_ACCOUNT: '111122223333', CDK_DEFAULT_REGION: 'eu-west-1' })).toEqual({
      account: '111122223333',
      region: 'eu-west-1',
    });
  });

  it('falls back to ap-southeast-1 and an unknown account', () => {
    expect(environmentFromProcess({})).toEqual({ account: undefined, region: 'ap-southeast-1' });
  });
});

describe('the key-policy guard at synth', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('fails synth on the seed\'s original key policy, naming the group, key, denied actions and the statement to add', () => {
    // Prepare
    const { app, stack } = kmsLogsApiApp({ 'kmsLogsApi:testKeyPolicy': 'seed-broken' });
    const keyId = stack.getLogicalId(stack.key.node.defaultChild as CfnElement);
    const functionGroupId = stack.getLogicalId(stack.functionLogGroup.node.defaultChild as CfnElement);
    const accessGroupId = stack.getLogicalId(stack.accessLogGroup.node.defaultChild as CfnElement);
    // Act
    const synth = () => app.synth();
    // Assess
    expect(synth).toThrow();
    let message = '';
    try {
      synth();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`FATAL Log group ${functionGroupId}`);
    expect(message).toContain(`FATAL Log group ${accessGroupId}`);
    expect(message).toContain(`Rule ${GUARD}::logs-key-policy-denies-log-group`);
    expect(message).toContain(
      `Log group ${functionGroupId} (/kms-logs-api/dev/function) is encrypted with KMS key ${keyId}, but the key policy does not let CloudWatch Logs (logs.${TEST_REGION}.amazonaws.com) use the key`,
    );
    expect(message).toContain(`Log group ${accessGroupId} (/kms-logs-api/dev/api-access)`);
    expect(message).toContain(
      'Denied: kms:Encrypt, kms:Decrypt, kms:ReEncryptFrom, kms:ReEncryptTo, kms:GenerateDataKey, kms:GenerateDataKeyWithoutPlaintext, kms:DescribeKey',
    );
    expect(message).toContain('AccessDeniedException');
    expect(message).toContain(
      `Statement to add to the KeyPolicy of ${keyId}: {"Sid":"AllowCloudWatchLogsForTheseLogGroups","Effect":"Allow","Principal":{"Service":"logs.${TEST_REGION}.amazonaws.com"},` +
        '"Action":["kms:Encrypt*","kms:Decrypt*","kms:ReEncrypt*","kms:GenerateDataKey*","kms:Describe*"],"Resource":"*",' +
        `"Condition":{"ArnEquals":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:${TEST_REGION}:123456789012:log-group:/kms-logs-api/dev/function"}}}`,
    );
  });

  it('lets the broken policy through only with the test-only guard=off (for the end-to-end deploy test)', () => {
    // Act
    const { app, stack } = kmsLogsApiApp({ 'kmsLogsApi:testKeyPolicy': 'seed-broken', 'kmsLogsApi:guard': 'off' });
    const { template, assembly } = synthesize(app, stack);
    // Assess: the template really carries the seed's bug
    const statements = onlyResource(template, 'AWS::KMS::Key').resource.Properties?.KeyPolicy.Statement as object[];
    expect(statements).toHaveLength(1);
    expect(JSON.stringify(statements)).not.toContain('logs.');
    expect(reportedViolations(assembly).filter((v) => v.pluginName === GUARD)).toEqual([]);
  });

  it('reports the seed\'s wildcard policy as least-privilege warnings without failing synth', () => {
    // Prepare
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { app, stack } = kmsLogsApiApp({ 'kmsLogsApi:testKeyPolicy': 'seed-wildcard' });
    const keyId = stack.getLogicalId(stack.key.node.defaultChild as CfnElement);
    // Act
    const { assembly } = synthesize(app, stack);
    // Assess
    const guardViolations = reportedViolations(assembly).filter((v) => v.pluginName === GUARD);
    expect(guardViolations.map((v) => [v.ruleName, v.severity, v.logicalIds])).toEqual([
      ['logs-key-policy-wider-than-stack', 'warning', [keyId]],
      ['logs-key-policy-unneeded-actions', 'warning', [keyId]],
    ]);
    const wider = guardViolations[0].description;
    expect(wider).toContain(`arn:aws:logs:${TEST_REGION}:123456789012:log-group:/aws/lambda/*`);
    expect(wider).toContain('/aws/lambda/__kms-logs-api-guard-probe__');
    expect(guardViolations[1].description).toContain('kms:CreateGrant');
    expect(printed.mock.calls.flat().join('\n')).toContain('logs-key-policy-wider-than-stack');
  });
});
