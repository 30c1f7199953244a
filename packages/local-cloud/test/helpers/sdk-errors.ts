// Awaiting an SDK call that must fail, and checking the AWS error it failed with.
/** An AWS SDK v3 service error: `name` is the AWS error code. */
export type SdkError = Error & { $metadata: { httpStatusCode?: number }; Type?: string };

/** Awaits a call that must be rejected and returns the SDK error; throws if it succeeds. */
export async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}

/** The call fails with a 400 `code`, and (if given) the message is exactly `message` or matches it. */
export async function expectError(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  const e = await failure(promise);
  expect(e.name).toBe(code);
  expect(e.$metadata?.httpStatusCode).toBe(400);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else if (message) expect(e.message).toMatch(message);
}

/** The AWS error a call fails with: its name, message and HTTP status. */
export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const e = await failure(promise);
  return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
}
