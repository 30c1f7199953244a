import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler } from '../src/app';
import { HttpError, ok } from '../src/http';
import { createRouter, ROUTES } from '../src/router';
import { apiEvent, bodyOf, captureLogs, expectError, headerOf, type CapturedLogs } from './helpers';

// The test seam: the real routes plus some that fail in ways the real ones must not.
const SECRET = 'db-password=hunter2 at /var/task/secret.js';
const handler = createHandler(
  createRouter({
    ...ROUTES,
    '/boom': {
      GET: () => {
        throw new Error(SECRET);
      },
    },
    '/reject': { GET: async () => Promise.reject(new TypeError(SECRET)) },
    '/throw-string': {
      GET: () => {
        // Deliberately not an Error: libraries sometimes throw strings.
        throw SECRET;
      },
    },
    '/unserialisable': { GET: () => ok({ big: BigInt(1) }) },
    '/teapot': {
      GET: () => {
        throw new HttpError(400, 'custom client error');
      },
    },
  }),
  new Logger({ serviceName: 'kms-logs-api-test' }),
);

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

describe('unexpected exceptions', () => {
  it.each(['/boom', '/reject', '/throw-string', '/unserialisable'])(
    '%s becomes a 500 InternalError without internal details',
    async (path) => {
      // Act
      const response = await handler(apiEvent({ path }));

      // Assess
      expectError(response, 500, 'InternalError');
      expect(response.body).not.toContain('hunter2');
      expect(response.body).not.toMatch(/at .*\.(js|ts)/); // no stack frames
      expect(headerOf(response, 'content-type')).toBe('application/json');
    },
  );

  it('logs the error object at ERROR level', async () => {
    await handler(apiEvent({ path: '/boom' }));

    const errors = logs.records().filter((r) => r.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: 'Unhandled error',
      error: { name: 'Error', message: SECRET, stack: expect.stringContaining('errors.test.ts') },
    });
  });

  it('logs a thrown non-Error value as the cause', async () => {
    await handler(apiEvent({ path: '/throw-string' }));

    const errors = logs.records().filter((r) => r.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error: { cause: SECRET } });
  });

  it('passes HttpErrors thrown by routes through without logging an error', async () => {
    const response = await handler(apiEvent({ path: '/teapot' }));

    expectError(response, 400, 'BadRequest');
    expect((bodyOf(response) as { error: { message: string } }).error.message).toBe('custom client error');
    expect(logs.records().filter((r) => r.level === 'ERROR')).toHaveLength(0);
  });

  it('keeps serving the real routes next to the extra ones', async () => {
    const response = await handler(apiEvent({ path: '/health' }));

    expect(response.statusCode).toBe(200);
  });
});
