/** A response of the deployed API, with the body parsed when it is JSON. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
  /** API Gateway's request id for this call (`x-amzn-RequestId`), the key to find its log lines. */
  readonly requestId: string;
}

/**
 * Calls the deployed API. `route` is relative to the stage URL (`health`, `hello?name=Ada`).
 *
 * @example
 * const res = await callApi(target.apiBaseUrl, 'health');
 * expect(res.status).toBe(200);
 */
export async function callApi(
  apiBaseUrl: string,
  route: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<ApiResponse> {
  const res = await fetch(new URL(route, apiBaseUrl), { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json, requestId: res.headers.get('x-amzn-requestid') ?? '' };
}

/**
 * Polls `probe` until it returns a value, or fails after `timeoutMs` with `what` in the message.
 * Log delivery is asynchronous on AWS (seconds) and in local-cloud (milliseconds).
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 100;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2_000);
  }
}
