import { AwsError } from '../../../../src/core/aws-error';
import type { Template } from '@kms-logs-api/cfn-template';
import { resolveParameters, StackParameter, displayedParameter } from '../../../../src/services/cloudformation/engine/parameters';
import { EvaluatedTemplate, StackEnvironment, deletionOrder, parseTemplate } from '../../../../src/services/cloudformation/engine/stack-template';
import { parseTemplateUrl } from '../../../../src/services/cloudformation/template-source';

const ENV: StackEnvironment = {
  accountId: '000000000000',
  region: 'ap-southeast-1',
  stackName: 'Demo',
  stackId: 'arn:aws:cloudformation:ap-southeast-1:000000000000:stack/Demo/1b2c3d4e-0000-0000-0000-000000000000',
};

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as AwsError).code}: ${(e as Error).message}`;
  }
  return 'no error';
}

// The intrinsic functions, conditions and template parsing themselves are tested in packages/cfn-template.
describe('template errors, as CloudFormation answers them', () => {
  it('answers a malformed template with ValidationError and CloudFormation\'s text', () => {
    expect(errorOf(() => parseTemplate('{"Resources": {}}'))).toBe('ValidationError: Template format error: At least one Resources member must be defined.');
    expect(() => parseTemplate('{"Resources": ')).toThrow(AwsError);
  });

  it('reads YAML short forms', () => {
    const t = parseTemplate('Resources:\n  Group:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      KmsKeyId: !GetAtt Key.Arn\n');
    expect(t.Resources.Group.Properties).toEqual({ KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } });
  });

  it('refuses a Transform, which it does not expand', () => {
    expect(errorOf(() => parseTemplate('{"Transform": "AWS::Serverless-2016-10-31", "Resources": {"A": {"Type": "T"}}}')))
      .toBe('ValidationError: Template format error: Transform "AWS::Serverless-2016-10-31" is not supported by local-cloud');
  });

  it('answers a malformed intrinsic in a property with ValidationError', () => {
    const e = evaluate({ Resources: { A: { Type: 'T', Properties: { X: { 'Fn::Select': [5, ['a']] } } } } });
    expect(errorOf(() => e.resolveProperties('A', { ref: () => 'x', getAtt: () => 'y' })))
      .toBe('ValidationError: Template error: Fn::Select requires a list argument with two elements: an integer index and a list');
  });

  it('says that a function it does not evaluate is not supported by local-cloud', () => {
    const e = evaluate({ Resources: { A: { Type: 'T', Properties: { X: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] } } } } });
    expect(errorOf(() => e.resolveProperties('A', { ref: () => 'x', getAtt: () => 'y' })))
      .toBe('ValidationError: Template format error: Unsupported intrinsic function Fn::Cidr (not supported by local-cloud)');
  });

  it('refuses a circular condition and an And of one condition', () => {
    expect(errorOf(() => evaluate({ Conditions: { A: { Condition: 'A' } }, Resources: { R: { Type: 'T' } } })))
      .toBe('ValidationError: Template format error: Circular dependency between conditions: [A]');
    expect(errorOf(() => evaluate({ Conditions: { A: { 'Fn::And': [true] } }, Resources: { R: { Type: 'T' } } })))
      .toBe('ValidationError: Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.');
  });
});

function evaluate(template: object, parameters: StackParameter[] = []): EvaluatedTemplate {
  return EvaluatedTemplate.evaluate(template as Template, parameters, ENV);
}

describe('EvaluatedTemplate', () => {
  it('orders resources by their references and DependsOn', () => {
    // Prepare
    const t = {
      Resources: {
        Fn: { Type: 'T', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Log: { Ref: 'Group' } } },
        Group: { Type: 'T', Properties: { Key: { 'Fn::Sub': '${Key.Arn}' } } },
        Role: { Type: 'T', DependsOn: 'Key' },
        Key: { Type: 'T' },
        Meta: { Type: 'T', DependsOn: ['Fn'] },
      },
    };

    // Act
    const e = evaluate(t);

    // Assess
    expect(e.order).toEqual(['Key', 'Group', 'Role', 'Fn', 'Meta']);
    expect(e.dependencies.get('Fn')).toEqual(['Role', 'Group']);
  });

  it('refuses a dependency cycle, naming the resources in it', () => {
    const t = {
      Resources: {
        A: { Type: 'T', Properties: { X: { Ref: 'B' } } },
        B: { Type: 'T', Properties: { X: { 'Fn::GetAtt': ['C', 'Arn'] } } },
        C: { Type: 'T', DependsOn: 'A' },
        D: { Type: 'T', DependsOn: 'A' },
      },
    };
    expect(errorOf(() => evaluate(t))).toBe('ValidationError: Circular dependency between resources: [A, B, C]');
  });

  it.each([
    [{ A: { Type: 'T', Properties: { X: { Ref: 'Nope' } } } }, 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template'],
    [{ A: { Type: 'T', DependsOn: ['Nope'] } }, 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template'],
    [{ A: { Type: 'T', Properties: { X: { 'Fn::Sub': '${Nope}' } } } }, 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template'],
    [{ A: { Type: 'T', Properties: { X: { 'Fn::GetAtt': ['Nope', 'Arn'] } } } }, 'Template error: instance of Fn::GetAtt references undefined resource Nope'],
  ])('refuses an unknown reference %#', (resources, message) => {
    expect(errorOf(() => evaluate({ Resources: resources }))).toBe(`ValidationError: ${message}`);
  });

  it('skips a resource whose condition is false, and ignores references in the branch not taken', () => {
    // Prepare
    const t = {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: {
        Big: { Type: 'T', Condition: 'IsProd' },
        User: { Type: 'T', Properties: { X: { 'Fn::If': ['IsProd', { Ref: 'Big' }, 'none'] } } },
      },
    };
    const params: StackParameter[] = [{ key: 'Env', type: 'String', value: 'dev', noEcho: false }];

    // Act
    const e = evaluate(t, params);

    // Assess
    expect(e.resources).toEqual(['User']);
    expect(e.resolveProperties('User', { ref: () => 'x', getAtt: () => 'y' })).toEqual({ X: 'none' });
  });

  it('refuses a Ref to a resource whose condition is false', () => {
    const t = {
      Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
      Resources: { Big: { Type: 'T', Condition: 'Never' }, User: { Type: 'T', Properties: { X: { Ref: 'Big' } } } },
    };
    expect(errorOf(() => evaluate(t))).toBe('ValidationError: Template format error: Unresolved resource dependencies [Big] in the Resources block of the template');
  });

  it('resolves pseudo parameters and outputs with their conditions', () => {
    const t = {
      Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
      Resources: { A: { Type: 'T' } },
      Outputs: {
        Id: { Value: { 'Fn::Join': [':', [{ Ref: 'AWS::StackName' }, { Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }, { Ref: 'A' }]] }, Export: { Name: 'ex-${A}' } },
        Stack: { Value: { Ref: 'AWS::StackId' }, Description: 'the id' },
        Hidden: { Value: 'x', Condition: 'Never' },
      },
    };
    const outputs = evaluate(t).resolveOutputs({ ref: () => 'phys-a', getAtt: () => undefined });
    expect(outputs).toEqual([
      { OutputKey: 'Id', OutputValue: 'Demo:aws:amazonaws.com:phys-a', ExportName: 'ex-${A}' },
      { OutputKey: 'Stack', OutputValue: ENV.stackId, Description: 'the id' },
    ]);
  });

  describe('Rules', () => {
    // the rule the CDK's default synthesizer adds to every stack
    const cdkTemplate = {
      Parameters: {
        BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
      },
      Rules: {
        CheckBootstrapVersion: {
          Assertions: [{
            Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] },
            AssertDescription: "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
          }],
        },
      },
      Resources: { CDKMetadata: { Type: 'AWS::CDK::Metadata' } },
    };
    const ssm = (value: string | undefined) => ({ getParameterValue: async () => value });

    it('passes CheckBootstrapVersion with the SSM value 30', async () => {
      const params = await resolveParameters(cdkTemplate as unknown as Template, [], undefined, ssm('30'));
      expect(() => evaluate(cdkTemplate, params)).not.toThrow();
    });

    it('fails CheckBootstrapVersion with version 5, with the AssertDescription', async () => {
      const params = await resolveParameters(cdkTemplate as unknown as Template, [], undefined, ssm('5'));
      expect(errorOf(() => evaluate(cdkTemplate, params)))
        .toBe("ValidationError: CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.");
    });

    it('skips a rule whose RuleCondition is false', async () => {
      const t = {
        Parameters: { Env: { Type: 'String', Default: 'dev' } },
        Rules: {
          ProdOnly: {
            RuleCondition: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
            Assertions: [{ Assert: { 'Fn::Equals': ['a', 'b'] }, AssertDescription: 'never in prod' }],
          },
        },
        Resources: { A: { Type: 'T' } },
      };
      const params = await resolveParameters(t as unknown as Template, [], undefined, undefined);
      expect(() => evaluate(t, params)).not.toThrow();
      const prod = await resolveParameters(t as unknown as Template, [{ ParameterKey: 'Env', ParameterValue: 'prod' }], undefined, undefined);
      expect(errorOf(() => evaluate(t, prod))).toBe('ValidationError: never in prod');
    });

    it('allows only the rule functions', async () => {
      const t = {
        Rules: { R: { Assertions: [{ Assert: { 'Fn::Equals': [{ 'Fn::Join': ['', ['a']] }, 'a'] } }] } },
        Resources: { A: { Type: 'T' } },
      };
      expect(errorOf(() => evaluate(t))).toContain('Fn::Join is not a supported intrinsic function');
    });
  });
});

describe('resolveParameters', () => {
  const template = {
    Parameters: {
      BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
      Size: { Type: 'Number', Default: 3, MinValue: 1 },
      Ids: { Type: 'List<Number>', Default: '1,2' },
      Names: { Type: 'CommaDelimitedList' },
      Stage: { Type: 'String', AllowedValues: ['dev', 'prod'], Default: 'dev' },
      Secret: { Type: 'String', NoEcho: true, Default: 'hunter2' },
    },
    Resources: { A: { Type: 'T' } },
  } as unknown as Template;
  const ssm = { getParameterValue: async (name: string) => (name === '/cdk-bootstrap/hnb659fds/version' ? '30' : undefined) };

  it('keeps the SSM parameter name as the value and its value as ResolvedValue', async () => {
    // Act
    const params = await resolveParameters(template, [{ ParameterKey: 'Names', ParameterValue: 'a, b' }], undefined, ssm);

    // Assess
    expect(params.map(displayedParameter)).toEqual([
      { ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version', ResolvedValue: '30' },
      { ParameterKey: 'Size', ParameterValue: '3' },
      { ParameterKey: 'Ids', ParameterValue: '1,2' },
      { ParameterKey: 'Names', ParameterValue: 'a, b' },
      { ParameterKey: 'Stage', ParameterValue: 'dev' },
      { ParameterKey: 'Secret', ParameterValue: '****' },
    ]);
    const evaluated = EvaluatedTemplate.evaluate(template, params, ENV);
    expect(evaluated.scope({ ref: () => '', getAtt: () => '' }).ref('Names')).toEqual(['a', 'b']);
    expect(evaluated.scope({ ref: () => '', getAtt: () => '' }).ref('BootstrapVersion')).toBe('30');
  });

  it('UsePreviousValue keeps the previous NAME of an SSM parameter and fetches it again', async () => {
    // Prepare
    const previous = await resolveParameters(template, [{ ParameterKey: 'Names', ParameterValue: 'x' }], undefined, ssm);
    const newer = { getParameterValue: async () => '31' };

    // Act
    const params = await resolveParameters(template, [
      { ParameterKey: 'BootstrapVersion', UsePreviousValue: true },
      { ParameterKey: 'Names', UsePreviousValue: true },
    ], previous, newer);

    // Assess
    expect(params[0]).toMatchObject({ key: 'BootstrapVersion', value: '/cdk-bootstrap/hnb659fds/version', resolvedValue: '31' });
    expect(params[3]).toMatchObject({ key: 'Names', value: 'x' });
  });

  it.each([
    [[{ ParameterKey: 'Names', ParameterValue: 'a' }, { ParameterKey: 'Bogus', ParameterValue: '1' }], 'Parameters: [Bogus] do not exist in the template'],
    [[], 'Parameters: [Names] must have values'],
    [[{ ParameterKey: 'Names', ParameterValue: 'a' }, { ParameterKey: 'Size', ParameterValue: 'big' }], "Parameter 'Size' must be a number."],
    [[{ ParameterKey: 'Names', ParameterValue: 'a' }, { ParameterKey: 'Size', ParameterValue: '0' }], "Parameter 'Size' must be a number not less than 1"],
    [[{ ParameterKey: 'Names', ParameterValue: 'a' }, { ParameterKey: 'Stage', ParameterValue: 'qa' }], "Parameter 'Stage' must be one of AllowedValues"],
    [[{ ParameterKey: 'Names', ParameterValue: 'a' }, { ParameterKey: 'BootstrapVersion', ParameterValue: '/nope' }], 'Unable to fetch parameters [/nope] from parameter store for this account.'],
  ])('refuses bad input %#', async (inputs, message) => {
    await expect(resolveParameters(template, inputs, undefined, ssm)).rejects.toThrow(message);
  });
});

describe('deletionOrder', () => {
  it('deletes dependents first', () => {
    const order = deletionOrder([
      { logicalId: 'Key', dependsOn: [] },
      { logicalId: 'Group', dependsOn: ['Key'] },
      { logicalId: 'Fn', dependsOn: ['Group', 'Role'] },
      { logicalId: 'Role', dependsOn: [] },
    ]);
    const ids = order.map((r) => r.logicalId);
    expect(ids).toEqual(['Fn', 'Role', 'Group', 'Key']);
    expect(ids.indexOf('Fn')).toBeLessThan(ids.indexOf('Role'));
    expect(ids.indexOf('Group')).toBeLessThan(ids.indexOf('Key'));
  });
});

describe('parseTemplateUrl', () => {
  it.each([
    ['http://127.0.0.1:4566/cdk-hnb659fds-assets-000000000000-ap-southeast-1/abc.json', 'cdk-hnb659fds-assets-000000000000-ap-southeast-1', 'abc.json'],
    ['https://s3.ap-southeast-1.amazonaws.com/my-bucket/dir/t%20x.yaml', 'my-bucket', 'dir/t x.yaml'],
    ['https://s3.amazonaws.com/my-bucket/t.json', 'my-bucket', 't.json'],
    ['https://my-bucket.s3.ap-southeast-1.amazonaws.com/dir/t.json', 'my-bucket', 'dir/t.json'],
    ['https://my.bucket.s3.amazonaws.com/t.json', 'my.bucket', 't.json'],
  ])('reads %s', (url, bucket, key) => {
    expect(parseTemplateUrl(url)).toEqual({ bucket, key });
  });

  it.each(['ftp://x/b/k', 'not a url', 'https://s3.amazonaws.com/bucket-only'])('refuses %s', (url) => {
    expect(() => parseTemplateUrl(url)).toThrow(AwsError);
  });
});
