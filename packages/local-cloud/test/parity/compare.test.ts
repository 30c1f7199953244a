// The comparator must not pass what differs: each row is a recorded value, an actual one, and whether they agree.
import { compareBody, normalise } from './compare';

describe('normalise', () => {
  it.each([
    ["Key 'arn:aws:kms:ap-southeast-1:000000000000:key/134f2428-cec1-4b25-a1ae-9048164dba47' does not exist", "Key 'arn:<partition>:kms:<region>:<account>:key/<uuid>' does not exist"],
    ['Functions from eu-west-1 are not reachable', 'Functions from <region> are not reachable'],
    ['no ids here', 'no ids here'],
  ])('%s', (text, expected) => {
    expect(normalise(text)).toBe(expected);
  });
});

describe('compareBody', () => {
  const when = new Date();
  it.each<[string, unknown, unknown, boolean]>([
    ['equal structures', { a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'x' } }, true],
    ['a key AWS has is missing', { a: 1, b: 2 }, { a: 1 }, false],
    ['a key AWS does not have is present', { a: 1 }, { a: 1, extra: true }, false],
    ['an undefined key counts as absent', { a: 1 }, { a: 1, extra: undefined }, true],
    ['a different value', { a: 'x' }, { a: 'y' }, false],
    ['<any> takes any value', { a: '<any>' }, { a: 42 }, true],
    ['<any> still needs the key', { a: '<any>' }, {}, false],
    ['<datetime> takes a Date', { t: '<datetime>' }, { t: when }, true],
    ['<datetime> refuses a string', { t: '<datetime>' }, { t: '2025-01-01' }, false],
    ['<number> refuses a string', { n: '<number>' }, { n: '1' }, false],
    ['<blob> takes bytes', { b: '<blob>' }, { b: new Uint8Array([1]) }, true],
    ['a string is compared normalised', { arn: 'arn:<partition>:kms:<region>:<account>:key/<uuid>' }, { arn: 'arn:aws:kms:us-east-1:123456789012:key/134f2428-cec1-4b25-a1ae-9048164dba47' }, true],
    ['lists of another length differ', { l: [1, 2] }, { l: [1] }, false],
    ['lists are compared item by item', { l: [{ a: 1 }] }, { l: [{ a: 1, b: 2 }] }, false],
    ['a structure is not a scalar', { s: { a: 1 } }, { s: 'a' }, false],
  ])('%s', (_, recorded, actual, agree) => {
    expect(compareBody(recorded, actual).length === 0).toBe(agree);
  });
});
