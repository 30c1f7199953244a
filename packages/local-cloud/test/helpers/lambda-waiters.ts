import { LambdaClient, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';

// As on AWS, a new function is Pending and an update InProgress for a moment: code that invokes or updates
// right after waits with the SDK's own waiters (polling every 50-200 ms instead of the SDK's 1 s minimum).
const FAST = { maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.2 };

/** Waits until a new function is `Active` (SDK v3 `waitUntilFunctionActiveV2`). */
export async function functionActive(client: LambdaClient, functionName: string): Promise<void> {
  await waitUntilFunctionActiveV2({ client, ...FAST }, { FunctionName: functionName });
}

/** Waits until the last update of a function is `Successful` (SDK v3 `waitUntilFunctionUpdatedV2`). */
export async function functionUpdated(client: LambdaClient, functionName: string): Promise<void> {
  await waitUntilFunctionUpdatedV2({ client, ...FAST }, { FunctionName: functionName });
}
