import { ContextValue, evaluatePolicy, PolicyRequest } from '../src';
import { ACCOUNT, holds } from './helpers';

function decideResource(resource: string, requested: string, context: Record<string, ContextValue>, version?: string): string {
  const policy = {
    ...(version === undefined ? {} : { Version: version }),
    Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: resource }],
  };
  const request: PolicyRequest = { action: 's3:GetObject', resource: requested, context };
  return evaluatePolicy(policy, request).decision;
}

describe('variables in Resource', () => {
  const HOME = 'arn:aws:s3:::bucket/home/${aws:username}/*';
  test.each<[string, string, string, Record<string, ContextValue>, string]>([
    ['resolves to the user', HOME, 'arn:aws:s3:::bucket/home/alice/notes.txt', { 'aws:username': 'alice' }, 'Allow'],
    ["another user's home does not match", HOME, 'arn:aws:s3:::bucket/home/bob/notes.txt', { 'aws:username': 'alice' }, 'ImplicitDeny'],
    ['key lookup ignores case', 'arn:aws:s3:::bucket/home/${AWS:UserName}/*', 'arn:aws:s3:::bucket/home/alice/x', { 'aws:username': 'alice' }, 'Allow'],
    ['an unresolved variable matches nothing', HOME, 'arn:aws:s3:::bucket/home//x', {}, 'ImplicitDeny'],
    ['an unresolved variable does not match its own text', HOME, 'arn:aws:s3:::bucket/home/${aws:username}/x', {}, 'ImplicitDeny'],
    ['a default is used when the key is missing', "arn:aws:s3:::bucket/home/${aws:username, 'nobody'}/*", 'arn:aws:s3:::bucket/home/nobody/x', {}, 'Allow'],
    ['the value wins over the default', "arn:aws:s3:::bucket/home/${aws:username, 'nobody'}/*", 'arn:aws:s3:::bucket/home/nobody/x', { 'aws:username': 'alice' }, 'ImplicitDeny'],
    ["a doubled quote in a default is one quote", "arn:aws:s3:::bucket/${aws:username, 'o''brien'}", "arn:aws:s3:::bucket/o'brien", {}, 'Allow'],
    ['a default may contain a closing brace', "arn:aws:s3:::bucket/${aws:username, 'a}b'}", 'arn:aws:s3:::bucket/a}b', {}, 'Allow'],
    ['a "*" in the value is literal, not a wildcard', 'arn:aws:s3:::bucket/${aws:username}', 'arn:aws:s3:::bucket/anything', { 'aws:username': '*' }, 'ImplicitDeny'],
    ['a "*" in the value matches a literal "*"', 'arn:aws:s3:::bucket/${aws:username}', 'arn:aws:s3:::bucket/*', { 'aws:username': '*' }, 'Allow'],
    ['${*} is a literal asterisk', 'arn:aws:s3:::bucket/${*}', 'arn:aws:s3:::bucket/*', {}, 'Allow'],
    ['${*} is not a wildcard', 'arn:aws:s3:::bucket/${*}', 'arn:aws:s3:::bucket/x', {}, 'ImplicitDeny'],
    ['${?} is a literal question mark', 'arn:aws:s3:::bucket/what${?}', 'arn:aws:s3:::bucket/what?', {}, 'Allow'],
    ['${?} is not a wildcard', 'arn:aws:s3:::bucket/what${?}', 'arn:aws:s3:::bucket/whatX', {}, 'ImplicitDeny'],
    ['${$} is a literal dollar', 'arn:aws:s3:::bucket/${$}{aws:username}', 'arn:aws:s3:::bucket/${aws:username}', { 'aws:username': 'alice' }, 'Allow'],
    ['a lone "$" stays literal', 'arn:aws:s3:::bucket/$5', 'arn:aws:s3:::bucket/$5', {}, 'Allow'],
    ['an unclosed "${" stays literal', 'arn:aws:s3:::bucket/${abc', 'arn:aws:s3:::bucket/${abc', {}, 'Allow'],
    ['a malformed variable matches nothing', 'arn:aws:s3:::bucket/${a b}', 'arn:aws:s3:::bucket/${a b}', { a: 'x' }, 'ImplicitDeny'],
    ['a multivalued key cannot be a variable', 'arn:aws:s3:::bucket/${aws:TagKeys}', 'arn:aws:s3:::bucket/a', { 'aws:TagKeys': ['a'] }, 'ImplicitDeny'],
    ['a number resolves to its text', 'arn:aws:s3:::bucket/${custom:n}', 'arn:aws:s3:::bucket/42', { 'custom:n': 42 }, 'Allow'],
    ['a Date resolves to ISO 8601', 'arn:aws:s3:::bucket/${custom:d}', 'arn:aws:s3:::bucket/2024-01-02T03:04:05.000Z', { 'custom:d': new Date('2024-01-02T03:04:05Z') }, 'Allow'],
    ['several variables', 'arn:aws:s3:::${custom:b}/${custom:k}', 'arn:aws:s3:::b1/k1', { 'custom:b': 'b1', 'custom:k': 'k1' }, 'Allow'],
  ])('%s', (_name, resource, requested, context, expected) => {
    expect(decideResource(resource, requested, context, '2012-10-17')).toBe(expected);
  });

  test.each<[string, string | undefined]>([
    ['Version 2008-10-17', '2008-10-17'],
    ['no Version (defaults to 2008-10-17)', undefined],
  ])('%s takes ${...} literally', (_name, version) => {
    const resource = 'arn:aws:s3:::bucket/${aws:username}';
    expect(decideResource(resource, 'arn:aws:s3:::bucket/alice', { 'aws:username': 'alice' }, version)).toBe('ImplicitDeny');
    expect(decideResource(resource, 'arn:aws:s3:::bucket/${aws:username}', { 'aws:username': 'alice' }, version)).toBe('Allow');
  });

  test('NotResource with an unresolved variable excludes nothing', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::bucket/${aws:username}' }] };
    expect(evaluatePolicy(policy, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/alice' }).decision).toBe('Allow');
    expect(evaluatePolicy(policy, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/alice', context: { 'aws:username': 'alice' } }).decision).toBe('ImplicitDeny');
  });
});

describe('variables in condition values', () => {
  test.each<[string, Record<string, Record<string, unknown>>, Record<string, ContextValue>, boolean]>([
    ['StringLike with a variable', { StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, { 's3:prefix': 'home/alice/docs', 'aws:username': 'alice' }, true],
    ['StringLike with a variable, other user', { StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, { 's3:prefix': 'home/bob/docs', 'aws:username': 'alice' }, false],
    ['StringEquals with a variable', { StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } }, { 'aws:ResourceAccount': ACCOUNT, 'aws:PrincipalAccount': ACCOUNT }, true],
    ['StringEqualsIgnoreCase with a variable', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': '${aws:ResourceTag/team}' } }, { 'aws:PrincipalTag/team': 'OPS', 'aws:ResourceTag/team': 'ops' }, true],
    ['ArnLike with a variable', { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:*:${aws:PrincipalAccount}:*' } }, { 'aws:SourceArn': `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:x`, 'aws:PrincipalAccount': ACCOUNT }, true],
    ['ArnLike with a variable, other account', { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:*:${aws:PrincipalAccount}:*' } }, { 'aws:SourceArn': 'arn:aws:logs:us-east-1:444455556666:log-group:x', 'aws:PrincipalAccount': ACCOUNT }, false],
    ['an unresolved variable makes its value match nothing', { StringEquals: { 'aws:ResourceAccount': ['${aws:PrincipalAccount}', '999999999999'] } }, { 'aws:ResourceAccount': '${aws:PrincipalAccount}' }, false],
    ['the other values still count', { StringEquals: { 'aws:ResourceAccount': ['${aws:PrincipalAccount}', ACCOUNT] } }, { 'aws:ResourceAccount': ACCOUNT }, true],
    ['StringNotEquals: an unresolved value excludes nothing', { StringNotEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } }, { 'aws:ResourceAccount': ACCOUNT }, true],
    ['a default in a condition value', { StringEquals: { 'aws:PrincipalTag/team': "${aws:ResourceTag/team, 'ops'}" } }, { 'aws:PrincipalTag/team': 'ops' }, true],
    ['${$} in a condition value is a literal dollar', { StringEquals: { 'custom:x': 'US${$}' } }, { 'custom:x': 'US$' }, true],
  ])('%s', (_name, condition, context, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });
});

test('Version 2008-10-17 takes ${...} in condition values literally', () => {
  const policy = {
    Version: '2008-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 's3:prefix': '${aws:username}' } } }],
  };
  const decisionFor = (prefix: string) =>
    evaluatePolicy(policy, { action: 's3:ListBucket', resource: '*', context: { 's3:prefix': prefix, 'aws:username': 'alice' } }).decision;
  expect(decisionFor('alice')).toBe('ImplicitDeny');
  expect(decisionFor('${aws:username}')).toBe('Allow');
});
