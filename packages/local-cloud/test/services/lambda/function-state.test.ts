import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { zipFiles } from '../../helpers/zip';
import type { LambdaService } from '../../../src/services/lambda';
import { DEFAULT_STATE_DELAY_MS, stateDelayFromEnv } from '../../../src/services/lambda/function-state';
import { startLocalCloud, type LocalCloudFixture } from '../../helpers/local-cloud';
import { createLambdaRole } from '../../helpers/roles';
import { failure } from '../../helpers/sdk-errors';

/**
 * Lambda's function states as AWS has them ("Lambda function states", Lambda Developer Guide; field values recorded on
 * AWS in LocalStack tests/aws/services/lambda_/test_lambda_api.snapshot.json, 2025-11): code that invokes or updates
 * a function without waiting fails here as it fails on AWS, and passes with the SDK's waiters.
 *
 * The server runs with LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS=1500 so "at once" is reliably inside the window on a busy
 * machine; the default is short (100 ms) so deploys stay fast.
 */

const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/lambda-states-role`;
const DELAY_MS = 1500;
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));
// the SDK's waiters with their defaults but a shorter first poll (the SDK's minimum is 1 s)
const waiter = (client: LambdaClient) => ({ client, maxWaitTime: 60, minDelay: 0.2, maxDelay: 1 });

let lc: LocalCloudFixture;
let client: LambdaClient;

async function create(name: string, source: string): Promise<unknown> {
  return client.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE_ARN, Code: { ZipFile: await zipFiles({ 'index.js': source }) } }),
  );
}

beforeAll(async () => {
  const before = process.env.LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS;
  process.env.LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS = String(DELAY_MS);
  try {
    lc = await startLocalCloud();
  } finally {
    if (before === undefined) delete process.env.LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS;
    else process.env.LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS = before;
  }
  client = new LambdaClient({ ...lc.clientConfig, maxAttempts: 1 });
  const iam = new IAMClient(lc.clientConfig);
  await createLambdaRole(iam, 'lambda-states-role');
  iam.destroy();
});

afterAll(async () => {
  await (lc?.server.services.find((s) => s.signingName === 'lambda') as LambdaService | undefined)?.close();
  await lc?.close();
});

describe('a new function', () => {
  it('invoked at once, without a waiter: ResourceConflictException (409), as on AWS', async () => {
    // Act
    await create('at-once', 'exports.handler = async () => "ran";');
    const error = await failure(client.send(new InvokeCommand({ FunctionName: 'at-once' })));
    // Assess
    expect(error.name).toBe('ResourceConflictException');
    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(error.message).toBe('The operation cannot be performed at this time. The function is currently in the following state: Pending');
    expect(error.Type).toBe('User');
  });

  it('invoked after waitUntilFunctionActiveV2: runs', async () => {
    // Act
    await create('with-waiter', 'exports.handler = async () => "ran";');
    await waitUntilFunctionActiveV2(waiter(client), { FunctionName: 'with-waiter' });
    const out = await client.send(new InvokeCommand({ FunctionName: 'with-waiter' }));
    // Assess
    expect(decode(out.Payload)).toBe('ran');
  });

  it('updated while Pending: ResourceConflictException naming the state and its reason code', async () => {
    const emptyCode = await zipFiles({ 'index.js': '' }); // zipped first: the Pending window is short
    await create('update-pending', 'exports.handler = async () => 1;');
    const error = await failure(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'update-pending', Timeout: 10 })));
    expect(error.name).toBe('ResourceConflictException');
    expect(error.message).toBe(
      `The operation cannot be performed at this time. The resource ${fnArn('update-pending')} is currently in the following state: 'Pending'. StateReasonCode: 'Creating'`,
    );
    const code = await failure(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'update-pending', ZipFile: emptyCode })));
    expect(code.name).toBe('ResourceConflictException');
  });

  it('GetFunctionConfiguration: Pending with AWS reason while being created, then Active and Successful', async () => {
    await create('watched', 'exports.handler = async () => 1;');
    const pending = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'watched' }));
    expect(pending).toMatchObject({ State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' });
    expect(pending.LastUpdateStatus).toBeUndefined();
    await waitUntilFunctionActiveV2(waiter(client), { FunctionName: 'watched' });
    const active = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'watched' }));
    expect(active).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
    expect(active.StateReason).toBeUndefined();
  });
});

describe('an update', () => {
  it('answers InProgress; a second update or TagResource meanwhile is refused; invocations run the previous version until it is Successful', async () => {
    // Prepare
    await create('updating', 'exports.handler = async () => process.env.GREETING ?? "none";');
    await waitUntilFunctionActiveV2(waiter(client), { FunctionName: 'updating' });
    const emptyCode = await zipFiles({ 'index.js': '' }); // zipped before the update: its window is short
    // Act
    const answer = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'updating', Environment: { Variables: { GREETING: 'hello' } } }));
    const second = await failure(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'updating', Timeout: 9 })));
    const code = await failure(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'updating', ZipFile: emptyCode })));
    const tag = await failure(client.send(new TagResourceCommand({ Resource: fnArn('updating'), Tags: { a: 'b' } })));
    const during = decode((await client.send(new InvokeCommand({ FunctionName: 'updating' }))).Payload);
    await waitUntilFunctionUpdatedV2(waiter(client), { FunctionName: 'updating' });
    const after = decode((await client.send(new InvokeCommand({ FunctionName: 'updating' }))).Payload);
    const done = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'updating' }));
    // Assess
    expect(answer).toMatchObject({
      State: 'Active',
      LastUpdateStatus: 'InProgress',
      LastUpdateStatusReason: 'The function is being created.',
      LastUpdateStatusReasonCode: 'Creating',
      Environment: { Variables: { GREETING: 'hello' } },
    });
    const inProgress = `The operation cannot be performed at this time. An update is in progress for resource: ${fnArn('updating')}`;
    for (const error of [second, code, tag]) {
      expect({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }).toEqual({ name: 'ResourceConflictException', status: 409, message: inProgress });
    }
    expect([during, after]).toEqual(['none', 'hello']);
    expect(done).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
    expect(done.LastUpdateStatusReason).toBeUndefined();
  });

  it('UpdateFunctionCode: the previous code answers until the update is Successful', async () => {
    await create('new-code', 'exports.handler = async () => "v1";');
    await waitUntilFunctionActiveV2(waiter(client), { FunctionName: 'new-code' });
    const answer = await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'new-code', ZipFile: await zipFiles({ 'index.js': 'exports.handler = async () => "v2";' }) }));
    const during = decode((await client.send(new InvokeCommand({ FunctionName: 'new-code' }))).Payload);
    await waitUntilFunctionUpdatedV2(waiter(client), { FunctionName: 'new-code' });
    const after = decode((await client.send(new InvokeCommand({ FunctionName: 'new-code' }))).Payload);
    expect(answer.LastUpdateStatus).toBe('InProgress');
    expect([during, after]).toEqual(['v1', 'v2']);
  });
});

describe('LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS', () => {
  it('sets the delay of both transitions; unset or invalid means the short default', () => {
    expect(stateDelayFromEnv({ LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS: '0' })).toBe(0);
    expect(stateDelayFromEnv({ LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS: '2500' })).toBe(2500);
    expect(stateDelayFromEnv({})).toBe(DEFAULT_STATE_DELAY_MS);
    expect(stateDelayFromEnv({ LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS: 'soon' })).toBe(DEFAULT_STATE_DELAY_MS);
    expect(stateDelayFromEnv({ LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS: '-1' })).toBe(DEFAULT_STATE_DELAY_MS);
    expect(DEFAULT_STATE_DELAY_MS).toBeLessThanOrEqual(100);
  });
});
