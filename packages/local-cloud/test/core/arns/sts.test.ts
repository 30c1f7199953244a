import { assumedRoleArn, parseAssumedRoleArn } from '../../../src/core/arns/sts';

describe('STS ARNs (core/arns/sts)', () => {
  it('builds and reads an assumed-role ARN', () => {
    const arn = assumedRoleArn('123456789012', 'fn', 'session-1');
    expect(arn).toBe('arn:aws:sts::123456789012:assumed-role/fn/session-1');
    expect(parseAssumedRoleArn(arn)).toEqual({ accountId: '123456789012', roleName: 'fn', sessionName: 'session-1' });
  });

  it.each([['arn:aws:iam::123456789012:role/fn'], ['arn:aws:sts::123456789012:assumed-role/fn'], ['arn:aws:sts::123456789012:federated-user/x']])(
    'reads no session from %s',
    (arn) => {
      expect(parseAssumedRoleArn(arn)).toBeUndefined();
    },
  );
});
