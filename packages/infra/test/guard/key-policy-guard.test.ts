import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { App, IPolicyValidationContext } from 'aws-cdk-lib';
import { KeyPolicyGuard } from '../../src/guard/key-policy-guard';

const ROOT = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
const LOGS = {
  Effect: 'Allow',
  Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
  Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*', 'kms:CreateGrant'],
  Resource: '*',
  Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111122223333:log-group:/app/a' } },
};

/** Runs the plugin on hand-written templates, as CDK would after synthesis. */
function validate(templates: Record<string, object>, region = 'eu-west-1', accountId = '111122223333') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
  const stackTemplates = Object.entries(templates).map(([name, template]) => {
    const templatePath = path.join(dir, `${name}.template.json`);
    fs.writeFileSync(templatePath, JSON.stringify(template));
    return { stackConstructPath: name, templatePath, accountId, region };
  });
  const context: IPolicyValidationContext = {
    templatePaths: stackTemplates.map((s) => s.templatePath),
    stackTemplates,
    appConstruct: new App(),
  };
  return { report: new KeyPolicyGuard().validate(context), stackTemplates };
}

const templateWith = (statements: object[]) => ({
  Resources: {
    Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: statements } } },
    Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app/a', KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
  },
});

describe('KeyPolicyGuard (the policy-validation plugin)', () => {
  it('fails the report with one violation per uncovered group, pointing at the template and resource', () => {
    const { report, stackTemplates } = validate({ Broken: templateWith([ROOT]), Fine: templateWith([ROOT, LOGS]) });
    expect(report.success).toBe(false);
    const fatal = report.violations.filter((v) => v.severity === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({
      ruleName: 'logs-key-policy-denies-log-group',
      violatingResources: [{ resourceLogicalId: 'Group', templatePath: stackTemplates[0].templatePath, locations: ['Properties/KmsKeyId'] }],
    });
    // the stack's own region and account, not placeholders
    expect(fatal[0].description).toContain('logs.eu-west-1.amazonaws.com');
    expect(fatal[0].description).toContain('arn:aws:logs:eu-west-1:111122223333:log-group:/app/a');
    expect(fatal[0].description).not.toContain('stands for it');
  });

  it('succeeds with warnings only (they never fail synthesis)', () => {
    const { report } = validate({ Fine: templateWith([ROOT, LOGS]) });
    expect(report.success).toBe(true);
    expect(report.violations.map((v) => [v.ruleName, v.severity])).toEqual([['logs-key-policy-unneeded-actions', 'warning']]);
  });

  it('checks a template in the region it deploys to', () => {
    // the same template deployed in another region: the principal logs.eu-west-1 no longer matches
    const { report } = validate({ Moved: templateWith([ROOT, LOGS]) }, 'us-east-1');
    expect(report.success).toBe(false);
  });

  it('has nothing to say about a template without encrypted log groups', () => {
    const { report } = validate({ Empty: { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } } });
    expect(report).toEqual({ success: true, violations: [] });
  });
});
