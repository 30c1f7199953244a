import { AwsError } from '../../src/core/aws-error';
import { decodeNameToken, decodeOffsetToken, encodeNameToken, encodeOffsetToken } from '../../src/core/pagination';

const invalid = () => new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');

describe('core/pagination: the token schemes lists share', () => {
  it.each(['fn', 'a-b_c', '/aws/lambda/fn', 'ünïcode'])('a name token carries %s through', (name) => {
    const token = encodeNameToken(name);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeNameToken(token, /^.+$/, invalid)).toBe(name);
  });

  it('a name token that decodes to something the list cannot hold fails with the service error', () => {
    expect(() => decodeNameToken(encodeNameToken('../etc'), /^[a-zA-Z0-9-_]+$/, invalid)).toThrow('The specified nextToken is invalid.');
  });

  it.each([0, 1, 50, 123456])('an offset token carries %d through', (offset) => {
    expect(decodeOffsetToken(encodeOffsetToken(offset), invalid)).toBe(offset);
  });

  it.each(['', 'x', encodeNameToken('o-1'), encodeNameToken('o1e3'), encodeNameToken(`o${'9'.repeat(20)}`)])('an offset token %p that is not one fails', (token) => {
    expect(() => decodeOffsetToken(token, invalid)).toThrow(AwsError);
  });
});
