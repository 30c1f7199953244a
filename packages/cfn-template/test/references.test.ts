import { describe, expect, it } from '@jest/globals';
import { collectReferences, Unknown } from '../src';

describe('collectReferences', () => {
  it('lists Ref, GetAtt and the names of a Fn::Sub, but not its own variables', () => {
    const value = { A: { Ref: 'Bucket' }, B: { 'Fn::Sub': ['${Key.Arn}/${Name}/${V}/${!Lit}', { V: { Ref: 'Other' } }] }, C: { 'Fn::GetAtt': 'Role.Arn' } };
    expect(collectReferences(value, () => true)).toEqual([
      { kind: 'Ref', name: 'Bucket' },
      { kind: 'GetAtt', name: 'Key', attribute: 'Arn' },
      { kind: 'Ref', name: 'Name' },
      { kind: 'Ref', name: 'Other' },
      { kind: 'GetAtt', name: 'Role', attribute: 'Arn' },
    ]);
  });

  it('follows only the branch of Fn::If its condition picks, both when the condition is unknown', () => {
    const value = { 'Fn::If': ['C', { Ref: 'Yes' }, { Ref: 'No' }] };
    expect(collectReferences(value, () => false).map((r) => r.name)).toEqual(['No']);
    expect(collectReferences(value, () => new Unknown('Condition C')).map((r) => r.name)).toEqual(['Yes', 'No']);
  });

  it('ignores condition functions (they reference parameters, never resources)', () => {
    expect(collectReferences({ 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, () => true)).toEqual([]);
  });
});
