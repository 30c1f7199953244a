/**
 * What the stack is configured to be (packages/infra), checked from the outside. Kept here rather than
 * imported: the suite verifies the deployed stack, it does not trust the code that built it.
 */
export const EXPECTED = {
  retentionInDays: 30,
  logsKeyActions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
  stageName: 'v1',
  throttling: { rateLimit: 100, burstLimit: 50 },
};
