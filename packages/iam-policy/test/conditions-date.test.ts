import { ContextValue } from '../src';
import { contextFor, holds } from './helpers';

const KEY = 'aws:CurrentTime';
const NOON = '2024-03-01T12:00:00Z';
const NOON_EPOCH = Date.UTC(2024, 2, 1, 12) / 1000;

describe('date operators', () => {
  test.each<[string, unknown, ContextValue | undefined, boolean]>([
    ['DateEquals', NOON, NOON, true],
    ['DateEquals', NOON, new Date(NOON), true],
    ['DateEquals', NOON, NOON_EPOCH, true],
    ['DateEquals', NOON, String(NOON_EPOCH), true],
    ['DateEquals', String(NOON_EPOCH), NOON, true],
    ['DateEquals', NOON_EPOCH, NOON, true],
    ['DateEquals', NOON, '2024-03-01T20:00:00+08:00', true],
    ['DateEquals', NOON, '2024-03-01T07:00:00-0500', true],
    ['DateEquals', NOON, '2024-03-01T12:00:00', true],
    ['DateEquals', NOON, '2024-03-01T12:00Z', true],
    ['DateEquals', NOON, '2024-03-01T12:00:00.000Z', true],
    ['DateEquals', NOON, '20240301T120000Z', true],
    ['DateEquals', '2024-03-01', '2024-03-01T00:00:00Z', true],
    ['DateEquals', '2024-03', '2024-03-01T00:00:00Z', true],
    ['DateEquals', '0050-01-01T00:00:00Z', '0050-01-01', true],
    ['DateEquals', NOON, '2024-03-01T12:00:01Z', false],
    ['DateEquals', NOON, 'yesterday', false],
    ['DateEquals', NOON, '2024-02-30T12:00:00Z', false],
    ['DateEquals', NOON, '2024-13-01', false],
    ['DateEquals', NOON, '2024-03-01T25:00:00Z', false],
    ['DateEquals', NOON, true, false],
    ['DateEquals', NOON, new Date('invalid'), false],
    ['DateEquals', NOON, Number.POSITIVE_INFINITY, false],
    ['DateEquals', NOON, undefined, false],
    ['DateEquals', '2024-02-29', '2024-02-29T00:00:00Z', true],
    ['DateEquals', '2000-02-29', '2000-02-29T00:00:00Z', true],
    ['DateGreaterThan', '1900-01-01', '1900-02-29T00:00:00Z', false],
    ['DateGreaterThan', '2023-01-01', '2023-02-29', false],
    ['DateGreaterThan', '2024-01-01', '2024-04-31', false],
    ['DateGreaterThan', '2024-01-01', '2024-04-30', true],
    ['DateGreaterThan', '2024-01-01', '2024-12-31T23:59:59Z', true],
    ['DateNotEquals', NOON, '2024-03-01T12:00:01Z', true],
    ['DateNotEquals', NOON, NOON, false],
    ['DateNotEquals', NOON, undefined, true],
    ['DateLessThan', NOON, '2024-03-01T11:59:59Z', true],
    ['DateLessThan', NOON, NOON, false],
    ['DateLessThan', NOON, '2024-03-01T12:00:00.001Z', false],
    ['DateLessThan', NOON, new Date('2023-12-31T23:59:59Z'), true],
    ['DateLessThanEquals', NOON, NOON, true],
    ['DateLessThanEquals', NOON, '2024-03-01T12:00:01Z', false],
    ['DateGreaterThan', NOON, '2024-03-01T12:00:01Z', true],
    ['DateGreaterThan', NOON, NOON_EPOCH, false],
    ['DateGreaterThan', NOON, NOON_EPOCH + 0.5, true],
    ['DateGreaterThan', NOON, undefined, false],
    ['DateGreaterThanEquals', NOON, NOON_EPOCH, true],
    ['DateGreaterThanEquals', NOON, '2024-03-01T11:59:59Z', false],
    ['DateGreaterThanEquals', ['2030-01-01T00:00:00Z', '2020-01-01T00:00:00Z'], NOON, true],
  ])('%s %j vs request %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(holds({ [operator]: { [KEY]: policyValue } }, contextFor(KEY, requestValue))).toBe(expected);
  });
});
