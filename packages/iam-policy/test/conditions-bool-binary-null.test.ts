import { ContextValue } from '../src';
import { contextFor, holds } from './helpers';

type Row = [string, unknown, ContextValue | undefined, boolean];

describe('Bool', () => {
  const KEY = 'aws:SecureTransport';
  test.each<Row>([
    ['Bool', 'true', true, true],
    ['Bool', 'true', false, false],
    ['Bool', 'false', false, true],
    ['Bool', true, true, true],
    ['Bool', 'TRUE', 'true', true],
    ['Bool', 'true', 'True', true],
    ['Bool', 'false', 'false', true],
    ['Bool', 'false', 'true', false],
    ['Bool', 'true', 'yes', false],
    ['Bool', 'true', 1, false],
    ['Bool', 'true', undefined, false],
    ['Bool', 'false', undefined, false],
    ['BoolIfExists', 'false', undefined, true],
    ['BoolIfExists', 'false', true, false],
  ])('%s %j vs request %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(holds({ [operator]: { [KEY]: policyValue } }, contextFor(KEY, requestValue))).toBe(expected);
  });
});

describe('BinaryEquals', () => {
  const KEY = 'custom:Blob';
  const VALUE = 'QmluYXJ5VmFsdWVJbkJhc2U2NA=='; // "BinaryValueInBase64"
  test.each<Row>([
    ['BinaryEquals', VALUE, VALUE, true],
    ['BinaryEquals', VALUE, 'QmluYXJ5VmFsdWVJbkJhc2U2NA', true],
    ['BinaryEquals', VALUE, 'QmluYXJ5VmFsdWVJbkJhc2U2NQ==', false],
    ['BinaryEquals', VALUE, 'QmluYXJ5', false],
    ['BinaryEquals', 'QQ==', 'QQ==', true],
    ['BinaryEquals', 'QQ==', 'Qg==', false],
    ['BinaryEquals', 'AAEC/w==', 'AAEC/w==', true],
    ['BinaryEquals', 'AAEC/w==', 'AAEC+w==', false],
    ['BinaryEquals', 'QQ==', 'not base64!', false],
    ['BinaryEquals', 'QQ==', 65, false],
    ['BinaryEquals', 'QQ==', undefined, false],
    ['BinaryEqualsIfExists', 'QQ==', undefined, true],
  ])('%s %j vs request %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(holds({ [operator]: { [KEY]: policyValue } }, contextFor(KEY, requestValue))).toBe(expected);
  });
});

describe('Null', () => {
  const KEY = 'aws:TokenIssueTime';
  test.each<Row>([
    ['Null', 'true', undefined, true],
    ['Null', 'true', '2024-01-01T00:00:00Z', false],
    ['Null', 'false', '2024-01-01T00:00:00Z', true],
    ['Null', 'false', undefined, false],
    ['Null', true, undefined, true],
    ['Null', false, undefined, false],
    ['Null', 'true', [], true],
    ['Null', 'false', ['a'], true],
    ['Null', 'true', '', false],
    ['Null', ['true', 'false'], undefined, true],
    ['Null', ['true', 'false'], 'x', true],
  ])('%s %j vs request %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(holds({ [operator]: { [KEY]: policyValue } }, contextFor(KEY, requestValue))).toBe(expected);
  });
});
