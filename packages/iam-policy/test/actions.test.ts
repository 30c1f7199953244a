import { evaluatePolicy, matchesWildcard } from '../src';
import { decide, KEY_ARN, policyOf } from './helpers';

describe('Action', () => {
  test.each<[string | string[], string, 'Allow' | 'ImplicitDeny']>([
    ['*', 'kms:Encrypt', 'Allow'],
    ['*', 's3:GetObject', 'Allow'],
    ['kms:*', 'kms:Encrypt', 'Allow'],
    ['kms:*', 's3:GetObject', 'ImplicitDeny'],
    ['kms:*', 'kmsx:Encrypt', 'ImplicitDeny'],
    ['kms:Encrypt', 'kms:Encrypt', 'Allow'],
    ['kms:Encrypt', 'kms:Decrypt', 'ImplicitDeny'],
    ['kms:Encrypt', 'kms:EncryptX', 'ImplicitDeny'],
    ['KMS:encrypt', 'kms:Encrypt', 'Allow'],
    ['kms:Encrypt', 'KMS:ENCRYPT', 'Allow'],
    ['kms:GenerateDataKey*', 'kms:GenerateDataKey', 'Allow'],
    ['kms:GenerateDataKey*', 'kms:GenerateDataKeyWithoutPlaintext', 'Allow'],
    ['kms:GenerateDataKey*', 'kms:GenerateDataKeyPair', 'Allow'],
    ['kms:GenerateDataKey*', 'kms:GenerateRandom', 'ImplicitDeny'],
    ['kms:ReEncrypt*', 'kms:ReEncryptFrom', 'Allow'],
    ['kms:*Key', 'kms:DescribeKey', 'Allow'],
    ['kms:*Key', 'kms:DescribeKeys', 'ImplicitDeny'],
    ['kms:?ncrypt', 'kms:Encrypt', 'Allow'],
    ['kms:?ncrypt', 'kms:Decrypt', 'ImplicitDeny'],
    ['kms:Describe*Key', 'kms:DescribeKey', 'Allow'],
    [['kms:Encrypt', 'kms:Decrypt'], 'kms:Decrypt', 'Allow'],
    [['kms:Encrypt', 'kms:Decrypt'], 'kms:CreateGrant', 'ImplicitDeny'],
  ])('Action %j vs %s → %s', (action, requested, expected) => {
    expect(decide({ Action: action }, { action: requested })).toBe(expected);
  });
});

describe('NotAction', () => {
  test.each<[string | string[], string, 'Allow' | 'ImplicitDeny']>([
    ['kms:ScheduleKeyDeletion', 'kms:Encrypt', 'Allow'],
    ['kms:ScheduleKeyDeletion', 'kms:ScheduleKeyDeletion', 'ImplicitDeny'],
    ['kms:ScheduleKeyDeletion', 'KMS:schedulekeydeletion', 'ImplicitDeny'],
    [['kms:Disable*', 'kms:Delete*'], 'kms:DisableKey', 'ImplicitDeny'],
    [['kms:Disable*', 'kms:Delete*'], 'kms:DescribeKey', 'Allow'],
    ['kms:*', 's3:GetObject', 'Allow'],
    ['*', 'kms:Encrypt', 'ImplicitDeny'],
  ])('Allow NotAction %j vs %s → %s', (notAction, requested, expected) => {
    expect(decide({ NotAction: notAction }, { action: requested })).toBe(expected);
  });

  test('Deny with NotAction denies everything but the listed actions', () => {
    const policy = policyOf(
      { Effect: 'Deny', NotAction: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
      { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
    );
    const decisionFor = (action: string) => evaluatePolicy(policy, { action, resource: KEY_ARN }).decision;
    expect(decisionFor('kms:Decrypt')).toBe('Allow');
    expect(decisionFor('kms:Encrypt')).toBe('ExplicitDeny');
  });
});

describe('matchesWildcard', () => {
  test.each<[string, string, boolean | undefined, boolean]>([
    ['abc', 'abc', undefined, true],
    ['abc', 'ABC', undefined, false],
    ['abc', 'ABC', true, true],
    ['a*', 'a', undefined, true],
    ['a*', '', undefined, false],
    ['*', '', undefined, true],
    ['', '', undefined, true],
    ['', 'a', undefined, false],
    ['a?c', 'abc', undefined, true],
    ['a?c', 'ac', undefined, false],
    ['a*b*c', 'axxbyyc', undefined, true],
    ['a*b*c', 'axxbyy', undefined, false],
    ['*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaab', undefined, true],
    ['*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', undefined, false],
    ['*.txt', 'dir/file.txt', undefined, true],
    ['?', '😀', undefined, true],
  ])('matchesWildcard(%j, %j, %s) = %s', (pattern, value, caseInsensitive, expected) => {
    expect(matchesWildcard(pattern, value, caseInsensitive)).toBe(expected);
  });
});
