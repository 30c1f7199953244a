import { logGroupArn, logGroupWildcardArn, logStreamArn, parseLogGroupArn } from '../../../src/core/arns/logs';
import { isCloudFormationArn, newChangeSetArn, newStackArn } from '../../../src/core/arns/cloudformation';

const scope = { accountId: '123456789012', region: 'ap-southeast-1' };

describe('CloudWatch Logs ARNs (core/arns/logs)', () => {
  it('builds the group ARN, the `:*` form DescribeLogGroups shows, and a stream ARN', () => {
    expect(logGroupArn(scope, '/app/fn')).toBe('arn:aws:logs:ap-southeast-1:123456789012:log-group:/app/fn');
    expect(logGroupWildcardArn(scope, '/app/fn')).toBe('arn:aws:logs:ap-southeast-1:123456789012:log-group:/app/fn:*');
    expect(logStreamArn(scope, 'g', 's')).toBe('arn:aws:logs:ap-southeast-1:123456789012:log-group:g:log-stream:s');
  });

  it.each([
    ['arn:aws:logs:ap-southeast-1:123456789012:log-group:/app/fn', '/app/fn', false],
    ['arn:aws:logs:ap-southeast-1:123456789012:log-group:/app/fn:*', '/app/fn', true],
    ['arn:aws-cn:logs:cn-north-1:123456789012:log-group:g', 'g', false],
  ])('reads %s', (arn, logGroupName, wildcard) => {
    const parsed = parseLogGroupArn(arn);
    expect(parsed).toMatchObject({ logGroupName, wildcard });
    expect(parsed?.scope.accountId).toBe('123456789012');
  });

  it('reads the scope from the ARN, not from the caller', () => {
    expect(parseLogGroupArn('arn:aws:logs:eu-west-1:111122223333:log-group:g')?.scope).toEqual({ accountId: '111122223333', region: 'eu-west-1' });
  });

  it.each([
    ['a name', 'g'],
    ['a stream ARN', 'arn:aws:logs:ap-southeast-1:123456789012:log-group:g:log-stream:s'],
    ['another service', 'arn:aws:kms:ap-southeast-1:123456789012:log-group:g'],
    ['an empty region', 'arn:aws:logs::123456789012:log-group:g'],
    ['a short account', 'arn:aws:logs:ap-southeast-1:1234:log-group:g'],
    ['an empty name', 'arn:aws:logs:ap-southeast-1:123456789012:log-group:'],
    ['a suffix other than *', 'arn:aws:logs:ap-southeast-1:123456789012:log-group:g:x'],
    ['another partition spelling', 'arn:gcp:logs:ap-southeast-1:123456789012:log-group:g'],
  ])('refuses %s', (_what, arn) => {
    expect(parseLogGroupArn(arn)).toBeUndefined();
  });
});

describe('CloudFormation ARNs (core/arns/cloudformation)', () => {
  it('gives each new stack and change set its own id', () => {
    const stack = newStackArn(scope, 'app');
    expect(stack).toMatch(/^arn:aws:cloudformation:ap-southeast-1:123456789012:stack\/app\/[0-9a-f-]{36}$/);
    expect(newStackArn(scope, 'app')).not.toBe(stack);
    expect(newChangeSetArn(scope, 'cs')).toMatch(/^arn:aws:cloudformation:ap-southeast-1:123456789012:changeSet\/cs\/[0-9a-f-]{36}$/);
  });

  it('tells a stack ARN from a stack name', () => {
    expect(isCloudFormationArn(newStackArn(scope, 'app'))).toBe(true);
    expect(isCloudFormationArn('app')).toBe(false);
  });
});
