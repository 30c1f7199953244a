import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { handler } from '../src/index';
import { UNKNOWN_REQUEST_ID } from '../src/request';
import { apiEvent, bodyOf, captureLogs, headerOf, REQUEST_ID, type CapturedLogs } from './helpers';

// Malformed events are cast: the point is that the handler copes with what the type forbids.
const weird = (event: unknown) => event as APIGatewayProxyEvent;

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

describe('malformed events', () => {
  it('serves a request whose requestContext is missing, with a fallback request id', async () => {
    // Prepare
    const { requestContext: _omitted, ...event } = apiEvent({ path: '/health' });

    // Act
    const response = await handler(weird(event));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(headerOf(response, 'x-request-id')).toBe(UNKNOWN_REQUEST_ID);
  });

  it("falls back to the Lambda context's awsRequestId when API Gateway's is missing", async () => {
    const context = { awsRequestId: 'lambda-req-1', functionName: 'fn' } as Context;

    const response = await handler(weird({ ...apiEvent({ path: '/nope' }), requestContext: null }), context);

    expect(headerOf(response, 'x-request-id')).toBe('lambda-req-1');
    expect(bodyOf(response)).toMatchObject({ requestId: 'lambda-req-1' });
  });

  it('does not reflect a request id that is unsafe in a header', async () => {
    const event = apiEvent({ requestContext: { requestId: 'a\r\nset-cookie: x=1' } as APIGatewayProxyEvent['requestContext'] });

    const response = await handler(event);

    expect(headerOf(response, 'x-request-id')).toBe(UNKNOWN_REQUEST_ID);
  });

  it('treats an undefined path as not found', async () => {
    const response = await handler(weird({ ...apiEvent(), path: undefined }));

    expect(response.statusCode).toBe(404);
    expect(headerOf(response, 'content-type')).toBe('application/json');
  });

  it('treats a missing method on a known path as 405', async () => {
    const response = await handler(weird({ ...apiEvent({ path: '/health' }), httpMethod: undefined }));

    expect(response.statusCode).toBe(405);
    expect(headerOf(response, 'allow')).toBe('GET');
  });

  it('serves /hello with null headers and null query maps', async () => {
    const response = await handler(
      weird({ ...apiEvent({ path: '/hello' }), headers: null, multiValueHeaders: null, queryStringParameters: null }),
    );

    expect(bodyOf(response)).toEqual({ message: 'Hello, world!' });
  });

  it('reads the name from multiValueQueryStringParameters (last value) when the single-value map is null', async () => {
    const event = apiEvent({ path: '/hello', multiValueQueryStringParameters: { name: ['Bob', 'Ada'] } });

    const response = await handler(event);

    expect(bodyOf(response)).toEqual({ message: 'Hello, Ada!' });
  });

  it('prefers the single-value query map, as API Gateway fills it with the last value', async () => {
    const event = apiEvent({
      path: '/hello',
      queryStringParameters: { name: 'Ada' },
      multiValueQueryStringParameters: { name: ['Bob'] },
    });

    const response = await handler(event);

    expect(bodyOf(response)).toEqual({ message: 'Hello, Ada!' });
  });

  it('ignores non-string header and query values', async () => {
    const event = weird({
      ...apiEvent({ path: '/hello' }),
      headers: { 'content-type': 42 },
      queryStringParameters: { name: { nested: true } },
    });

    const response = await handler(event);

    expect(bodyOf(response)).toEqual({ message: 'Hello, world!' });
  });

  it.each([null, undefined, 42, 'event', []])('answers 404 for a non-object event %j', async (event) => {
    const response = await handler(weird(event));

    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({
      error: { code: 'NotFound', message: expect.any(String) },
      requestId: UNKNOWN_REQUEST_ID,
    });
  });

  it('uses the API Gateway request id when both ids are present', async () => {
    const response = await handler(apiEvent(), { awsRequestId: 'lambda-req-2' } as Context);

    expect(headerOf(response, 'x-request-id')).toBe(REQUEST_ID);
  });
});
