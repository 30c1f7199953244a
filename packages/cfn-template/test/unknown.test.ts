import { describe, expect, it } from '@jest/globals';
import { containsUnknown, replaceUnknowns, Unknown, unknownCauses } from '../src';

describe('Unknown', () => {
  const role = new Unknown('Fn::GetAtt Role.Arn');
  const value = { Statement: [{ Principal: { AWS: role } }, { Resource: Unknown.derived('Fn::Join', ['a', role, new Unknown('Ref B')]) }] };

  it('is found anywhere in a value', () => {
    expect(containsUnknown(value)).toBe(true);
    expect(containsUnknown({ a: ['x', { b: 1 }] })).toBe(false);
  });

  it('carries its leaf causes through what is built from it, without repeats', () => {
    expect(unknownCauses(value)).toEqual(['Fn::GetAtt Role.Arn', 'Ref B']);
  });

  it('is written {{…}} and can be replaced by plain JSON', () => {
    expect(role.toString()).toBe('{{Fn::GetAtt Role.Arn}}');
    expect(replaceUnknowns(value, (u) => u.toString())).toEqual({
      Statement: [{ Principal: { AWS: '{{Fn::GetAtt Role.Arn}}' } }, { Resource: '{{Fn::Join}}' }],
    });
  });
});
