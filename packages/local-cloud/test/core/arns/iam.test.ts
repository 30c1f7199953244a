import { iamPolicyArn, iamRoleArn, iamUserArn, parseIamPolicyArn, parseIamRoleArn, parseIamUserArn } from '../../../src/core/arns/iam';

describe('IAM ARNs (core/arns/iam)', () => {
  it('builds role and user ARNs with their path', () => {
    expect(iamRoleArn('123456789012', 'fn')).toBe('arn:aws:iam::123456789012:role/fn');
    expect(iamRoleArn('123456789012', 'fn', '/service-role/')).toBe('arn:aws:iam::123456789012:role/service-role/fn');
    expect(iamUserArn('123456789012', 'ci', '/bots/')).toBe('arn:aws:iam::123456789012:user/bots/ci');
  });

  it.each([
    ['arn:aws:iam::123456789012:role/fn', { accountId: '123456789012', path: '/', name: 'fn' }],
    ['arn:aws:iam::123456789012:role/a/b/fn', { accountId: '123456789012', path: '/a/b/', name: 'fn' }],
  ])('reads the role of %s', (arn, expected) => {
    expect(parseIamRoleArn(arn)).toEqual(expected);
    expect(iamRoleArn(expected.accountId, expected.name, expected.path)).toBe(arn);
  });

  it.each([
    ['a name', 'fn'],
    ['a user', 'arn:aws:iam::123456789012:user/fn'],
    ['another service', 'arn:aws:sts::123456789012:role/fn'],
  ])('reads no role from %s', (_what, text) => {
    expect(parseIamRoleArn(text)).toBeUndefined();
  });

  it('reads a user ARN', () => {
    expect(parseIamUserArn('arn:aws:iam::123456789012:user/bots/ci')).toEqual({ accountId: '123456789012', path: '/bots/', name: 'ci' });
    expect(parseIamUserArn('arn:aws:iam::123456789012:role/ci')).toBeUndefined();
  });

  it.each([
    ['arn:aws:iam::aws:policy/AdministratorAccess', { owner: 'aws', path: '/', name: 'AdministratorAccess' }],
    ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', { owner: 'aws', path: '/service-role/', name: 'AWSLambdaBasicExecutionRole' }],
    ['arn:aws:iam::123456789012:policy/mine', { owner: '123456789012', path: '/', name: 'mine' }],
  ])('reads the managed policy %s', (arn, expected) => {
    expect(parseIamPolicyArn(arn)).toEqual(expected);
    expect(iamPolicyArn(expected.owner, expected.name, expected.path)).toBe(arn);
  });

  it.each([['not-an-arn'], ['arn:aws:iam::aws:role/x'], ['arn:aws:iam::12345:policy/x'], ['arn:aws:iam::aws:policy/'], ['arn:aws:iam::aws:policy/bad name']])(
    'IAM finds %s not valid as a policy ARN',
    (arn) => {
      expect(parseIamPolicyArn(arn)).toBeUndefined();
    },
  );
});
