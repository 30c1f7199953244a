import { bool, num, obj, patch, str, strList } from '../../../src/services/apigateway/input';

/** Body members read by JSON type: absent and null read as absent, a wrong type is a BadRequestException naming the member. */
describe('API Gateway input readers', () => {
  it.each([
    ['str', str, 'x', 1, 'a string'],
    ['num', num, 7, '7', 'a number'],
    ['bool', bool, true, 'true', 'a boolean'],
    ['obj', obj, { a: 1 }, [1], 'a structure'],
    ['strList', strList, ['a', 'b'], ['a', 1], 'a list of strings'],
  ] as const)('%s reads its type, absent or null as undefined, and refuses another type', (_, read, good, bad, expected) => {
    const reader = read as (input: object, name: string) => unknown;
    expect(reader({ m: good }, 'm')).toEqual(good);
    expect(reader({}, 'm')).toBeUndefined();
    expect(reader({ m: null }, 'm')).toBeUndefined();
    expect(() => reader({ m: bad }, 'm')).toThrow(expect.objectContaining({ code: 'BadRequestException', status: 400, message: `Invalid value for m: expected ${expected}` }));
  });

  it('patch reads patchOperations, absent as none, and refuses a list of anything else', () => {
    const ops = [{ op: 'replace', path: '/description', value: 'd' }];
    expect(patch({ patchOperations: ops })).toEqual(ops);
    expect(patch({})).toEqual([]);
    expect(() => patch({ patchOperations: ['replace'] })).toThrow(
      expect.objectContaining({ code: 'BadRequestException', message: 'Invalid value for patchOperations: expected a list of patch operations' }),
    );
  });
});
