import type { FunctionRecord } from './function-store';

/**
 * Lambda's function states ("Lambda function states", Lambda Developer Guide): a new function is `Pending`, then
 * `Active`; an update leaves it `Active` with `LastUpdateStatus: InProgress`, then `Successful`. Here both
 * transitions take `LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS` (default {@link DEFAULT_STATE_DELAY_MS}); AWS takes about a second.
 *
 * The reasons are AWS's, recorded on AWS in 2025-11 (LocalStack tests/aws/services/lambda_/test_lambda_api.snapshot.json):
 * CreateFunction answers `State: Pending`, "The function is being created.", `Creating`, and no LastUpdateStatus;
 * UpdateFunctionCode/UpdateFunctionConfiguration answer `LastUpdateStatus: InProgress` with the same reason and code.
 */
export const DEFAULT_STATE_DELAY_MS = 100;

const BEING_CREATED = 'The function is being created.';
const CREATING = 'Creating';

/** The delay of both transitions: `LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS` when it is a number ≥ 0, else the default. */
export function stateDelayFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS;
  const value = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_STATE_DELAY_MS;
}

/** The function is still being created at `now`. */
export const isPending = (record: FunctionRecord, now: number): boolean => record.pendingUntil !== undefined && now < record.pendingUntil;

/** An update of the function is still in progress at `now`. */
export const isUpdating = (record: FunctionRecord, now: number): boolean => record.updatingUntil !== undefined && now < record.updatingUntil;

/**
 * The state members of FunctionConfiguration at `now`. `answer` is what the creating or updating call itself
 * answers: Pending / InProgress even when the delay is 0, as AWS's responses always are.
 */
export function stateMembers(record: FunctionRecord, now: number, answer?: 'create' | 'update'): Record<string, string> {
  if (answer === 'create' || (answer === undefined && isPending(record, now))) {
    return { State: 'Pending', StateReason: BEING_CREATED, StateReasonCode: CREATING };
  }
  if (answer === 'update' || isUpdating(record, now)) {
    return { State: 'Active', LastUpdateStatus: 'InProgress', LastUpdateStatusReason: BEING_CREATED, LastUpdateStatusReasonCode: CREATING };
  }
  return { State: 'Active', LastUpdateStatus: 'Successful' };
}
