import { ContextValue, evaluatePolicy } from '../src';
import { contextFor, KEY_ARN, policyOf } from './helpers';
import { holds } from './helpers';

const KEY = 'aws:TagKeys';

type Row = [string, unknown, ContextValue | undefined, boolean];

describe('ForAllValues', () => {
  test.each<Row>([
    ['ForAllValues:StringEquals', ['env', 'team', 'cost'], ['env', 'team'], true],
    ['ForAllValues:StringEquals', ['env', 'team', 'cost'], ['env', 'owner'], false],
    ['ForAllValues:StringEquals', ['env', 'team', 'cost'], 'env', true],
    ['ForAllValues:StringEquals', ['env', 'team', 'cost'], undefined, true],
    ['ForAllValues:StringEquals', ['env', 'team', 'cost'], [], true],
    ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], ['PostDateTime', 'Message'], true],
    ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], ['PostDateTime', 'UserName'], false],
    ['ForAllValues:StringLike', ['team-*'], ['team-a', 'team-b'], true],
    ['ForAllValues:StringNotEquals', ['secret'], ['env', 'team'], true],
    ['ForAllValues:StringNotEquals', ['secret'], ['env', 'secret'], false],
    ['ForAllValues:StringNotEquals', ['secret'], undefined, true],
    ['ForAllValues:NumericLessThan', '10', [1, 2, 9], true],
    ['ForAllValues:NumericLessThan', '10', [1, 20], false],
    ['ForAllValues:StringEqualsIfExists', ['env'], undefined, true],
    ['ForAllValues:StringEqualsIfExists', ['env'], ['env', 'x'], false],
  ])('%s %j vs request %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(holds({ [operator]: { [KEY]: policyValue } }, contextFor(KEY, requestValue))).toBe(expected);
  });
});

describe('ForAnyValue', () => {
  test.each<Row>([
    ['ForAnyValue:StringEquals', ['ID', 'PostDateTime'], ['UserName', 'Message', 'PostDateTime'], true],
    ['ForAnyValue:StringEquals', ['ID', 'PostDateTime'], ['UserName'], false],
    ['ForAnyValue:StringEquals', ['ID', 'PostDateTime'], 'ID', true],
    ['ForAnyValue:StringEquals', ['ID', 'PostDateTime'], undefined, false],
    ['ForAnyValue:StringEquals', ['ID', 'PostDateTime'], [], false],
    ['ForAnyValue:StringNotEquals', ['secret'], ['secret', 'env'], true],
    ['ForAnyValue:StringNotEquals', ['secret'], ['secret'], false],
    ['ForAnyValue:StringNotEquals', ['secret'], undefined, false],
    ['ForAnyValue:StringLike', ['aws:*'], ['user:team', 'aws:cloudformation:stack-name'], true],
    ['ForAnyValue:IpAddress', '10.0.0.0/8', ['192.0.2.1', '10.1.1.1'], true],
    ['ForAnyValue:StringEqualsIfExists', ['x'], undefined, true],
    ['ForAnyValue:StringEqualsIfExists', ['x'], ['y'], false],
  ])('%s %j vs request %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(holds({ [operator]: { [KEY]: policyValue } }, contextFor(KEY, requestValue))).toBe(expected);
  });
});

describe('IfExists', () => {
  test.each<Row>([
    ['StringEqualsIfExists', 't2.micro', undefined, true],
    ['StringEqualsIfExists', 't2.micro', 't2.micro', true],
    ['StringEqualsIfExists', 't2.micro', 'm5.large', false],
    ['StringLikeIfExists', ['t1.*', 't2.*', 'm3.*'], 't2.nano', true],
    ['StringLikeIfExists', ['t1.*', 't2.*', 'm3.*'], 'c5.large', false],
    ['StringNotEqualsIfExists', 't2.micro', undefined, true],
    ['StringNotEqualsIfExists', 't2.micro', 't2.micro', false],
    ['NumericLessThanIfExists', '5', undefined, true],
    ['NumericLessThanIfExists', '5', 7, false],
    ['DateLessThanIfExists', '2020-01-01', undefined, true],
    ['IpAddressIfExists', '10.0.0.0/8', undefined, true],
    ['ArnLikeIfExists', 'arn:aws:s3:::b', undefined, true],
    ['ArnLikeIfExists', 'arn:aws:s3:::b', 'arn:aws:s3:::c', false],
  ])('%s %j vs request %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(holds({ [operator]: { 'ec2:InstanceType': policyValue } }, contextFor('ec2:InstanceType', requestValue))).toBe(expected);
  });

  test('a Deny with a negated ...IfExists operator still denies when the key is missing', () => {
    const policy = policyOf(
      { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalTag/team': 'ops' } } },
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    );
    const decisionFor = (context: Record<string, string>) => evaluatePolicy(policy, { action: 'kms:Encrypt', resource: KEY_ARN, context }).decision;
    expect(decisionFor({})).toBe('ExplicitDeny');
    expect(decisionFor({ 'aws:PrincipalTag/team': 'dev' })).toBe('ExplicitDeny');
    expect(decisionFor({ 'aws:PrincipalTag/team': 'ops' })).toBe('Allow');
  });
});

describe('multivalued request key without a set operator', () => {
  test.each<Row>([
    ['StringEquals', 'b', ['a', 'b'], true],
    ['StringEquals', 'c', ['a', 'b'], false],
    ['StringNotEquals', 'c', ['a', 'b'], true],
    ['StringNotEquals', 'b', ['a', 'b'], false],
    ['StringLike', 'b*', ['a', 'bc'], true],
    ['StringNotLike', 'b*', ['a', 'bc'], false],
  ])('%s %j vs request %j → %s (positive: any value; negated: no value)', (operator, policyValue, requestValue, expected) => {
    expect(holds({ [operator]: { [KEY]: policyValue } }, contextFor(KEY, requestValue))).toBe(expected);
  });
});
