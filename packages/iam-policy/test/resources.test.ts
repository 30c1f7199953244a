import { evaluatePolicy, matchesArnPattern } from '../src';
import { ACCOUNT, decide, KEY_ARN, OTHER_ACCOUNT } from './helpers';

const LOG_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/fn`;

describe('Resource', () => {
  test.each<[string, string | string[], string, 'Allow' | 'ImplicitDeny']>([
    ['"*" matches a key ARN', '*', KEY_ARN, 'Allow'],
    ['"*" matches the "*" resource', '*', '*', 'Allow'],
    ['an exact ARN matches itself', KEY_ARN, KEY_ARN, 'Allow'],
    ['an exact ARN does not match another key', KEY_ARN, KEY_ARN.replace('1234abcd', '9999abcd'), 'ImplicitDeny'],
    ['a specific ARN does not match the "*" resource', KEY_ARN, '*', 'ImplicitDeny'],
    ['region wildcard', `arn:aws:kms:*:${ACCOUNT}:key/*`, KEY_ARN, 'Allow'],
    ['region wildcard keeps the account', `arn:aws:kms:*:${ACCOUNT}:key/*`, KEY_ARN.replace(ACCOUNT, OTHER_ACCOUNT), 'ImplicitDeny'],
    ['"*" spans colons and slashes', 'arn:aws:logs:*', LOG_GROUP, 'Allow'],
    ['"*" at the end covers nested paths', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/*`, LOG_GROUP, 'Allow'],
    ['"?" matches exactly one character', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/f?`, LOG_GROUP, 'Allow'],
    ['"?" does not match two characters', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/?`, LOG_GROUP, 'ImplicitDeny'],
    ['ARN matching is case-sensitive', 'arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/key', 'ImplicitDeny'],
    ['the service segment compares as text', `arn:aws:kms:us-east-1:${ACCOUNT}:*`, `arn:aws:KMS:us-east-1:${ACCOUNT}:key/x`, 'ImplicitDeny'],
    ['a list matches any entry', ['arn:aws:s3:::bucket', KEY_ARN], KEY_ARN, 'Allow'],
    ['a list matches no entry', ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'], KEY_ARN, 'ImplicitDeny'],
  ])('%s', (_name, resource, requested, expected) => {
    expect(decide({ Resource: resource }, { resource: requested })).toBe(expected);
  });

  test('a statement without Resource or NotResource matches every resource', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*' }] };
    expect(evaluatePolicy(policy, { action: 'kms:Encrypt', resource: KEY_ARN }).decision).toBe('Allow');
    expect(evaluatePolicy(policy, { action: 'kms:ListKeys', resource: '*' }).decision).toBe('Allow');
  });
});

describe('NotResource', () => {
  test.each<[string | string[], string, 'Allow' | 'ImplicitDeny']>([
    [KEY_ARN, KEY_ARN, 'ImplicitDeny'],
    [KEY_ARN, LOG_GROUP, 'Allow'],
    [['arn:aws:logs:*', 'arn:aws:s3:::*'], LOG_GROUP, 'ImplicitDeny'],
    [['arn:aws:logs:*', 'arn:aws:s3:::*'], KEY_ARN, 'Allow'],
    ['*', KEY_ARN, 'ImplicitDeny'],
  ])('Allow NotResource %j vs %s → %s', (notResource, requested, expected) => {
    expect(decide({ NotResource: notResource }, { resource: requested })).toBe(expected);
  });
});

describe('matchesArnPattern', () => {
  test.each<[string, string, boolean]>([
    ['*', KEY_ARN, true],
    [KEY_ARN, KEY_ARN, true],
    [`arn:aws:kms:*:${ACCOUNT}:key/*`, KEY_ARN, true],
    [`arn:aws:kms:*:${OTHER_ACCOUNT}:key/*`, KEY_ARN, false],
    ['arn:aws:kms:*', KEY_ARN, true],
    ['arn:aws:s3:::bucket*', 'arn:aws:s3:::bucket-other/key', true],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/key', false],
    ['arn:aws:s3:::BUCKET', 'arn:aws:s3:::bucket', false],
    ['arn:aws:s3:::bucket/????', 'arn:aws:s3:::bucket/abcd', true],
    ['arn:aws:s3:::bucket/????', 'arn:aws:s3:::bucket/abc', false],
  ])('matchesArnPattern(%j, %j) = %s', (pattern, arn, expected) => {
    expect(matchesArnPattern(pattern, arn)).toBe(expected);
  });
});
