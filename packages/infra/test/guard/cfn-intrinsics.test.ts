import { describe, expect, it } from '@jest/globals';
import { IntrinsicValues, resolveIntrinsics, resolveString, unresolvedText } from '../../src/guard/cfn-intrinsics';

const values: IntrinsicValues = {
  pseudoParameters: { 'AWS::Partition': 'aws', 'AWS::Region': 'ap-southeast-1', 'AWS::AccountId': '111122223333' },
  ref: (id) => ({ Key: 'key-id', Name: '/app/a' })[id],
  getAtt: (id, attribute) => (id === 'Key' && attribute === 'Arn' ? 'arn:aws:kms:ap-southeast-1:111122223333:key/key-id' : undefined),
};
const resolve = (value: unknown) => resolveIntrinsics(value, values);

describe('resolveIntrinsics', () => {
  it('resolves Ref of pseudo parameters, resources and parameters', () => {
    expect(resolve({ Ref: 'AWS::Region' }).value).toBe('ap-southeast-1');
    expect(resolve({ Ref: 'Key' }).value).toBe('key-id');
  });

  it('resolves Fn::GetAtt in its list and its dotted form', () => {
    expect(resolve({ 'Fn::GetAtt': ['Key', 'Arn'] }).value).toBe('arn:aws:kms:ap-southeast-1:111122223333:key/key-id');
    expect(resolve({ 'Fn::GetAtt': 'Key.Arn' }).value).toBe('arn:aws:kms:ap-southeast-1:111122223333:key/key-id');
  });

  it('joins Fn::Join with nested intrinsics', () => {
    const joined = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:', { Ref: 'Name' }]] };
    expect(resolve(joined).value).toBe('arn:aws:logs:ap-southeast-1:111122223333:log-group:/app/a');
  });

  it('substitutes Fn::Sub: pseudo parameters, Ref, GetAtt, variables and ${!Literal}', () => {
    expect(resolve({ 'Fn::Sub': '${AWS::Region}|${Key}|${Key.Arn}|${!Literal}' }).value).toBe(
      'ap-southeast-1|key-id|arn:aws:kms:ap-southeast-1:111122223333:key/key-id|${Literal}',
    );
    expect(resolve({ 'Fn::Sub': ['log-group:${Group}', { Group: { Ref: 'Name' } }] }).value).toBe('log-group:/app/a');
  });

  it('selects from a split list', () => {
    expect(resolve({ 'Fn::Select': [1, { 'Fn::Split': ['/', '/app/a'] }] }).value).toBe('app');
  });

  it('drops properties and list elements that are Ref AWS::NoValue', () => {
    expect(resolve({ A: { Ref: 'AWS::NoValue' }, B: ['x', { Ref: 'AWS::NoValue' }] }).value).toEqual({ B: ['x'] });
  });

  it('leaves what it cannot know as a marked text and reports it', () => {
    const result = resolve({ Principal: { 'Fn::ImportValue': 'Shared' }, Other: { Ref: 'Unknown' }, Att: { 'Fn::GetAtt': ['Role', 'Arn'] } });
    expect(result.unresolved).toEqual(['Fn::ImportValue "Shared"', 'Ref Unknown', 'Fn::GetAtt Role.Arn']);
    expect((result.value as Record<string, string>).Other).toBe(unresolvedText('Ref Unknown'));
    expect(unresolvedText('x')).not.toMatch(/[*?]/);
  });

  it('leaves plain JSON untouched', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:*'], Resource: '*' }] };
    expect(resolve(policy)).toEqual({ value: policy, unresolved: [] });
  });
});

describe('resolveString', () => {
  it('turns numbers into text and rejects objects', () => {
    expect(resolveString(30, values).value).toBe('30');
    expect(resolveString({ a: 1 }, values).value).toBeUndefined();
  });
});
