import { describe, expect, it } from '@jest/globals';
import { evaluateCondition, NamedConditions, Unknown } from '../../src';
import { errorOf, SCOPE } from '../helpers/scope';

describe('condition functions', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['Equals', { 'Fn::Equals': ['a', 'a'] }, true],
    ['Equals number and string', { 'Fn::Equals': [1, '1'] }, true],
    ['Equals lists by structure', { 'Fn::Equals': [['a'], ['a']] }, true],
    ['Not', { 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] }, true],
    ['And', { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }] }, true],
    ['And false', { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsDev' }] }, false],
    ['Or', { 'Fn::Or': [{ Condition: 'IsDev' }, { Condition: 'IsProd' }] }, true],
    ['If picks a condition', { 'Fn::If': ['IsProd', { Condition: 'IsProd' }, { Condition: 'IsDev' }] }, true],
    ['Contains', { 'Fn::Contains': [['1', '2'], '2'] }, true],
    ['Contains no', { 'Fn::Contains': [['1', '2'], '3'] }, false],
    ['EachMemberEquals', { 'Fn::EachMemberEquals': [['x', 'x'], 'x'] }, true],
    ['EachMemberIn', { 'Fn::EachMemberIn': [['a'], ['a', 'b']] }, true],
    ['EachMemberIn no', { 'Fn::EachMemberIn': [['a', 'c'], ['a', 'b']] }, false],
    ['a literal', 'true', true],
    // three-valued logic: a decisive member decides even next to an unknown one
    ['And with a false member and an unknown one', { 'Fn::And': [{ Condition: 'Later' }, { Condition: 'IsDev' }] }, false],
    ['Or with a true member and an unknown one', { 'Fn::Or': [{ Condition: 'Later' }, { Condition: 'IsProd' }] }, true],
  ];
  it.each(cases)('%s', (_name, expression, expected) => {
    expect(evaluateCondition(expression, SCOPE)).toBe(expected);
  });

  it.each([
    ['Equals of an unknown', { 'Fn::Equals': [{ Ref: 'Pending' }, 'a'] }],
    ['Not of an unknown', { 'Fn::Not': [{ Condition: 'Later' }] }],
    ['And without a false member', { 'Fn::And': [{ Condition: 'Later' }, { Condition: 'IsProd' }] }],
    ['Or without a true member', { 'Fn::Or': [{ Condition: 'Later' }, { Condition: 'IsDev' }] }],
    ['Contains of an unknown', { 'Fn::Contains': [['a'], { Ref: 'Pending' }] }],
  ])('%s is unknown', (_name, expression) => {
    expect(evaluateCondition(expression, SCOPE)).toBeInstanceOf(Unknown);
  });

  it.each([
    [{ 'Fn::And': [{ Condition: 'IsProd' }] }, 'Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.'],
    [{ 'Fn::Not': [true, false] }, 'Template error: every Fn::Not object requires one boolean parameter.'],
    [{ 'Fn::Equals': ['a'] }, 'Template error: every Fn::Equals object requires a list of 2 string parameters.'],
    [{ Foo: 'bar' }, 'Template error: a condition must be a condition function'],
    [{ 'Fn::Join': ['', ['a']] }, 'Template error: Fn::Join does not return a boolean'],
  ])('refuses %j', (expression, message) => {
    expect(errorOf(() => evaluateCondition(expression, SCOPE))).toBe(`ValidationError: ${message}`);
  });
});

describe('NamedConditions', () => {
  const conditionsOf = (declarations: Record<string, unknown>) => {
    const conditions: NamedConditions = new NamedConditions(declarations, () => ({ ...SCOPE, condition: (n) => conditions.value(n) }));
    return conditions;
  };

  it('evaluates each named condition, following references to others', () => {
    const conditions = conditionsOf({
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    });
    expect(conditions.names()).toEqual(['IsProd', 'NotProd']);
    expect(conditions.value('NotProd')).toBe(false);
    expect(conditions.value('IsProd')).toBe(true);
  });

  it('refuses an undefined condition and a cycle', () => {
    const conditions = conditionsOf({ A: { Condition: 'B' }, B: { 'Fn::Not': [{ Condition: 'A' }] } });
    expect(errorOf(() => conditions.value('Nope'))).toBe('ValidationError: Template format error: Unresolved condition dependency Nope');
    expect(errorOf(() => conditions.value('A'))).toBe('ValidationError: Template format error: Circular dependency between conditions: [A, B]');
  });
});
