import { ContextValue } from '../src';
import { contextFor, holds } from './helpers';

const KEY = 'aws:SourceArn';
const GROUP = 'arn:aws:logs:ap-southeast-1:342597974367:log-group:/aws/lambda/fn';
const DOC_PATTERN = 'arn:aws:someservice:*:111122223333:finance/*';
const DOC_VALUE = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';

describe.each(['ArnLike', 'ArnEquals'])('%s (both take wildcards and match segment by segment)', (operator) => {
  test.each<[unknown, ContextValue | undefined, boolean]>([
    [GROUP, GROUP, true],
    ['arn:aws:logs:ap-southeast-1:342597974367:log-group:/aws/lambda/*', GROUP, true],
    ['arn:aws:logs:ap-southeast-1:342597974367:log-group:/aws/ecs/*', GROUP, false],
    ['arn:aws:logs:*:342597974367:log-group:*', GROUP, true],
    ['arn:aws:logs:*:111122223333:log-group:*', GROUP, false],
    ['arn:aws:logs:ap-southeast-?:342597974367:*', GROUP, true],
    ['arn:aws:logs:ap-southeast-1:342597974367:log-group:/aws/lambda/FN', GROUP, false],
    ['arn:aws:LOGS:ap-southeast-1:342597974367:log-group:/aws/lambda/fn', GROUP, false],
    [DOC_PATTERN, DOC_VALUE, false],
    ['arn:aws:logs:*', GROUP, false],
    ['arn:*:*:*:*:*', GROUP, true],
    ['*', GROUP, true],
    ['*', 'not-an-arn', true],
    [GROUP, 'not-an-arn', false],
    [GROUP, 'arn:aws:logs:ap-southeast-1', false],
    [['arn:aws:s3:::bucket', GROUP], GROUP, true],
    [GROUP, 42, false],
    [GROUP, undefined, false],
  ])(`${operator} %j vs %j → %s`, (pattern, value, expected) => {
    expect(holds({ [operator]: { [KEY]: pattern } }, contextFor(KEY, value))).toBe(expected);
  });
});

describe.each(['ArnNotLike', 'ArnNotEquals'])('%s', (operator) => {
  test.each<[unknown, ContextValue | undefined, boolean]>([
    ['arn:aws:logs:ap-southeast-1:342597974367:log-group:/aws/lambda/*', GROUP, false],
    ['arn:aws:logs:ap-southeast-1:342597974367:log-group:/aws/ecs/*', GROUP, true],
    [DOC_PATTERN, DOC_VALUE, true],
    [GROUP, 'not-an-arn', true],
    [GROUP, undefined, true],
  ])(`${operator} %j vs %j → %s`, (pattern, value, expected) => {
    expect(holds({ [operator]: { [KEY]: pattern } }, contextFor(KEY, value))).toBe(expected);
  });
});

test('StringLike matches across colons where ArnLike does not (AWS documentation example)', () => {
  expect(holds({ StringLike: { [KEY]: DOC_PATTERN } }, { [KEY]: DOC_VALUE })).toBe(true);
  expect(holds({ ArnLike: { [KEY]: DOC_PATTERN } }, { [KEY]: DOC_VALUE })).toBe(false);
});
