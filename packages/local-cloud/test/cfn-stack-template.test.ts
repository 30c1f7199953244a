import { AwsError } from '../src/core/aws-error';
import { EvaluationScope, evaluateCondition, NO_VALUE, resolveValue, Unknown } from '../src/services/cloudformation/engine/intrinsics';
import { resolveParameters, StackParameter, displayedParameter } from '../src/services/cloudformation/engine/parameters';
import { EvaluatedTemplate, StackEnvironment, deletionOrder } from '../src/services/cloudformation/engine/stack-template';
import { parseTemplate, Template } from '../src/services/cloudformation/engine/template';
import { parseTemplateUrl } from '../src/services/cloudformation/template-source';

const ENV: StackEnvironment = {
  accountId: '000000000000',
  region: 'ap-southeast-1',
  stackName: 'Demo',
  stackId: 'arn:aws:cloudformation:ap-southeast-1:000000000000:stack/Demo/1b2c3d4e-0000-0000-0000-000000000000',
};

const scope: EvaluationScope = {
  region: 'ap-southeast-1',
  mappings: { RegionMap: { 'ap-southeast-1': { Ami: 'ami-123', Zones: ['a', 'b'] } } },
  condition: (name) => name === 'IsProd',
  ref: (name) => {
    const values: Record<string, unknown> = {
      Env: 'prod',
      Subnets: ['s-1', 's-2', 's-3'],
      Bucket: 'my-bucket',
      Csv: 'a,b,,c',
      'AWS::Region': 'ap-southeast-1',
      'AWS::AccountId': '000000000000',
      Pending: new Unknown('Pending'),
    };
    if (name in values) return values[name];
    throw new AwsError('ValidationError', `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`);
  },
  getAtt: (id, attr) => {
    if (id === 'Key' && attr === 'Arn') return 'arn:aws:kms:ap-southeast-1:000000000000:key/k1';
    if (id === 'Api' && attr === 'RootResourceId') return 'root1';
    throw new AwsError('ValidationError', `Template error: resource ${id} does not support attribute type ${attr} in Fn::GetAtt`);
  },
  importValue: (name) => (name === 'SharedVpc' ? 'vpc-1' : (() => { throw new AwsError('ValidationError', `No export named ${name} found.`); })()),
};

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as AwsError).code}: ${(e as Error).message}`;
  }
  return 'no error';
}

describe('intrinsic functions', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['Ref of a parameter', { Ref: 'Env' }, 'prod'],
    ['Ref of a list parameter', { Ref: 'Subnets' }, ['s-1', 's-2', 's-3']],
    ['Ref AWS::NoValue', { Ref: 'AWS::NoValue' }, NO_VALUE],
    ['GetAtt list form', { 'Fn::GetAtt': ['Key', 'Arn'] }, 'arn:aws:kms:ap-southeast-1:000000000000:key/k1'],
    ['GetAtt dotted string', { 'Fn::GetAtt': 'Api.RootResourceId' }, 'root1'],
    ['GetAtt attribute from Ref', { 'Fn::GetAtt': ['Key', { Ref: 'AWS::NoValue' }] }, 'error'],
    ['Join', { 'Fn::Join': ['-', ['a', { Ref: 'Env' }, 'c']] }, 'a-prod-c'],
    ['Join of an empty list', { 'Fn::Join': ['', []] }, ''],
    ['Join of a list parameter', { 'Fn::Join': [',', { Ref: 'Subnets' }] }, 's-1,s-2,s-3'],
    ['Join drops NoValue elements', { 'Fn::Join': ['/', ['a', { Ref: 'AWS::NoValue' }, 'b']] }, 'a/b'],
    ['Sub string form', { 'Fn::Sub': 'arn:aws:s3:::${Bucket}/*' }, 'arn:aws:s3:::my-bucket/*'],
    ['Sub with GetAtt', { 'Fn::Sub': '${Key.Arn}' }, 'arn:aws:kms:ap-southeast-1:000000000000:key/k1'],
    ['Sub pseudo parameters', { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' }, 'logs.ap-southeast-1.amazonaws.com'],
    ['Sub literal escape', { 'Fn::Sub': '${!Literal}-${Env}' }, '${Literal}-prod'],
    ['Sub map form', { 'Fn::Sub': ['${A}-${Env}', { A: { Ref: 'Bucket' } }] }, 'my-bucket-prod'],
    ['Select', { 'Fn::Select': ['1', { Ref: 'Subnets' }] }, 's-2'],
    ['Select numeric index', { 'Fn::Select': [0, ['x', 'y']] }, 'x'],
    ['Split keeps empty strings', { 'Fn::Split': [',', { Ref: 'Csv' }] }, ['a', 'b', '', 'c']],
    ['If true branch', { 'Fn::If': ['IsProd', 'big', 'small'] }, 'big'],
    ['If false branch', { 'Fn::If': ['IsDev', 'big', 'small'] }, 'small'],
    ['If NoValue removes a property', { A: 1, B: { 'Fn::If': ['IsDev', 2, { Ref: 'AWS::NoValue' }] } }, { A: 1 }],
    ['NoValue removes list elements', ['a', { 'Fn::If': ['IsDev', 'b', { Ref: 'AWS::NoValue' }] }], ['a']],
    ['Equals in a value', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, true],
    ['FindInMap', { 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, 'Ami'] }, 'ami-123'],
    ['GetAZs own region', { 'Fn::GetAZs': '' }, ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c']],
    ['GetAZs Ref region', { 'Fn::GetAZs': { Ref: 'AWS::Region' } }, ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c']],
    ['GetAZs other region', { 'Fn::GetAZs': 'us-east-1' }, []],
    ['Base64', { 'Fn::Base64': 'hello' }, 'aGVsbG8='],
    ['ImportValue', { 'Fn::ImportValue': 'SharedVpc' }, 'vpc-1'],
    ['nested', { 'Fn::Join': ['', [{ 'Fn::Select': [2, { 'Fn::Split': ['/', 'a/b/c'] }] }, '!']] }, 'c!'],
  ];
  it.each(cases)('%s', (_name, expr, expected) => {
    if (expected === 'error') {
      expect(() => resolveValue(expr, scope)).toThrow(AwsError);
      return;
    }
    expect(resolveValue(expr, scope)).toEqual(expected);
  });

  const errors: Array<[string, unknown, string]> = [
    ['Select out of range', { 'Fn::Select': [5, ['a']] }, 'ValidationError: Template error: Fn::Select requires a list argument with two elements: an integer index and a list'],
    ['Select of a non-list', { 'Fn::Select': [0, 'abc'] }, 'ValidationError: Template error: Fn::Select requires a list argument with two elements: an integer index and a list'],
    ['Select with one argument', { 'Fn::Select': [0] }, 'ValidationError: Template error: Fn::Select requires a list argument with two elements: an integer index and a list'],
    ['Ref unknown', { Ref: 'Nope' }, 'ValidationError: Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template'],
    ['FindInMap missing key', { 'Fn::FindInMap': ['RegionMap', 'us-east-1', 'Ami'] }, 'ValidationError: Template error: Unable to get mapping for RegionMap::us-east-1::Ami'],
    ['ImportValue missing', { 'Fn::ImportValue': 'Nope' }, 'ValidationError: No export named Nope found.'],
    ['unsupported function', { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }, 'ValidationError: Template format error: Unsupported intrinsic function Fn::Cidr (not supported by local-cloud)'],
  ];
  it.each(errors)('%s fails', (_name, expr, message) => {
    expect(errorOf(() => resolveValue(expr, scope))).toBe(message);
  });

  it('an unknown value makes what is built from it unknown', () => {
    expect(resolveValue({ 'Fn::Join': ['', ['arn:', { Ref: 'Pending' }]] }, scope)).toBeInstanceOf(Unknown);
    expect(resolveValue({ 'Fn::Sub': 'x-${Pending}' }, scope)).toBeInstanceOf(Unknown);
  });
});

describe('condition functions', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['Equals', { 'Fn::Equals': ['a', 'a'] }, true],
    ['Equals number and string', { 'Fn::Equals': [1, '1'] }, true],
    ['Not', { 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] }, true],
    ['And', { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }] }, true],
    ['And false', { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsDev' }] }, false],
    ['Or', { 'Fn::Or': [{ Condition: 'IsDev' }, { Condition: 'IsProd' }] }, true],
    ['Contains', { 'Fn::Contains': [['1', '2'], '2'] }, true],
    ['Contains no', { 'Fn::Contains': [['1', '2'], '3'] }, false],
    ['EachMemberEquals', { 'Fn::EachMemberEquals': [['x', 'x'], 'x'] }, true],
    ['EachMemberIn', { 'Fn::EachMemberIn': [['a'], ['a', 'b']] }, true],
  ];
  it.each(cases)('%s', (_name, expr, expected) => {
    expect(evaluateCondition(expr, scope)).toBe(expected);
  });

  it('And/Or take 2 to 10 conditions', () => {
    expect(errorOf(() => evaluateCondition({ 'Fn::And': [{ Condition: 'IsProd' }] }, scope)))
      .toBe('ValidationError: Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.');
  });
});

describe('parseTemplate', () => {
  it('reads YAML short forms', () => {
    // Prepare
    const body = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Group:',
      '    Type: AWS::Logs::LogGroup',
      '    Properties:',
      '      LogGroupName: !Sub "/app/${AWS::StackName}"',
      '      KmsKeyId: !GetAtt Key.Arn',
      '      Tags:',
      '        - Key: a',
      '          Value: !Join [ "-", [ !Ref AWS::Region, !Select [ 0, !GetAZs "" ] ] ]',
      '  Key:',
      '    Type: AWS::KMS::Key',
      '    Condition: IsProd',
      'Conditions:',
      '  IsProd: !Equals [ !Ref Env, prod ]',
      '  NotProd: !Not [ !Condition IsProd ]',
      'Parameters:',
      '  Env: { Type: String, Default: prod }',
    ].join('\n');

    // Act
    const t = parseTemplate(body);

    // Assess
    expect(t.Resources.Group.Properties).toEqual({
      LogGroupName: { 'Fn::Sub': '/app/${AWS::StackName}' },
      KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
      Tags: [{ Key: 'a', Value: { 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]] } }],
    });
    expect(t.Conditions).toEqual({
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    });
  });

  it.each([
    ['{"Resources": {}}', 'Template format error: At least one Resources member must be defined.'],
    ['{"Resources": {"A": {"Properties": {}}}}', 'Template format error: [/Resources/A] Every Resources object must contain a Type member.'],
    ['{"Resources": {"A": {"Type": "X"}}, "Bogus": 1}', 'Template format error: Invalid template property or properties [Bogus]'],
    ['{"Resources": ', 'Template format error: JSON not well-formed.'],
  ])('refuses %s', (body, message) => {
    expect(errorOf(() => parseTemplate(body))).toContain(message);
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
