import { ContextValue } from '../src';
import { contextFor, holds } from './helpers';

type Row = [string, unknown, ContextValue | undefined, boolean];

const KEY = 'aws:PrincipalTag/team';

describe.each<[string, Row[]]>([
  [
    'StringEquals',
    [
      ['StringEquals', 'payments', 'payments', true],
      ['StringEquals', 'payments', 'Payments', false],
      ['StringEquals', 'payments', 'payment', false],
      ['StringEquals', ['ops', 'payments'], 'payments', true],
      ['StringEquals', ['ops', 'payments'], 'billing', false],
      ['StringEquals', 'pay*', 'payments', false],
      ['StringEquals', 'pay*', 'pay*', true],
      ['StringEquals', '', '', true],
      ['StringEquals', 'payments', undefined, false],
      ['StringEquals', '42', 42, true],
      ['StringEquals', 42, '42', true],
      ['StringEquals', 'true', true, true],
      ['StringEquals', '2020-01-01T00:00:00.000Z', new Date('2020-01-01T00:00:00Z'), true],
      ['StringEquals', '2020-01-01T00:00:00.000Z', new Date('invalid'), false],
    ],
  ],
  [
    'StringNotEquals',
    [
      ['StringNotEquals', 'payments', 'billing', true],
      ['StringNotEquals', 'payments', 'payments', false],
      ['StringNotEquals', 'payments', 'Payments', true],
      ['StringNotEquals', ['ops', 'payments'], 'payments', false],
      ['StringNotEquals', ['ops', 'payments'], 'billing', true],
      ['StringNotEquals', 'payments', undefined, true],
    ],
  ],
  [
    'StringEqualsIgnoreCase',
    [
      ['StringEqualsIgnoreCase', 'PAYMENTS', 'payments', true],
      ['StringEqualsIgnoreCase', 'payments', 'PayMents', true],
      ['StringEqualsIgnoreCase', 'payments', 'billing', false],
      ['StringEqualsIgnoreCase', 'pay*', 'PAYMENTS', false],
      ['StringEqualsIgnoreCase', 'payments', undefined, false],
      ['StringEqualsIgnoreCase', 'x', new Date('invalid'), false],
    ],
  ],
  [
    'StringNotEqualsIgnoreCase',
    [
      ['StringNotEqualsIgnoreCase', 'PAYMENTS', 'payments', false],
      ['StringNotEqualsIgnoreCase', 'payments', 'billing', true],
      ['StringNotEqualsIgnoreCase', 'payments', undefined, true],
    ],
  ],
  [
    'StringLike',
    [
      ['StringLike', '/aws/lambda/*', '/aws/lambda/fn', true],
      ['StringLike', '/aws/lambda/*', '/aws/lambda/', true],
      ['StringLike', '/aws/lambda/*', '/aws/ecs/fn', false],
      ['StringLike', '*', '', true],
      ['StringLike', 'a?c', 'abc', true],
      ['StringLike', 'a?c', 'abbc', false],
      ['StringLike', 'a?c', 'ac', false],
      ['StringLike', 'ABC*', 'abcd', false],
      ['StringLike', 'pay', 'payments', false],
      ['StringLike', ['ops*', 'pay*'], 'payments', true],
      ['StringLike', 'pay*', undefined, false],
      ['StringLike', '1*', 123, true],
      ['StringLike', 'x', new Date('invalid'), false],
    ],
  ],
  [
    'StringNotLike',
    [
      ['StringNotLike', 'pay*', 'payments', false],
      ['StringNotLike', 'pay*', 'billing', true],
      ['StringNotLike', ['ops*', 'pay*'], 'ops-team', false],
      ['StringNotLike', 'pay*', undefined, true],
    ],
  ],
])('%s', (_family, rows) => {
  test.each(rows)('%s %j vs request %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(holds({ [operator]: { [KEY]: policyValue } }, contextFor(KEY, requestValue))).toBe(expected);
  });
});

describe('condition keys and combination', () => {
  test.each<[string, string, boolean]>([
    ['policy key in other case than the context key', 'AWS:PRINCIPALTAG/TEAM', true],
    ['policy key in the same case', 'aws:PrincipalTag/team', true],
    ['a different key', 'aws:PrincipalTag/teams', false],
  ])('key lookup ignores case: %s', (_name, policyKey, expected) => {
    expect(holds({ StringEquals: { [policyKey]: 'payments' } }, { 'aws:principaltag/Team': 'payments' })).toBe(expected);
  });

  const context = { 'aws:SourceAccount': '111122223333', 'kms:ViaService': 'logs.us-east-1.amazonaws.com' };
  test.each<[string, Record<string, Record<string, unknown>>, boolean]>([
    ['two keys in one operator, both hold', { StringEquals: { 'aws:SourceAccount': '111122223333', 'kms:ViaService': 'logs.us-east-1.amazonaws.com' } }, true],
    ['two keys in one operator, one fails (AND)', { StringEquals: { 'aws:SourceAccount': '111122223333', 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }, false],
    ['two operators, both hold', { StringEquals: { 'aws:SourceAccount': '111122223333' }, StringLike: { 'kms:ViaService': 'logs.*' } }, true],
    ['two operators, one fails (AND)', { StringEquals: { 'aws:SourceAccount': '111122223333' }, StringLike: { 'kms:ViaService': 's3.*' } }, false],
    ['an empty Condition holds', {}, true],
    ['an operator with no keys holds', { StringEquals: {} }, true],
  ])('%s', (_name, condition, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });
});
