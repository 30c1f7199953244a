// The caller context for calling a service's operations in-process (no HTTP): the account root.
import type { CallContext } from '../../src/core/service';
import { ACCOUNT, REGION, ROOT_ARN } from './account';

/** The account root calling in REGION, as the router would pass it for an SDK call signed with the `test` key. */
export const rootContext: CallContext = {
  requestId: 'test',
  accountId: ACCOUNT,
  region: REGION,
  principalArn: ROOT_ARN,
  callerArn: ROOT_ARN,
  accessKeyId: 'test',
  endpoint: 'http://127.0.0.1:4566',
};
