import { describe, expect, it } from '@jest/globals';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Template as AssertionsTemplate } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as fc from 'fast-check';
import { EncryptedLogGroup } from '../../src/constructs/encrypted-log-group';
import { LogsKeyPolicy } from '../../src/constructs/logs-key-policy';
import { checkLogsKeyPolicies } from '../../src/guard/logs-key-policy-checks';
import { stackEnvironment } from '../../src/guard/stack-environment';
import { TemplateModel } from '../../src/guard/template-model';
import { asList, flatten, logicalIdsOfType, Template } from '../helpers/cfn';

const REGION = 'ap-southeast-1';

/** A bare stack for the construct, synthesized without plugins. */
function stackIn(region: string | undefined): Stack {
  return new Stack(new App(), 'Test', { env: region === undefined ? undefined : { region } });
}

function templateOf(stack: Stack): Template {
  return AssertionsTemplate.fromStack(stack).toJSON() as Template;
}

function logsStatements(template: Template, keyId: string): Record<string, any>[] {
  const statements = template.Resources[keyId].Properties?.KeyPolicy.Statement as Record<string, any>[];
  return statements.filter((s) => s.Principal?.Service !== undefined);
}

describe('EncryptedLogGroup', () => {
  it('encrypts the group with the key and adds its ARN (from its name, no :*) to ONE CloudWatch Logs statement of the key', () => {
    // Prepare
    const stack = stackIn(REGION);
    const key = new kms.Key(stack, 'Key');
    // Act
    const a = new EncryptedLogGroup(stack, 'A', { key, logGroupName: '/app/a' });
    new EncryptedLogGroup(stack, 'B', { key, logGroupName: '/app/b', retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    // Assess
    const template = templateOf(stack);
    const keyId = logicalIdsOfType(template, 'AWS::KMS::Key')[0];
    const statements = logsStatements(template, keyId);
    expect(statements).toHaveLength(1);
    expect(statements[0].Principal).toEqual({ Service: `logs.${REGION}.amazonaws.com` });
    expect(asList(statements[0].Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']).map(flatten)).toEqual([
      `arn:\${AWS::Partition}:logs:${REGION}:\${AWS::AccountId}:log-group:/app/a`,
      `arn:\${AWS::Partition}:logs:${REGION}:\${AWS::AccountId}:log-group:/app/b`,
    ]);
    expect(flatten(stack.resolve(a.logGroupArn))).toBe(`arn:\${AWS::Partition}:logs:${REGION}:\${AWS::AccountId}:log-group:/app/a`);

    const groups = logicalIdsOfType(template, 'AWS::Logs::LogGroup').map((id) => template.Resources[id]);
    expect(groups.map((g) => [g.Properties?.LogGroupName, g.Properties?.KmsKeyId, g.Properties?.RetentionInDays, g.DeletionPolicy])).toEqual([
      ['/app/a', { 'Fn::GetAtt': [keyId, 'Arn'] }, 30, 'Retain'],
      ['/app/b', { 'Fn::GetAtt': [keyId, 'Arn'] }, 7, 'Delete'],
    ]);
  });

  it('keeps each key\'s statement to the groups encrypted with that key', () => {
    const stack = stackIn(REGION);
    const key1 = new kms.Key(stack, 'Key1');
    const key2 = new kms.Key(stack, 'Key2');
    new EncryptedLogGroup(stack, 'A', { key: key1, logGroupName: 'a' });
    new EncryptedLogGroup(stack, 'B', { key: key2, logGroupName: 'b' });
    const template = templateOf(stack);
    const [id1, id2] = logicalIdsOfType(template, 'AWS::KMS::Key');
    const arnsOf = (id: string) => asList(logsStatements(template, id)[0].Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']).map(flatten);
    expect(arnsOf(id1)).toEqual([expect.stringMatching(/:log-group:a$/)]);
    expect(arnsOf(id2)).toEqual([expect.stringMatching(/:log-group:b$/)]);
    expect(LogsKeyPolicy.of(key1)).toBe(LogsKeyPolicy.of(key1));
  });

  it('renders the regional principal with AWS::Region in a region-agnostic stack', () => {
    const stack = stackIn(undefined);
    new EncryptedLogGroup(stack, 'A', { key: new kms.Key(stack, 'Key'), logGroupName: 'a' });
    const template = templateOf(stack);
    const statement = logsStatements(template, logicalIdsOfType(template, 'AWS::KMS::Key')[0])[0];
    expect(flatten(statement.Principal.Service)).toBe('logs.${AWS::Region}.amazonaws.com');
  });

  it.each([
    ['the reserved prefix aws/', 'aws/reserved'],
    ['a space', 'has space'],
    ['no characters', ''],
    ['513 characters', 'x'.repeat(513)],
  ])('rejects a log group name with %s', (_label, logGroupName) => {
    const stack = stackIn(REGION);
    expect(() => new EncryptedLogGroup(stack, 'A', { key: new kms.Key(stack, 'Key'), logGroupName })).toThrow(/invalid log group name/);
  });

  it('refuses an imported key, whose policy it could not extend', () => {
    const stack = stackIn(REGION);
    const key = kms.Key.fromKeyArn(stack, 'Imported', `arn:aws:kms:${REGION}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    expect(() => new EncryptedLogGroup(stack, 'A', { key, logGroupName: 'a' })).toThrow();
  });

  it('always produces what the key-policy guard proves: any groups, any region, no finding', () => {
    const name = fc.stringMatching(/^\/?[a-z0-9][a-z0-9._\-/#]{0,30}$/).filter((n) => !n.startsWith('aws/'));
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), fc.constantFrom(REGION, 'us-east-1', undefined), (names, region) => {
        // Prepare
        const stack = stackIn(region);
        const key = new kms.Key(stack, 'Key');
        names.forEach((logGroupName, i) => new EncryptedLogGroup(stack, `G${i}`, { key, logGroupName }));
        // Act
        const findings = checkLogsKeyPolicies(new TemplateModel(templateOf(stack) as never, stackEnvironment('Test', undefined, region)));
        // Assess
        expect(findings).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});
