import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export const REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';

/** A realistic REST API (payload 1.0) proxy event for `ANY /{proxy+}`; override what a test needs. */
export function apiEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/{proxy+}',
    path: '/health',
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      requestId: REQUEST_ID,
      stage: 'prod',
      httpMethod: 'GET',
      path: '/prod/health',
    } as APIGatewayProxyEvent['requestContext'],
    body: null,
    isBase64Encoded: false,
    ...overrides,
  };
}

/** A `POST /echo` event with the given body and headers. */
export function echoEvent(
  body: string | null,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  isBase64Encoded = false,
): APIGatewayProxyEvent {
  return apiEvent({ httpMethod: 'POST', path: '/echo', headers, body, isBase64Encoded });
}

/** Parses a response body, failing the test if it is not JSON. */
export function bodyOf(response: APIGatewayProxyResult): unknown {
  return JSON.parse(response.body);
}

/** A response header by exact (lower-case) name. */
export function headerOf(response: APIGatewayProxyResult, name: string): unknown {
  return response.headers?.[name];
}

/** Expects the exact error shape `{"error":{"code","message"},"requestId"}`. */
export function expectError(response: APIGatewayProxyResult, statusCode: number, code: string): void {
  expect(response.statusCode).toBe(statusCode);
  expect(headerOf(response, 'content-type')).toBe('application/json');
  expect(headerOf(response, 'x-request-id')).toBe(REQUEST_ID);
  expect(bodyOf(response)).toEqual({
    error: { code, message: expect.any(String) },
    requestId: REQUEST_ID,
  });
}

export interface CapturedLogs {
  /** Everything written to stdout and stderr, as one string. */
  text(): string;
  /** Every written line, parsed as JSON (powertools writes one JSON object per line). */
  records(): Record<string, unknown>[];
  restore(): void;
}

/**
 * Captures (and silences) what powertools Logger writes. Outside dev mode it
 * prints through its own `Console` bound to process.stdout/stderr, so spying
 * on the streams' `write` sees every line.
 */
export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const record = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(record);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(record);
  const text = () => chunks.join('');
  return {
    text,
    records: () =>
      text()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
    },
  };
}
