/**
 * The KMS key policies from the seed write-up (shared/seeds/000_32782427b5c4ddba.txt):
 * the first version lacked a statement for CloudWatch Logs, so creating an encrypted log group
 * failed with "AccessDeniedException: User: arn:aws:logs:ap-southeast-1:342597974367:* is not
 * authorized to perform: kms:Encrypt". The policies below are built exactly as the write-up's
 * code builds them (JSON.stringify of the same object), for its account and region.
 */
import { evaluatePolicy, PolicyRequest, RequestPrincipal } from '../src';

const accountId = '342597974367';
const region = 'ap-southeast-1';
const identity = { accountId };

const BROKEN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: {
        AWS: `arn:aws:iam::${identity.accountId}:root`,
      },
      Action: 'kms:*',
      Resource: '*',
    },
    // MISSING: CloudWatch Logs service permissions
  ],
});

const FIXED_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: {
        AWS: `arn:aws:iam::${identity.accountId}:root`,
      },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'Allow CloudWatch Logs',
      Effect: 'Allow',
      Principal: {
        Service: `logs.${region}.amazonaws.com`,
      },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${identity.accountId}:log-group:/aws/lambda/*`,
        },
      },
    },
  ],
});

const KEY_ARN = `arn:aws:kms:${region}:${accountId}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
const LOGS: RequestPrincipal = { Service: `logs.${region}.amazonaws.com` };
const LAMBDA_GROUP = `arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/fn`;
const ENCRYPTION_CONTEXT_KEY = 'kms:EncryptionContext:aws:logs:arn';

function logsRequest(action: string, logGroupArn: string | undefined, principal: RequestPrincipal = LOGS): PolicyRequest {
  return {
    principal,
    action,
    resource: KEY_ARN,
    context: logGroupArn === undefined ? {} : { [ENCRYPTION_CONTEXT_KEY]: logGroupArn },
  };
}

const LOGS_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'];

describe('the broken key policy (root statement only)', () => {
  test.each(LOGS_ACTIONS)('denies CloudWatch Logs %s on a /aws/lambda/ log group (ImplicitDeny)', (action) => {
    const result = evaluatePolicy(BROKEN_POLICY, logsRequest(action, LAMBDA_GROUP));
    expect(result).toEqual({ decision: 'ImplicitDeny', statements: [] });
  });
});

describe('the fixed key policy', () => {
  test.each([...LOGS_ACTIONS, 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:CreateGrant', 'kms:DescribeKey'])(
    'allows CloudWatch Logs %s on a /aws/lambda/ log group, by "Allow CloudWatch Logs"',
    (action) => {
      const result = evaluatePolicy(FIXED_POLICY, logsRequest(action, LAMBDA_GROUP));
      expect(result.decision).toBe('Allow');
      expect(result.statements.map((s) => [s.index, s.sid])).toEqual([[1, 'Allow CloudWatch Logs']]);
    },
  );

  test.each<[string, string | undefined]>([
    ['a log group outside /aws/lambda/', `arn:aws:logs:${region}:${accountId}:log-group:/aws/apigateway/access-logs`],
    ['a log group whose name only starts like /aws/lambda', `arn:aws:logs:${region}:${accountId}:log-group:/aws/lambdas/fn`],
    ['a /aws/lambda/ log group of another account', `arn:aws:logs:${region}:111122223333:log-group:/aws/lambda/fn`],
    ['a /aws/lambda/ log group of another region', `arn:aws:logs:us-east-1:${accountId}:log-group:/aws/lambda/fn`],
    ['no encryption context at all', undefined],
  ])('denies CloudWatch Logs kms:Encrypt for %s (ImplicitDeny)', (_name, logGroupArn) => {
    expect(evaluatePolicy(FIXED_POLICY, logsRequest('kms:Encrypt', logGroupArn)).decision).toBe('ImplicitDeny');
  });

  test.each(LOGS_ACTIONS)('denies %s to the CloudWatch Logs principal of another region (ImplicitDeny)', (action) => {
    const otherRegion = logsRequest(action, LAMBDA_GROUP, { Service: 'logs.us-east-1.amazonaws.com' });
    expect(evaluatePolicy(FIXED_POLICY, otherRegion).decision).toBe('ImplicitDeny');
  });

  test.each(['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:RetireGrant'])('does not give CloudWatch Logs %s (ImplicitDeny)', (action) => {
    expect(evaluatePolicy(FIXED_POLICY, logsRequest(action, LAMBDA_GROUP)).decision).toBe('ImplicitDeny');
  });
});

describe.each([
  ['broken', BROKEN_POLICY],
  ['fixed', FIXED_POLICY],
])('the root statement of the %s policy', (_name, policy) => {
  test.each<[string, RequestPrincipal | undefined, 'Allow' | 'ImplicitDeny']>([
    ['the account root', { AWS: `arn:aws:iam::${accountId}:root` }, 'Allow'],
    ['the account, by id', { AWS: accountId }, 'Allow'],
    ['a role in the account', { AWS: `arn:aws:iam::${accountId}:role/deploy-role` }, 'Allow'],
    ['an assumed-role session in the account', { AWS: `arn:aws:sts::${accountId}:assumed-role/deploy-role/pulumi` }, 'Allow'],
    ['a user in the account', { AWS: `arn:aws:iam::${accountId}:user/admin` }, 'Allow'],
    ['the root of another account', { AWS: 'arn:aws:iam::111122223333:root' }, 'ImplicitDeny'],
    ['a role in another account', { AWS: 'arn:aws:iam::111122223333:role/deploy-role' }, 'ImplicitDeny'],
    ['an anonymous caller', undefined, 'ImplicitDeny'],
  ])('kms:ScheduleKeyDeletion by %s → %s', (_who, principal, expected) => {
    const result = evaluatePolicy(policy, { principal, action: 'kms:ScheduleKeyDeletion', resource: KEY_ARN });
    expect(result.decision).toBe(expected);
    if (expected === 'Allow') expect(result.statements.map((s) => s.sid)).toEqual(['Enable IAM User Permissions']);
  });
});
