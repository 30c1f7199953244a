import { decodeQueryInput } from '../../src/protocols/aws-query';

describe('awsQuery input decoding', () => {
  const decode = (form: string) => decodeQueryInput([...new URLSearchParams(form).entries()]);
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

  it('reads scalars as strings and nested structures by dots', () => {
    expect(plain(decode('RoleName=r&DurationSeconds=900&A.B.C=deep&A.X=1'))).toEqual({ RoleName: 'r', DurationSeconds: '900', A: { B: { C: 'deep' }, X: '1' } });
  });

  it('reads member.N lists in index order, also of structures', () => {
    expect(plain(decode('Tags.member.2.Key=b&Tags.member.1.Key=a&Tags.member.1.Value=1&Names.member.1=x&Names.member.10=z&Names.member.2=y'))).toEqual({
      Tags: [{ Key: 'a', Value: '1' }, { Key: 'b' }],
      Names: ['x', 'y', 'z'],
    });
  });

  it('reads flattened lists, entry.N maps and bare empty lists', () => {
    expect(plain(decode('Ids.1=a&Ids.2=b&M.entry.1.key=k1&M.entry.1.value=v1&M.entry.2.key=k2&M.entry.2.value=v2&Empty='))).toEqual({
      Ids: ['a', 'b'],
      M: { k1: 'v1', k2: 'v2' },
      Empty: '',
    });
  });

  it('reads spaces sent as + or %20 (botocore, SDK v3) and keeps names as data', () => {
    const input = decode('Description=a+b%20c&__proto__.polluted=yes');
    expect(input.Description).toBe('a b c');
    expect(Object.keys(input)).toEqual(['Description', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws on conflicting or odd keys', () => {
    expect(() => decode('A=1&A.B=2&A.member.1=3&.=x&A..B=y&member.1=z&L.member.x=1&L.entry.1=2')).not.toThrow();
    expect(() => decode('X.member.99999999999=1')).not.toThrow();
  });
});
