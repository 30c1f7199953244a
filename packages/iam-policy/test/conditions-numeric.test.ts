import { ContextValue } from '../src';
import { contextFor, holds } from './helpers';

const KEY = 's3:max-keys';

describe('numeric operators', () => {
  test.each<[string, unknown, ContextValue | undefined, boolean]>([
    ['NumericEquals', '10', 10, true],
    ['NumericEquals', 10, '10', true],
    ['NumericEquals', '10', '10.0', true],
    ['NumericEquals', '10', 11, false],
    ['NumericEquals', '1.5', 1.5, true],
    ['NumericEquals', '-3', '-3', true],
    ['NumericEquals', '1e3', 1000, true],
    ['NumericEquals', ['5', '10'], 10, true],
    ['NumericEquals', ['5', '10'], 7, false],
    ['NumericEquals', '10', 'ten', false],
    ['NumericEquals', '10', '', false],
    ['NumericEquals', '10', true, false],
    ['NumericEquals', '10', Number.NaN, false],
    ['NumericEquals', '10', undefined, false],
    ['NumericNotEquals', '10', 11, true],
    ['NumericNotEquals', '10', 10, false],
    ['NumericNotEquals', ['5', '10'], 10, false],
    ['NumericNotEquals', '10', 'ten', true],
    ['NumericNotEquals', '10', undefined, true],
    ['NumericLessThan', '10', 9, true],
    ['NumericLessThan', '10', 10, false],
    ['NumericLessThan', '10', 11, false],
    ['NumericLessThan', '10', undefined, false],
    ['NumericLessThanEquals', '10', 9, true],
    ['NumericLessThanEquals', '10', 10, true],
    ['NumericLessThanEquals', '10', 10.5, false],
    ['NumericGreaterThan', '10', 11, true],
    ['NumericGreaterThan', '10', 10, false],
    ['NumericGreaterThan', '10', '9', false],
    ['NumericGreaterThan', '10', '100', true],
    ['NumericGreaterThanEquals', '10', 10, true],
    ['NumericGreaterThanEquals', '10', 9.99, false],
    ['NumericGreaterThanEquals', '.5', 0.5, true],
  ])('%s %j vs request %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(holds({ [operator]: { [KEY]: policyValue } }, contextFor(KEY, requestValue))).toBe(expected);
  });
});
