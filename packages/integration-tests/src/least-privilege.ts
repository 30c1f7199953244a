/** The names of the least-privilege test stack (`least-privilege-app.ts`), which its e2e test reads too. */
export const LEAST_PRIVILEGE = {
  stackName: 'KmsLogsApi-authz',
  /** The one parameter the reader's role may read; the test creates both and removes them. */
  allowedParameter: '/kms-logs-api/authz/allowed',
  otherParameter: '/kms-logs-api/authz/other',
  reader: { functionName: 'kms-logs-api-authz-reader', roleName: 'KmsLogsApi-authz-reader', logGroupName: '/kms-logs-api/authz/reader' },
  bare: { functionName: 'kms-logs-api-authz-bare', roleName: 'KmsLogsApi-authz-bare', logGroupName: '/kms-logs-api/authz/bare' },
} as const;
