import { describe, expect, it } from '@jest/globals';
import { NO_VALUE, partitionOf, pseudoParameter, PSEUDO_PARAMETERS, Unknown, urlSuffixOf } from '../src';

describe('pseudo parameters', () => {
  const location = { accountId: '000000000000', region: 'cn-north-1', stackName: 'Demo', stackId: new Unknown('AWS::StackId') };

  it.each([
    ['AWS::AccountId', '000000000000'],
    ['AWS::Region', 'cn-north-1'],
    ['AWS::Partition', 'aws-cn'],
    ['AWS::URLSuffix', 'amazonaws.com.cn'],
    ['AWS::StackName', 'Demo'],
    ['AWS::NotificationARNs', []],
    ['AWS::NoValue', NO_VALUE],
    ['NotPseudo', undefined],
  ])('%s', (name, expected) => {
    expect(pseudoParameter(name, location)).toEqual(expected);
  });

  it('passes on what the caller does not know yet', () => {
    expect(pseudoParameter('AWS::StackId', location)).toBeInstanceOf(Unknown);
  });

  it.each([
    ['us-east-1', 'aws', 'amazonaws.com'],
    ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com'],
    ['us-iso-east-1', 'aws-iso', 'amazonaws.com'],
    ['us-isob-east-1', 'aws-iso-b', 'amazonaws.com'],
    ['cn-northwest-1', 'aws-cn', 'amazonaws.com.cn'],
  ])('%s is in partition %s', (region, partition, suffix) => {
    expect(partitionOf(region)).toBe(partition);
    expect(urlSuffixOf(region)).toBe(suffix);
  });

  it('names every pseudo parameter', () => {
    expect([...PSEUDO_PARAMETERS].every((name) => name.startsWith('AWS::'))).toBe(true);
    expect(PSEUDO_PARAMETERS.size).toBe(8);
  });
});
