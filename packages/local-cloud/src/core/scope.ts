import { randomUUID } from 'node:crypto';
import { accountRootArn } from './arn';
import type { CallContext } from './service';

/** Where state lives: every service keeps its resources per account and region. */
export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

/** The scope of a call. */
export const scopeOfCall = (ctx: CallContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });

/** Who an in-process call acts as (a service acting for a caller, or as itself). */
export type CallIdentity = Pick<CallContext, 'principalArn' | 'callerArn' | 'accessKeyId'>;

/** The account's root, as the configured `test` access key signs. */
export const accountRootIdentity = (accountId: string): CallIdentity => ({
  principalArn: accountRootArn(accountId),
  callerArn: accountRootArn(accountId),
  accessKeyId: 'test',
});

/**
 * The one builder of a call context for a call that does not arrive over HTTP (CloudFormation's providers,
 * a service calling another): a fresh request id, the scope, and who it acts as (the account root unless said).
 */
export function inProcessContext(scope: Scope, endpoint: string, identity: CallIdentity = accountRootIdentity(scope.accountId)): CallContext {
  return { requestId: randomUUID(), accountId: scope.accountId, region: scope.region, endpoint, ...identity };
}
