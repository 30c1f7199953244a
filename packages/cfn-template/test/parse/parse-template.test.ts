import { describe, expect, it } from '@jest/globals';
import { parseTemplate, SHORT_FORMS } from '../../src';
import { errorOf } from '../helpers/scope';

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

  it('reads a short form in its mapping form, and JSON with a byte-order mark', () => {
    const yaml = parseTemplate('Resources:\n  A:\n    Type: T\n    Properties:\n      X: !Sub\n        - "${a}"\n        - { a: b }\n');
    expect(yaml.Resources.A.Properties).toEqual({ X: { 'Fn::Sub': ['${a}', { a: 'b' }] } });
    expect(parseTemplate('\uFEFF{"Resources": {"A": {"Type": "T"}}}').Resources.A.Type).toBe('T');
  });

  it('knows every short form by its long name', () => {
    expect(SHORT_FORMS['!Select']).toBe('Fn::Select');
    expect(Object.values(SHORT_FORMS).every((name) => name === 'Ref' || name === 'Condition' || name.startsWith('Fn::'))).toBe(true);
  });

  it('keeps a Transform as written (expanding it is the caller\'s business)', () => {
    expect(parseTemplate('{"Transform": "AWS::Serverless-2016-10-31", "Resources": {"A": {"Type": "T"}}}').Transform).toBe('AWS::Serverless-2016-10-31');
  });

  it.each([
    ['{"Resources": {}}', 'Template format error: At least one Resources member must be defined.'],
    ['{"Resources": {"A": {"Properties": {}}}}', 'Template format error: [/Resources/A] Every Resources object must contain a Type member.'],
    ['{"Resources": {"A": {"Type": "X"}}, "Bogus": 1}', 'Template format error: Invalid template property or properties [Bogus]'],
    ['{"Resources": {"A-b": {"Type": "X"}}}', 'Template format error: Resource name A-b is non alphanumeric.'],
    ['{"Resources": {"A": {"Type": "X", "Foo": 1}}}', 'Template format error: Unrecognized resource attribute(s) [Foo] in A'],
    ['{"Resources": {"A": {"Type": "X", "DeletionPolicy": "Keep"}}}', 'Template format error: Unrecognized DeletionPolicy Keep for resource A'],
    ['{"Resources": {"A": {"Type": "X"}}, "Outputs": {"O": {}}}', 'Template format error: Every Outputs member must contain a Value object'],
    ['{"Resources": {"A": {"Type": "X"}}, "Parameters": {"P": {}}}', 'Template format error: Every Parameters object must contain a Type member. (P)'],
    ['{"Resources": ', 'Template format error: JSON not well-formed.'],
    ['Resources:\n  A: [unclosed', 'Template format error: YAML not well-formed.'],
    ['Resources:\n  A:\n    Type: T\n  A:\n    Type: U\n', 'Template format error: YAML not well-formed.'],
  ])('refuses %s', (body, message) => {
    expect(errorOf(() => parseTemplate(body))).toContain(`ValidationError: ${message}`);
  });
});
