import { describe, expect, it } from '@jest/globals';
import { checkLogsKeyPolicies, GuardFinding, RULES } from '../../src/guard/logs-key-policy-checks';
import { stackEnvironment, StackEnvironment } from '../../src/guard/stack-environment';
import { Template, Unknown } from '@kms-logs-api/cfn-template';
import { TemplateModel, unknownText } from '../../src/guard/template-model';

const ACCOUNT = '111122223333';
const REGION = 'ap-southeast-1';
const ENV = stackEnvironment('Guarded', ACCOUNT, REGION);
const DOCUMENTED = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];
const CONTEXT_KEY = 'kms:EncryptionContext:aws:logs:arn';

const arn = (name: string, account = ACCOUNT) => `arn:aws:logs:${REGION}:${account}:log-group:${name}`;
const ROOT = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
const logsStatement = (condition: object | undefined, actions: string[] = DOCUMENTED) => ({
  Sid: 'Logs',
  Effect: 'Allow',
  Principal: { Service: `logs.${REGION}.amazonaws.com` },
  Action: actions,
  Resource: '*',
  ...(condition === undefined ? {} : { Condition: condition }),
});
const exactly = (...names: string[]) => ({ ArnEquals: { [CONTEXT_KEY]: names.map((name) => arn(name)) } });

const key = (statements: object[] | undefined) => ({
  Type: 'AWS::KMS::Key',
  Properties: statements === undefined ? {} : { KeyPolicy: { Version: '2012-10-17', Statement: statements } },
});
const group = (name: unknown, kmsKeyId: unknown = { 'Fn::GetAtt': ['Key', 'Arn'] }) => ({
  Type: 'AWS::Logs::LogGroup',
  Properties: { ...(name === undefined ? {} : { LogGroupName: name }), KmsKeyId: kmsKeyId },
});

function check(resources: Record<string, object>, env: StackEnvironment = ENV): GuardFinding[] {
  return checkLogsKeyPolicies(new TemplateModel({ Resources: resources } as Template, env));
}

const summary = (findings: GuardFinding[]) => findings.map((f) => [f.ruleName, f.severity, f.logicalId]);

describe('checkLogsKeyPolicies: can CloudWatch Logs use the key for each group?', () => {
  it('passes the documented statement naming exactly the template\'s groups', () => {
    expect(check({ Key: key([ROOT, logsStatement(exactly('/app/a', '/app/b'))]), A: group('/app/a'), B: group('/app/b') })).toEqual([]);
  });

  it('fails the seed\'s original policy (account root only) for every group, with the statement to add', () => {
    // Act
    const findings = check({ Key: key([ROOT]), A: group('/app/a') });
    // Assess
    expect(summary(findings)).toEqual([[RULES.deniesLogGroup, 'fatal', 'A']]);
    expect(findings[0].description).toContain('Log group A (/app/a) is encrypted with KMS key Key');
    expect(findings[0].description).toContain('no statement allows them');
    const added = JSON.parse(findings[0].description.split('Statement to add to the KeyPolicy of Key: ')[1]);
    expect(added).toEqual({
      Sid: 'AllowCloudWatchLogsForTheseLogGroups',
      Effect: 'Allow',
      Principal: { Service: `logs.${REGION}.amazonaws.com` },
      Action: DOCUMENTED,
      Resource: '*',
      Condition: { ArnEquals: { [CONTEXT_KEY]: arn('/app/a') } },
    });
    expect(findings[0].fix).toContain('EncryptedLogGroup');
  });

  it('treats a template without KeyPolicy as KMS\'s default policy (account root only)', () => {
    expect(summary(check({ Key: key(undefined), A: group('/app/a') }))).toEqual([[RULES.deniesLogGroup, 'fatal', 'A']]);
  });

  it('names an explicit Deny for the logs principal and only the actions it denies', () => {
    const deny = { Sid: 'NoLogsDecrypt', Effect: 'Deny', Principal: { Service: `logs.${REGION}.amazonaws.com` }, Action: 'kms:Decrypt', Resource: '*' };
    const findings = check({ Key: key([ROOT, logsStatement(exactly('/app/a')), deny]), A: group('/app/a') });
    expect(summary(findings)).toEqual([[RULES.deniesLogGroup, 'fatal', 'A']]);
    expect(findings[0].description).toContain('Denied: kms:Decrypt - explicitly, by Deny Statement[2] (Sid NoLogsDecrypt)');
    expect(findings[0].fix).toContain('remove or narrow Deny Statement[2] (Sid NoLogsDecrypt)');
  });

  it('fails a group the statement does not name, and only that group', () => {
    const findings = check({ Key: key([ROOT, logsStatement(exactly('/app/a'))]), A: group('/app/a'), B: group('/app/b') });
    expect(summary(findings)).toEqual([[RULES.deniesLogGroup, 'fatal', 'B']]);
  });

  it('fails the seed\'s fixed pattern log-group:/aws/lambda/* for a group outside /aws/lambda/', () => {
    const seedFix = logsStatement({ ArnLike: { [CONTEXT_KEY]: arn('/aws/lambda/*') } });
    expect(summary(check({ Key: key([ROOT, seedFix]), A: group('/app/function') }))).toContainEqual([RULES.deniesLogGroup, 'fatal', 'A']);
  });

  it('fails when the statement names a group ARN with CloudFormation\'s trailing :*', () => {
    const withStar = logsStatement({ ArnEquals: { [CONTEXT_KEY]: `${arn('/app/a')}:*` } });
    expect(summary(check({ Key: key([ROOT, withStar]), A: group('/app/a') }))).toContainEqual([RULES.deniesLogGroup, 'fatal', 'A']);
  });

  it('fails the principal of another region', () => {
    const otherRegion = { ...logsStatement(exactly('/app/a')), Principal: { Service: 'logs.us-east-1.amazonaws.com' } };
    expect(summary(check({ Key: key([ROOT, otherRegion]), A: group('/app/a') }))).toEqual([[RULES.deniesLogGroup, 'fatal', 'A']]);
  });

  it('checks each group against its own key', () => {
    const findings = check({
      Key: key([ROOT, logsStatement(exactly('/app/a'))]),
      Key2: key([ROOT, logsStatement(exactly('/app/a'))]),
      A: group('/app/a'),
      B: group('/app/b', { 'Fn::GetAtt': ['Key2', 'Arn'] }),
    });
    expect(summary(findings)).toEqual([[RULES.deniesLogGroup, 'fatal', 'B']]);
    expect(findings[0].description).toContain('encrypted with KMS key Key2');
  });

  it('finds the key behind an alias ARN', () => {
    const aliasArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alias/app']] };
    const findings = check({
      Key: key([ROOT]),
      Alias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/app', TargetKeyId: { Ref: 'Key' } } },
      A: group('/app/a', aliasArn),
    });
    expect(summary(findings)).toEqual([[RULES.deniesLogGroup, 'fatal', 'A']]);
  });

  it('reports a key that is not in the template as info, without failing', () => {
    const external = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const findings = check({ A: group('/app/a', external) });
    expect(summary(findings)).toEqual([[RULES.keyNotInTemplate, 'info', 'A']]);
    expect(findings[0].description).toContain(external);
  });

  it('asks for a LogGroupName when CloudFormation would generate the name', () => {
    const findings = check({ Key: key([ROOT, logsStatement(exactly('/app/a'))]), Unnamed: group(undefined) });
    expect(summary(findings)).toEqual([[RULES.deniesLogGroup, 'fatal', 'Unnamed']]);
    expect(findings[0].description).toContain('give it a LogGroupName');
  });

  it('resolves intrinsics in names and policies (Fn::Join, Fn::Sub, Ref of pseudo parameters)', () => {
    const subArn = { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/app/${Suffix}' };
    const statement = {
      ...logsStatement({ ArnEquals: { [CONTEXT_KEY]: { 'Fn::Sub': [subArn['Fn::Sub'], { Suffix: 'a' }] } } }),
      Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] } },
    };
    const name = { 'Fn::Join': ['/', ['', 'app', 'a']] };
    expect(check({ Key: key([ROOT, statement]), A: group(name) })).toEqual([]);
  });

  it('evaluates a region- and account-agnostic template with placeholders, and says so', () => {
    const agnostic = stackEnvironment('Guarded', undefined, undefined);
    const regional = {
      ...logsStatement({ ArnEquals: { [CONTEXT_KEY]: { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/app/a' } } }),
      Principal: { Service: { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' } },
    };
    expect(check({ Key: key([ROOT, regional]), A: group('/app/a') }, agnostic)).toEqual([]);
    const [finding] = check({ Key: key([ROOT]), A: group('/app/a') }, agnostic);
    expect(finding.description).toContain('123456789012 stands for it');
    expect(finding.description).toContain('us-east-1 stands for it');
  });

  it('reports a key policy it cannot evaluate as an error', () => {
    const findings = check({ Key: key([{ ...ROOT, Effect: 'allow' }]), A: group('/app/a') });
    expect(summary(findings)).toEqual([[RULES.unreadable, 'error', 'A']]);
    expect(findings[0].description).toContain('Effect');
  });
});

describe('checkLogsKeyPolicies: is the grant wider than the template\'s groups?', () => {
  it('warns about a wildcard pattern, naming it and a probe group it lets in', () => {
    const wildcard = logsStatement({ ArnLike: { [CONTEXT_KEY]: arn('/app/*') } });
    const findings = check({ Key: key([ROOT, wildcard]), A: group('/app/a') });
    expect(summary(findings)).toEqual([[RULES.widerThanStack, 'warning', 'Key']]);
    expect(findings[0].description).toContain(`pattern ${arn('/app/*')}`);
    expect(findings[0].description).toContain(arn('/app/__kms-logs-api-guard-probe__'));
    expect(findings[0].fix).toContain(`"ArnEquals":{"${CONTEXT_KEY}":"${arn('/app/a')}"}`);
  });

  it('warns about an exact list that also names a group the template does not own', () => {
    const findings = check({ Key: key([ROOT, logsStatement(exactly('/app/a', '/aws/lambda/__kms-logs-api-guard-probe__'))]), A: group('/app/a') });
    expect(summary(findings)).toEqual([[RULES.widerThanStack, 'warning', 'Key']]);
  });

  it('warns about a statement that lets another account\'s group of the same name in', () => {
    const anyAccount = logsStatement({ ArnLike: { [CONTEXT_KEY]: `arn:aws:logs:${REGION}:*:log-group:/app/a` } });
    const findings = check({ Key: key([ROOT, anyAccount]), A: group('/app/a') });
    expect(summary(findings)).toEqual([[RULES.widerThanStack, 'warning', 'Key']]);
  });

  it('warns about a logs statement with no encryption-context condition', () => {
    const findings = check({ Key: key([ROOT, logsStatement(undefined)]), A: group('/app/a') });
    expect(summary(findings)).toEqual([[RULES.unscoped, 'warning', 'Key']]);
    expect(findings[0].description).toContain('kms:Encrypt, kms:Decrypt, kms:GenerateDataKey');
  });

  it('warns about actions CloudWatch Logs does not need, such as kms:CreateGrant', () => {
    const findings = check({ Key: key([ROOT, logsStatement(exactly('/app/a'), [...DOCUMENTED, 'kms:CreateGrant'])]), A: group('/app/a') });
    expect(summary(findings)).toEqual([[RULES.unneededActions, 'warning', 'Key']]);
    expect(findings[0].description).toContain('kms:CreateGrant');
  });
});

describe('checkLogsKeyPolicies: key policies with other principals', () => {
  it('evaluates a policy whose other statements name template roles and functions', () => {
    const admin = { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['AdminRole', 'Arn'] } }, Action: 'kms:*', Resource: '*' };
    const viaFunction = {
      Sid: 'Fn',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['Function', 'Arn'] } } },
    };
    const findings = check({
      Key: key([ROOT, admin, viaFunction, logsStatement(exactly('/app/a'))]),
      AdminRole: { Type: 'AWS::IAM::Role' },
      Function: { Type: 'AWS::Lambda::Function' },
      A: group('/app/a'),
    });
    expect(findings).toEqual([]);
  });
});

describe('checkLogsKeyPolicies: values known only after deploy (Unknown)', () => {
  it('reads them as matching no request, and names them in the finding', () => {
    // Prepare: the only logs statement is scoped to a group named by another stack's export
    const imported = logsStatement({ ArnEquals: { [CONTEXT_KEY]: { 'Fn::ImportValue': 'SharedGroupArn' } } });
    const admin = { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['AdminRole', 'Arn'] } }, Action: 'kms:*', Resource: '*' };
    // Act
    const findings = check({ Key: key([ROOT, admin, imported]), AdminRole: { Type: 'AWS::IAM::Role' }, A: group('/app/a') });
    // Assess
    expect(summary(findings)).toEqual([[RULES.deniesLogGroup, 'fatal', 'A']]);
    expect(findings[0].description).toContain('Known only after deploy, so matching no request here: Fn::GetAtt AdminRole.Arn; Fn::ImportValue SharedGroupArn');
  });

  it('writes them as an ARN-shaped text without wildcards, so the policy still parses', () => {
    const text = unknownText(new Unknown('Fn::ImportValue a*b?${c}'));
    expect(text).toMatch(/^arn:/);
    expect(text).not.toMatch(/[*?$]/);
  });

  it('does not take an SSM parameter\'s name for its value, nor a parameter without default', () => {
    const model = new TemplateModel(
      {
        Parameters: { Version: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/version' }, Env: { Type: 'String' } },
        Resources: {
          Key: key([ROOT, logsStatement(exactly('/app/a'))]),
          A: group({ 'Fn::Sub': '/app/${Version}' }),
          B: group({ 'Fn::Sub': '/app/${Env}' }),
        },
      } as Template,
      ENV,
    );
    expect(model.encryptedLogGroups().map((g) => [g.logicalId, g.nameIsKnown])).toEqual([['A', false], ['B', false]]);
  });

  it('reads a list parameter\'s default as a list, as CloudFormation passes it (Fn::Select of a CommaDelimitedList)', () => {
    const selected = { 'Fn::Select': [0, { Ref: 'Names' }] };
    const model = new TemplateModel(
      {
        Parameters: { Names: { Type: 'CommaDelimitedList', Default: '/app/a, /app/b' } },
        Resources: { Key: key([ROOT, logsStatement(exactly('/app/a'))]), A: group(selected) },
      } as Template,
      ENV,
    );
    expect(model.encryptedLogGroups()[0].name).toBe('/app/a');
    expect(checkLogsKeyPolicies(model)).toEqual([]);
  });

  it('finds the key behind an ARN joined from its Ref, and reads Fn::If with the template\'s conditions', () => {
    const keyArn = { 'Fn::Join': ['', ['arn:aws:kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':key/', { Ref: 'Key' }]] };
    const model = new TemplateModel(
      {
        Parameters: { Stage: { Type: 'String', Default: 'prod' } },
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
        Resources: {
          Key: key([ROOT, logsStatement({ 'Fn::If': ['IsProd', exactly('/app/a'), exactly('/dev/a')] })]),
          A: group('/app/a', keyArn),
        },
      } as Template,
      ENV,
    );
    expect(model.encryptedLogGroups()[0].keyLogicalId).toBe('Key');
    expect(checkLogsKeyPolicies(model)).toEqual([]);
  });

  it('reports a key policy with a malformed intrinsic as unreadable (CloudFormation would refuse it)', () => {
    const findings = check({ Key: key([ROOT, logsStatement({ ArnEquals: { [CONTEXT_KEY]: { 'Fn::Select': [3, ['a']] } } })]), A: group('/app/a') });
    expect(summary(findings)).toEqual([[RULES.unreadable, 'error', 'A']]);
    expect(findings[0].description).toContain('Fn::Select requires a list argument with two elements');
  });
});
