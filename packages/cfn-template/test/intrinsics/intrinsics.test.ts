import { describe, expect, it } from '@jest/globals';
import { NO_VALUE, resolveValue, TemplateError, Unknown, UnsupportedFunctionError } from '../../src';
import { errorOf, SCOPE } from '../helpers/scope';

const KEY_ARN = 'arn:aws:kms:ap-southeast-1:000000000000:key/k1';

describe('intrinsic functions', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['Ref of a parameter', { Ref: 'Env' }, 'prod'],
    ['Ref of a list parameter', { Ref: 'Subnets' }, ['s-1', 's-2', 's-3']],
    ['Ref AWS::NoValue', { Ref: 'AWS::NoValue' }, NO_VALUE],
    ['GetAtt list form', { 'Fn::GetAtt': ['Key', 'Arn'] }, KEY_ARN],
    ['GetAtt dotted string', { 'Fn::GetAtt': 'Api.RootResourceId' }, 'root1'],
    ['Join', { 'Fn::Join': ['-', ['a', { Ref: 'Env' }, 'c']] }, 'a-prod-c'],
    ['Join of an empty list', { 'Fn::Join': ['', []] }, ''],
    ['Join of a list parameter', { 'Fn::Join': [',', { Ref: 'Subnets' }] }, 's-1,s-2,s-3'],
    ['Join drops NoValue elements', { 'Fn::Join': ['/', ['a', { Ref: 'AWS::NoValue' }, 'b']] }, 'a/b'],
    ['Join writes numbers as text', { 'Fn::Join': ['', ['x', 30]] }, 'x30'],
    [
      'Join with nested intrinsics (an ARN)',
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:', { Ref: 'Group' }]] },
      'arn:aws:logs:ap-southeast-1:000000000000:log-group:/app/a',
    ],
    ['Sub string form', { 'Fn::Sub': 'arn:aws:s3:::${Bucket}/*' }, 'arn:aws:s3:::my-bucket/*'],
    ['Sub with GetAtt', { 'Fn::Sub': '${Key.Arn}' }, KEY_ARN],
    ['Sub pseudo parameters', { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' }, 'logs.ap-southeast-1.amazonaws.com'],
    ['Sub literal escape', { 'Fn::Sub': '${!Literal}-${Env}' }, '${Literal}-prod'],
    ['Sub map form', { 'Fn::Sub': ['${A}-${Env}', { A: { Ref: 'Bucket' } }] }, 'my-bucket-prod'],
    ['Sub of AWS::NoValue is empty', { 'Fn::Sub': 'a${AWS::NoValue}b' }, 'ab'],
    ['Select', { 'Fn::Select': ['1', { Ref: 'Subnets' }] }, 's-2'],
    ['Select numeric index', { 'Fn::Select': [0, ['x', 'y']] }, 'x'],
    ['Select from a split list', { 'Fn::Select': [1, { 'Fn::Split': ['/', '/app/a'] }] }, 'app'],
    ['Select a known member of a list holding an unknown', { 'Fn::Select': [0, ['x', { Ref: 'Pending' }]] }, 'x'],
    ['Split keeps empty strings', { 'Fn::Split': [',', { Ref: 'Csv' }] }, ['a', 'b', '', 'c']],
    ['If true branch', { 'Fn::If': ['IsProd', 'big', 'small'] }, 'big'],
    ['If false branch', { 'Fn::If': ['IsDev', 'big', 'small'] }, 'small'],
    ['If NoValue removes a property', { A: 1, B: { 'Fn::If': ['IsDev', 2, { Ref: 'AWS::NoValue' }] } }, { A: 1 }],
    ['NoValue removes list elements', ['a', { 'Fn::If': ['IsDev', 'b', { Ref: 'AWS::NoValue' }] }], ['a']],
    ['Ref AWS::NoValue removes a property', { A: { Ref: 'AWS::NoValue' }, B: ['x', { Ref: 'AWS::NoValue' }] }, { B: ['x'] }],
    ['Equals in a value', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, true],
    ['FindInMap', { 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, 'Ami'] }, 'ami-123'],
    ['GetAZs own region', { 'Fn::GetAZs': '' }, ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c']],
    ['GetAZs Ref region', { 'Fn::GetAZs': { Ref: 'AWS::Region' } }, ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c']],
    ['GetAZs other region', { 'Fn::GetAZs': 'us-east-1' }, []],
    ['Base64', { 'Fn::Base64': 'hello' }, 'aGVsbG8='],
    ['ImportValue', { 'Fn::ImportValue': 'SharedVpc' }, 'vpc-1'],
    ['nested', { 'Fn::Join': ['', [{ 'Fn::Select': [2, { 'Fn::Split': ['/', 'a/b/c'] }] }, '!']] }, 'c!'],
  ];
  it.each(cases)('%s', (_name, expression, expected) => {
    expect(resolveValue(expression, SCOPE)).toEqual(expected);
  });

  it('leaves plain JSON untouched', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:*'], Resource: '*' }] };
    expect(resolveValue(policy, SCOPE)).toEqual(policy);
  });

  const SELECT_ERROR = 'ValidationError: Template error: Fn::Select requires a list argument with two elements: an integer index and a list';
  const errors: Array<[string, unknown, string]> = [
    ['Select out of range', { 'Fn::Select': [5, ['a']] }, SELECT_ERROR],
    ['Select of a non-list', { 'Fn::Select': [0, 'abc'] }, SELECT_ERROR],
    ['Select with one argument', { 'Fn::Select': [0] }, SELECT_ERROR],
    ['Ref of a non-string', { Ref: ['a'] }, 'ValidationError: Template format error: Every Ref object must have a single String value.'],
    ['Ref unknown', { Ref: 'Nope' }, 'ValidationError: Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template'],
    [
      'GetAtt attribute from NoValue',
      { 'Fn::GetAtt': ['Key', { Ref: 'AWS::NoValue' }] },
      'ValidationError: Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
    ],
    [
      'Join of a non-list',
      { 'Fn::Join': ['', 'abc'] },
      'ValidationError: Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    ],
    ['Join of objects', { 'Fn::Join': ['', [{ a: 1 }]] }, 'ValidationError: Template error: every Fn::Join object requires a list of strings'],
    ['Sub of a list variable', { 'Fn::Sub': '${Subnets}' }, 'ValidationError: Template error: variable Subnets in Fn::Sub expression ${Subnets} must resolve to a string'],
    ['FindInMap missing key', { 'Fn::FindInMap': ['RegionMap', 'us-east-1', 'Ami'] }, 'ValidationError: Template error: Unable to get mapping for RegionMap::us-east-1::Ami'],
    ['ImportValue missing', { 'Fn::ImportValue': 'Nope' }, 'ValidationError: No export named Nope found.'],
    ['unsupported function', { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }, 'ValidationError: Template format error: Unsupported intrinsic function Fn::Cidr'],
  ];
  it.each(errors)('%s fails', (_name, expression, message) => {
    expect(errorOf(() => resolveValue(expression, SCOPE))).toBe(message);
  });

  it('throws TemplateError, and UnsupportedFunctionError naming a function it does not evaluate', () => {
    expect(() => resolveValue({ 'Fn::Select': [9, []] }, SCOPE)).toThrow(TemplateError);
    try {
      resolveValue({ 'Fn::Transform': {} }, SCOPE);
    } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedFunctionError);
      expect((e as UnsupportedFunctionError).functionName).toBe('Fn::Transform');
    }
    expect.assertions(3);
  });

  it('allows only the functions the scope allows (rules)', () => {
    const rules = { ...SCOPE, allowedFunctions: new Set(['Fn::Equals', 'Ref']) };
    expect(errorOf(() => resolveValue({ 'Fn::Join': ['', ['a']] }, rules))).toBe(
      'ValidationError: Template format error: Fn::Join is not a supported intrinsic function in this context',
    );
  });
});

describe('Unknown (known only after deploy)', () => {
  const unknownCases: Array<[string, unknown, string[]]> = [
    ['Ref', { Ref: 'Pending' }, ['Ref Pending']],
    ['GetAtt', { 'Fn::GetAtt': ['Role', 'Arn'] }, ['Fn::GetAtt Role.Arn']],
    ['Join', { 'Fn::Join': ['', ['arn:', { Ref: 'Pending' }]] }, ['Ref Pending']],
    ['Sub', { 'Fn::Sub': 'x-${Pending}-${Role.Arn}' }, ['Ref Pending', 'Fn::GetAtt Role.Arn']],
    ['Select from an unknown list', { 'Fn::Select': [0, { 'Fn::Split': [':', { Ref: 'Pending' }] }] }, ['Ref Pending']],
    ['Select with an unknown index', { 'Fn::Select': [{ Ref: 'Pending' }, ['a']] }, ['Ref Pending']],
    ['Split', { 'Fn::Split': [',', { 'Fn::GetAtt': ['Role', 'Arn'] }] }, ['Fn::GetAtt Role.Arn']],
    ['If of an unknown condition', { 'Fn::If': ['Later', 'a', 'b'] }, ['Condition Later']],
    ['Base64', { 'Fn::Base64': { Ref: 'Pending' } }, ['Ref Pending']],
    ['FindInMap with an unknown key', { 'Fn::FindInMap': ['RegionMap', { Ref: 'Pending' }, 'Ami'] }, ['Ref Pending']],
    ['Equals in a value', { 'Fn::Equals': [{ Ref: 'Pending' }, 'a'] }, ['Ref Pending']],
  ];
  it.each(unknownCases)('%s of an unknown is unknown, naming its causes', (_name, expression, causes) => {
    const value = resolveValue(expression, SCOPE);
    expect(value).toBeInstanceOf(Unknown);
    expect((value as Unknown).causes).toEqual(causes);
  });

  it('stays in place inside objects and lists', () => {
    const value = resolveValue({ Principal: { AWS: { 'Fn::GetAtt': ['Role', 'Arn'] } }, Known: { Ref: 'Env' } }, SCOPE) as Record<string, any>;
    expect(value.Known).toBe('prod');
    expect(value.Principal.AWS).toBeInstanceOf(Unknown);
  });
});
