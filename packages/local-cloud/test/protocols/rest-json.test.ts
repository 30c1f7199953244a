import { AwsError } from '../../src/core/aws-error';
import type { AwsService } from '../../src/core/service';
import { startServer, type LocalCloudServer } from '../../src/server';
import { errorCode, signedRequest } from '../helpers/raw-request';

// root may call anything: each operation has IAM facts (an operation without them is refused)
const toyAuthorization = (ops: AwsService['operations']): AwsService['authorization'] =>
  Object.fromEntries(Object.keys(ops).map((name) => [name, () => [{ action: `toy:${name}`, resources: ['*'] }]]));

/** A restJson1 service shaped like Lambda, to pin the route-table mechanism down. */
const toy: AwsService = {
  signingName: 'toy',
  protocol: 'restJson1',
  routes: [
    { operation: 'ListThings', method: 'GET', path: '/2020-01-01/things', input: { MaxItems: { query: 'MaxItems', type: 'integer' }, Verbose: { query: 'verbose', type: 'boolean' } } },
    { operation: 'CreateThing', method: 'POST', path: '/2020-01-01/things', output: { status: 201 } },
    { operation: 'GetThing', method: 'GET', path: '/2020-01-01/things/{Name}', input: { Tag: { header: 'X-Toy-Tag' } } },
    { operation: 'GetFile', method: 'GET', path: '/2020-01-01/files/{Path+}' },
    {
      operation: 'Invoke', method: 'POST', path: '/2020-01-01/things/{Name}/invocations',
      input: { Qualifier: { query: 'Qualifier' }, InvocationType: { header: 'X-Amz-Invocation-Type' }, Payload: { payload: 'blob' } },
      output: { responseCode: 'StatusCode', headers: { FunctionError: 'X-Amz-Function-Error' }, payload: 'Payload' },
    },
    { operation: 'DeleteThing', method: 'DELETE', path: '/2020-01-01/things/{Name}', output: { status: 204 } },
    { operation: 'NotYet', method: 'PUT', path: '/2020-01-01/things/{Name}' },
  ],
  operations: {
    ListThings: (input) => ({ Echo: input, Created: new Date(1_700_000_000_500) }),
    CreateThing: (input) => ({ Echo: input }),
    GetThing: (input) => {
      if (input.Name === 'missing') throw new AwsError('ResourceNotFoundException', 'Function not found: missing', { status: 404, fields: { Type: 'User' } });
      return { Echo: input };
    },
    GetFile: (input) => ({ Echo: input }),
    Invoke: (input) => ({ StatusCode: input.InvocationType === 'Event' ? 202 : 200, FunctionError: 'Unhandled', Payload: Buffer.concat([Buffer.from('got:'), input.Payload as Buffer]) }),
    DeleteThing: () => undefined,
  },
};
// root may call anything: each operation has IAM facts (an operation without them is refused)
const toyService: AwsService = { ...toy, authorization: toyAuthorization(toy.operations) };

describe('restJson1 route tables', () => {
  let server: LocalCloudServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, services: () => [toyService] });
  });
  afterAll(() => server.close());

  const call = (method: string, path: string, opts: { query?: Record<string, string>; headers?: Record<string, string>; body?: string } = {}) =>
    signedRequest(server.url, { method, path, ...opts }, { service: 'toy' });

  it('binds typed query parameters and answers JSON with epoch-second timestamps', async () => {
    const res = await call('GET', '/2020-01-01/things', { query: { MaxItems: '5', verbose: 'true' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ Echo: { MaxItems: 5, Verbose: true }, Created: 1_700_000_000.5 });
  });

  it('decodes labels (an ARN arrives with %3A), keeps / in greedy labels, and tolerates a trailing /', async () => {
    const arn = await call('GET', `/2020-01-01/things/${encodeURIComponent('arn:aws:lambda:ap-southeast-1:000000000000:function:f')}`, { headers: { 'X-Toy-Tag': 't1' } });
    expect(JSON.parse(arn.body).Echo).toEqual({ Name: 'arn:aws:lambda:ap-southeast-1:000000000000:function:f', Tag: 't1' });
    const greedy = await call('GET', '/2020-01-01/files/a/b%20c/d.txt');
    expect(JSON.parse(greedy.body).Echo).toEqual({ Path: 'a/b c/d.txt' });
    const trailing = await call('GET', '/2020-01-01/things/');
    expect(trailing.status).toBe(200);
  });

  it('merges the JSON body into the input and uses the route status', async () => {
    const res = await call('POST', '/2020-01-01/things', { headers: { 'content-type': 'application/json' }, body: '{"Name":"t","Size":3}' });
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body).Echo).toEqual({ Name: 't', Size: 3 });
  });

  it('passes a raw payload through both ways, with the status and headers from output members', async () => {
    const res = await call('POST', '/2020-01-01/things/f/invocations', { query: { Qualifier: '$LATEST' }, headers: { 'X-Amz-Invocation-Type': 'Event' }, body: '{"raw":true}' });
    expect(res.status).toBe(202);
    expect(res.headers['x-amz-function-error']).toBe('Unhandled');
    expect(res.body).toBe('got:{"raw":true}');
  });

  it('answers 204 without a body', async () => {
    const res = await call('DELETE', '/2020-01-01/things/x');
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
  });

  it('sends errors with X-Amzn-ErrorType and {message}', async () => {
    const res = await call('GET', '/2020-01-01/things/missing');
    expect(res.status).toBe(404);
    expect(res.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(JSON.parse(res.body)).toEqual({ message: 'Function not found: missing', Type: 'User' });
  });

  it('refuses what it cannot route, decode or run', async () => {
    const nowhere = await call('GET', '/2020-01-01/nowhere');
    const notYet = await call('PUT', '/2020-01-01/things/x', { body: '{}' });
    const badInt = await call('GET', '/2020-01-01/things', { query: { MaxItems: 'many' } });
    const badJson = await call('POST', '/2020-01-01/things', { body: '{"Name":' });
    expect([nowhere.status, errorCode(nowhere)]).toEqual([404, 'UnknownOperationException']);
    expect([notYet.status, errorCode(notYet)]).toEqual([404, 'UnknownOperationException']);
    expect([badInt.status, errorCode(badInt)]).toEqual([400, 'ValidationException']);
    expect([badJson.status, errorCode(badJson)]).toEqual([400, 'SerializationException']);
  });

  it('refuses a wrong signature with 403 InvalidSignatureException', async () => {
    const res = await signedRequest(server.url, { method: 'GET', path: '/2020-01-01/things' }, { service: 'toy', secretAccessKey: 'wrong' });
    expect([res.status, errorCode(res)]).toEqual([403, 'InvalidSignatureException']);
  });
});
