// KMS key policies the tests give their keys: the account-root statement, CloudWatch Logs' statement, and documents of them.
import { ACCOUNT, REGION, ROOT_ARN } from './account';

/** The account root may do anything with the key (IAM policies then decide for the account's principals). */
export const rootStatement = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: ROOT_ARN }, Action: 'kms:*', Resource: '*' };

/** `arn:aws:logs:<region>:<account>:log-group:*`: every log group of the account in `region`. */
export const allLogGroups = (region = REGION): string => `arn:aws:logs:${region}:${ACCOUNT}:log-group:*`;

/** The ARN of one log group, as the `aws:logs:arn` encryption context names it. */
export const logGroupArn = (name: string, region = REGION): string => `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}`;

/** CloudWatch Logs of `region` may use the key (as the stack's key policy lets it), under `condition` if given. */
export function logsStatement(region = REGION, condition?: object): object {
  return {
    Sid: 'Logs',
    Effect: 'Allow',
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    ...(condition ? { Condition: condition } : {}),
  };
}

/** A policy document (key, identity or trust policy) of `statements`, as the JSON string the APIs take. */
export const policyDocument = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** CloudWatch Logs of `region` may use the key for the log groups the encryption context names: `ArnLike` a pattern or `ArnEquals` one group. */
export function logsStatementForGroups(region = REGION, groupArn = allLogGroups(region), operator: 'ArnLike' | 'ArnEquals' = 'ArnLike'): object {
  return logsStatement(region, { [operator]: { 'kms:EncryptionContext:aws:logs:arn': groupArn } });
}

/** The stack's key policy: the root, and CloudWatch Logs of `region` for every log group of the account there. */
export const logsKeyPolicy = (region = REGION): string => policyDocument(rootStatement, logsStatementForGroups(region));
