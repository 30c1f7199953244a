import { createHash } from 'node:crypto';
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  CreateFunctionCommandInput,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetFunctionConcurrencyCommand,
  PutFunctionConcurrencyCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { zipFiles } from '../../helpers/zip';
import type { LambdaService } from '../../../src/services/lambda';
import { useLocalCloud } from '../../helpers/local-cloud';
import { createLambdaRole } from '../../helpers/roles';
import { signedRequest } from '../../helpers/raw-request';
import { functionActive, functionUpdated } from '../../helpers/lambda-waiters';
import { failure } from '../../helpers/sdk-errors';

const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/lambda-api-test-role`;
const BUCKET = `cdk-hnb659fds-assets-${ACCOUNT}-${REGION}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const cloud = useLocalCloud({ client: LambdaClient, iam: IAMClient });
const { client, iam } = cloud;
let lambda: LambdaService;

const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const sha256 = (zip: Buffer) => createHash('sha256').update(zip).digest('base64');
const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

async function createInput(name: string, code: Record<string, string>, extra: Partial<CreateFunctionCommandInput> = {}): Promise<CreateFunctionCommandInput> {
  return {
    FunctionName: name,
    Runtime: 'nodejs24.x',
    Handler: 'index.handler',
    Role: ROLE_ARN,
    Code: { ZipFile: await zipFiles(code) },
    ...extra,
  };
}

beforeAll(async () => {
  lambda = cloud().service<LambdaService>('lambda');
  await createLambdaRole(iam, 'lambda-api-test-role');
  // the functions write their logs with their role's permissions, as on AWS
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'lambda-api-test-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }));
});

describe('CreateFunction', () => {
  it('creates a Pending function (Active once the waiter says so) with its code hash, defaults and ARN', async () => {
    // Prepare
    const zip = await zipFiles({ 'index.js': 'exports.handler = async () => "hi";' });
    // Act
    const out = await client.send(new CreateFunctionCommand({ ...await createInput('create-basic', {}), Code: { ZipFile: zip }, Description: 'd', Tags: { team: 'a' } }));
    // Assess
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out).toMatchObject({
      FunctionName: 'create-basic',
      FunctionArn: fnArn('create-basic'),
      Runtime: 'nodejs24.x',
      Role: ROLE_ARN,
      Handler: 'index.handler',
      CodeSize: zip.length,
      CodeSha256: sha256(zip),
      Description: 'd',
      Timeout: 3,
      MemorySize: 128,
      Version: '$LATEST',
      State: 'Pending',
      StateReason: 'The function is being created.',
      StateReasonCode: 'Creating',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/create-basic' },
    });
    expect(out.RevisionId).toMatch(UUID);
    expect(out.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(out).not.toHaveProperty('LastUpdateStatus');
    await functionActive(client, 'create-basic');
    const active = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'create-basic' }));
    expect(active).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
    expect(active).not.toHaveProperty('StateReason');
  });

  it('refuses a name that exists with ResourceConflictException (409)', async () => {
    await client.send(new CreateFunctionCommand(await createInput('create-twice', { 'index.js': 'exports.handler = async () => 1;' })));
    const error = await failure(client.send(new CreateFunctionCommand(await createInput('create-twice', { 'index.js': '' }))));
    expect(error.name).toBe('ResourceConflictException');
    expect(error.message).toBe('Function already exist: create-twice');
    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(error.Type).toBe('User');
  });

  it('checks the role: the ARN pattern (ValidationException), and that Lambda can assume it', async () => {
    const malformed = await failure(client.send(new CreateFunctionCommand(await createInput('bad-role', { 'index.js': '' }, { Role: 'not-a-role' }))));
    expect(malformed.name).toBe('ValidationException');
    expect(malformed.message).toContain("Value 'not-a-role' at 'role' failed to satisfy constraint");
    const missing = await failure(
      client.send(new CreateFunctionCommand(await createInput('bad-role', { 'index.js': '' }, { Role: `arn:aws:iam::${ACCOUNT}:role/does-not-exist` }))),
    );
    expect(missing.name).toBe('InvalidParameterValueException');
    expect(missing.message).toBe('The role defined for the function cannot be assumed by Lambda.');
    expect(missing.$metadata.httpStatusCode).toBe(400);
  });

  it('allows log levels only with the JSON log format', async () => {
    const error = await failure(
      client.send(new CreateFunctionCommand(await createInput('text-levels', { 'index.js': '' }, { LoggingConfig: { LogFormat: 'Text', ApplicationLogLevel: 'DEBUG' } }))),
    );
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toContain('LogLevel is not supported when LogFormat is set to "Text"');
    const json = await client.send(new CreateFunctionCommand(await createInput('json-defaults', { 'index.js': '' }, { LoggingConfig: { LogFormat: 'JSON' } })));
    expect(json.LoggingConfig).toEqual({ LogFormat: 'JSON', LogGroup: '/aws/lambda/json-defaults', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' });
  });

  it('refuses bytes that are not a zip, reserved variables and a timeout over 900', async () => {
    const notZip = await failure(client.send(new CreateFunctionCommand({ ...await createInput('not-zip', {}), Code: { ZipFile: Buffer.from('hello') } })));
    expect(notZip.name).toBe('InvalidParameterValueException');
    expect(notZip.message).toBe('Could not unzip uploaded file. Please check your file, then try to upload again.');
    const reserved = await failure(
      client.send(new CreateFunctionCommand(await createInput('reserved-env', { 'index.js': '' }, { Environment: { Variables: { AWS_REGION: 'x' } } }))),
    );
    expect(reserved.name).toBe('InvalidParameterValueException');
    expect(reserved.message).toContain('Reserved keys used in this request: AWS_REGION');
    const timeout = await failure(client.send(new CreateFunctionCommand(await createInput('long-timeout', { 'index.js': '' }, { Timeout: 901 }))));
    expect(timeout.name).toBe('ValidationException');
  });

  it('takes the code from S3, as the CDK CLI uploads it', async () => {
    // Prepare
    const zip = await zipFiles({ 'index.js': 'exports.handler = async () => "from s3";' });
    await new S3Client({ ...cloud().clientConfig, forcePathStyle: true }).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'asset.zip', Body: zip }));
    // Act
    const out = await client.send(new CreateFunctionCommand({ ...await createInput('from-s3', {}), Code: { S3Bucket: BUCKET, S3Key: 'asset.zip' } }));
    await functionActive(client, 'from-s3');
    const invoked = await client.send(new InvokeCommand({ FunctionName: 'from-s3' }));
    // Assess
    expect(out.CodeSha256).toBe(sha256(zip));
    expect(decode(invoked.Payload)).toBe('from s3');
    const missing = await failure(client.send(new CreateFunctionCommand({ ...await createInput('from-s3-missing', {}), Code: { S3Bucket: BUCKET, S3Key: 'nope.zip' } })));
    expect(missing.name).toBe('InvalidParameterValueException');
    expect(missing.message).toMatch(/^Error occurred while GetObject\. S3 Error Code: NoSuchKey\. S3 Error Message: /);
  });
});

describe('reading functions', () => {
  beforeAll(async () => {
    await client.send(new CreateFunctionCommand(await createInput('read-me', { 'index.js': 'exports.handler = async () => 1;' }, { Tags: { a: '1' } })));
    await functionActive(client, 'read-me');
  });

  it('GetFunction answers the configuration, a code location that serves the zip, and the tags', async () => {
    const out = await client.send(new GetFunctionCommand({ FunctionName: 'read-me' }));
    expect(out.Configuration?.FunctionArn).toBe(fnArn('read-me'));
    expect(out.Code?.RepositoryType).toBe('S3');
    expect(out.Tags).toEqual({ a: '1' });
    const download = await fetch(out.Code!.Location!);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(sha256(bytes)).toBe(out.Configuration?.CodeSha256);
  });

  it('accepts a name, a partial ARN, an ARN and $LATEST', async () => {
    for (const name of ['read-me', `${ACCOUNT}:function:read-me`, fnArn('read-me'), `${fnArn('read-me')}:$LATEST`]) {
      const out = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      expect(out.FunctionName).toBe('read-me');
    }
  });

  it('answers ResourceNotFoundException (404) for a function that does not exist', async () => {
    const error = await failure(client.send(new GetFunctionConfigurationCommand({ FunctionName: 'no-such-function' })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.message).toBe(`Function not found: ${fnArn('no-such-function')}`);
    expect(error.$metadata.httpStatusCode).toBe(404);
    const version = await failure(client.send(new GetFunctionCommand({ FunctionName: 'read-me', Qualifier: '7' })));
    expect(version.message).toBe(`Function not found: ${fnArn('read-me')}:7`);
  });

  it('ListFunctions pages with MaxItems and Marker, also on the trailing-slash path', async () => {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      expect(page.Functions!.length).toBeLessThanOrEqual(2);
      names.push(...page.Functions!.map((f) => f.FunctionName!));
      marker = page.NextMarker;
    } while (marker);
    expect(names).toContain('read-me');
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);

    const slash = new LambdaClient(cloud().clientConfig);
    slash.middlewareStack.add(
      (next) => (args) => {
        (args.request as { path: string }).path += '/';
        return next(args);
      },
      { step: 'build' },
    );
    const all = await slash.send(new ListFunctionsCommand({}));
    expect(all.Functions!.map((f) => f.FunctionName)).toEqual(names);
  });

  it('tags: TagResource, ListTags, UntagResource', async () => {
    await client.send(new TagResourceCommand({ Resource: fnArn('read-me'), Tags: { b: '2' } }));
    expect((await client.send(new ListTagsCommand({ Resource: fnArn('read-me') }))).Tags).toEqual({ a: '1', b: '2' });
    await client.send(new UntagResourceCommand({ Resource: fnArn('read-me'), TagKeys: ['a'] }));
    expect((await client.send(new ListTagsCommand({ Resource: fnArn('read-me') }))).Tags).toEqual({ b: '2' });
  });
});

// The message member each error shape names, as AWS sends it (botocore lambda/2015-03-31/service-2.json; recorded on
// AWS in LocalStack tests/aws/services/lambda_/test_lambda_api.snapshot.json, 2025-11)
describe('error bodies as AWS sends them', () => {
  it('ResourceNotFoundException: {"Type": "User", "Message": …} (SDK v3 reads it into err.message, with err.Type)', async () => {
    // Act
    const error = await failure(client.send(new GetFunctionCommand({ FunctionName: 'no-such-fn' })));
    const raw = await signedRequest(cloud().endpoint, { method: 'GET', path: '/2015-03-31/functions/no-such-fn' }, { service: 'lambda' });
    // Assess
    const text = `Function not found: ${fnArn('no-such-fn')}`;
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', message: text, Type: 'User' });
    expect(raw.status).toBe(404);
    expect(raw.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(JSON.parse(raw.body)).toEqual({ Type: 'User', Message: text });
  });

  it('ResourceConflictException: {"Type": "User", "message": …}, as its shape names it', async () => {
    await client.send(new CreateFunctionCommand(await createInput('conflict-body', { 'index.js': 'exports.handler = async () => 1;' })));
    const body = JSON.stringify({ FunctionName: 'conflict-body', Runtime: 'nodejs24.x', Handler: 'index.handler', Role: ROLE_ARN, Code: { ZipFile: (await zipFiles({ 'index.js': '' })).toString('base64') } });
    const raw = await signedRequest(cloud().endpoint, { method: 'POST', path: '/2015-03-31/functions', headers: { 'content-type': 'application/json' }, body }, { service: 'lambda' });
    expect(raw.status).toBe(409);
    expect(JSON.parse(raw.body)).toEqual({ Type: 'User', message: 'Function already exist: conflict-body' });
  });

  it('Invoke of a missing function names its $LATEST version, as AWS does', async () => {
    const error = await failure(client.send(new InvokeCommand({ FunctionName: 'nobody-here' })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.message).toBe(`Function not found: ${fnArn('nobody-here')}:$LATEST`);
    // GetFunction without a qualifier names the function alone
    expect((await failure(client.send(new GetFunctionCommand({ FunctionName: 'nobody-here' })))).message).toBe(`Function not found: ${fnArn('nobody-here')}`);
  });
});

describe('Invoke', () => {
  beforeAll(async () => {
    await new CloudWatchLogsClient(cloud().clientConfig).send(new CreateLogGroupCommand({ logGroupName: '/app/invoke-json' }));
    await client.send(
      new CreateFunctionCommand(
        await createInput(
          'invoke-json',
          {
            'index.js': `let calls = 0;
              exports.handler = async (event, context) => {
                calls++;
                console.info('handling', event.n);
                if (event.fail) throw new Error('it failed: ' + event.n);
                return { calls, n: event.n, requestId: context.awsRequestId };
              };`,
          },
          { LoggingConfig: { LogFormat: 'JSON', LogGroup: '/app/invoke-json', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' } },
        ),
      ),
    );
    await functionActive(client, 'invoke-json');
  });

  it('RequestResponse: 200, the result, the executed version, and the JSON log tail', async () => {
    // Act
    const out = await client.send(new InvokeCommand({ FunctionName: 'invoke-json', Payload: JSON.stringify({ n: 7 }), LogType: 'Tail' }));
    // Assess
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(out.FunctionError).toBeUndefined();
    const result = decode(out.Payload);
    expect(result).toMatchObject({ n: 7 });
    const tail = Buffer.from(out.LogResult!, 'base64').toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    const report = tail.find((l) => l.type === 'platform.report');
    expect(report.record).toMatchObject({ requestId: result.requestId, status: 'success', metrics: { memorySizeMB: 128 } });
    expect(tail).toContainEqual({ timestamp: expect.any(String), level: 'INFO', requestId: result.requestId, message: 'handling 7' });
  });

  it('writes the invocation’s log to the configured group', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'invoke-json', Payload: JSON.stringify({ n: 8 }) }));
    const { requestId } = decode(out.Payload);
    await lambda.backend.flush();
    const events = await new CloudWatchLogsClient(cloud().clientConfig).send(new FilterLogEventsCommand({ logGroupName: '/app/invoke-json' }));
    const lines = events.events!.map((e) => JSON.parse(e.message!));
    expect(lines).toContainEqual(expect.objectContaining({ type: 'platform.start', record: expect.objectContaining({ requestId }) }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'INFO', requestId, message: 'handling 8' }));
    expect(events.events![0].logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('a function error: 200 with X-Amz-Function-Error Unhandled and the error document', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'invoke-json', Payload: JSON.stringify({ n: 9, fail: true }) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    const error = decode(out.Payload);
    expect(error).toMatchObject({ errorType: 'Error', errorMessage: 'it failed: 9' });
    expect(error.trace[0]).toBe('Error: it failed: 9');
  });

  it('Event: 202 at once, the function runs afterwards', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'invoke-json', InvocationType: 'Event', Payload: JSON.stringify({ n: 'async-10' }) }));
    expect(out.StatusCode).toBe(202);
    expect(Buffer.from(out.Payload ?? []).length).toBe(0);
    await lambda.backend.flush();
    const events = await new CloudWatchLogsClient(cloud().clientConfig).send(new FilterLogEventsCommand({ logGroupName: '/app/invoke-json', filterPattern: '"async-10"' }));
    expect(events.events!.length).toBeGreaterThan(0);
  });

  it('DryRun: 204 and no payload', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'invoke-json', InvocationType: 'DryRun' }));
    expect(out.StatusCode).toBe(204);
    expect(Buffer.from(out.Payload ?? []).length).toBe(0);
  });

  it('refuses a payload that is not JSON, and a function that does not exist', async () => {
    const bad = await failure(client.send(new InvokeCommand({ FunctionName: 'invoke-json', Payload: Buffer.from('{not json') })));
    expect(bad.name).toBe('InvalidRequestContentException');
    expect(bad.$metadata.httpStatusCode).toBe(400);
    const missing = await failure(client.send(new InvokeCommand({ FunctionName: 'nobody' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it('invokes by ARN, and passes an empty payload as {}', async () => {
    const fn = 'invoke-echo';
    await client.send(new CreateFunctionCommand(await createInput(fn, { 'index.js': 'exports.handler = async (event, context) => ({ event, arn: context.invokedFunctionArn });' })));
    await functionActive(client, fn);
    const out = await client.send(new InvokeCommand({ FunctionName: fnArn(fn) }));
    expect(decode(out.Payload)).toEqual({ event: {}, arn: fnArn(fn) });
  });

  it('gives the function credentials local-cloud accepts, and local-cloud as its endpoint', async () => {
    // Prepare: the function calls STS through the SDK the runtime provides (NODE_PATH), as on Lambda
    const fn = 'whoami';
    await client.send(
      new CreateFunctionCommand(
        await createInput(fn, {
          'index.js': `const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
            exports.handler = async () => { const id = await new STSClient({}).send(new GetCallerIdentityCommand({})); return { account: id.Account, arn: id.Arn }; };`,
        }, { Timeout: 30 }),
      ),
    );
    await functionActive(client, fn);
    // Act
    const out = await client.send(new InvokeCommand({ FunctionName: fn }));
    // Assess: a session of the function's role (which trusts Lambda only), assumed by Lambda, named after the function
    expect(out.FunctionError).toBeUndefined();
    const identity = decode(out.Payload);
    expect(identity.account).toBe(ACCOUNT);
    expect(identity.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/lambda-api-test-role/${fn}`);
  });

  it('runs the function as its role when the role lets local-cloud assume it', async () => {
    // Prepare: a role that trusts the account as well as Lambda, so STS's AssumeRole issues the session
    await new IAMClient(cloud().clientConfig).send(
      new CreateRoleCommand({
        RoleName: 'assumable-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com', AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    await client.send(
      new CreateFunctionCommand(
        await createInput('as-role', {
          'index.js': `const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
            exports.handler = async () => [(await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn, !!process.env.AWS_SESSION_TOKEN];`,
        }, { Role: `arn:aws:iam::${ACCOUNT}:role/assumable-role`, Timeout: 30 }),
      ),
    );
    await functionActive(client, 'as-role');
    // Act
    const out = await client.send(new InvokeCommand({ FunctionName: 'as-role' }));
    // Assess
    expect(decode(out.Payload)).toEqual([`arn:aws:sts::${ACCOUNT}:assumed-role/assumable-role/as-role`, true]);
  });
});

describe('permissions', () => {
  beforeAll(async () => {
    await client.send(new CreateFunctionCommand(await createInput('with-policy', { 'index.js': 'exports.handler = async () => 1;' })));
    await functionActive(client, 'with-policy');
  });

  it('AddPermission (201), GetPolicy, RemovePermission (204)', async () => {
    // Prepare
    const sourceArn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/*/GET/hello`;
    // Act
    const added = await client.send(
      new AddPermissionCommand({ FunctionName: 'with-policy', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn }),
    );
    // Assess
    expect(added.$metadata.httpStatusCode).toBe(201);
    const statement = {
      Sid: 'apigw',
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: fnArn('with-policy'),
      Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
    };
    expect(JSON.parse(added.Statement!)).toEqual(statement);
    const policy = await client.send(new GetPolicyCommand({ FunctionName: 'with-policy' }));
    expect(JSON.parse(policy.Policy!)).toEqual({ Version: '2012-10-17', Id: 'default', Statement: [statement] });
    expect(policy.RevisionId).toMatch(UUID);
    expect(lambda.backend.allowsInvoke({ functionName: 'with-policy', principal: { Service: 'apigateway.amazonaws.com' }, sourceArn }, { region: REGION, accountId: ACCOUNT })).toBe(true);
    expect(
      lambda.backend.allowsInvoke({ functionName: 'with-policy', principal: { Service: 'apigateway.amazonaws.com' }, sourceArn: sourceArn.replace('abc123', 'other') }, { region: REGION, accountId: ACCOUNT }),
    ).toBe(false);

    const removed = await client.send(new RemovePermissionCommand({ FunctionName: 'with-policy', StatementId: 'apigw' }));
    expect(removed.$metadata.httpStatusCode).toBe(204);
    const none = await failure(client.send(new GetPolicyCommand({ FunctionName: 'with-policy' })));
    expect(none.name).toBe('ResourceNotFoundException');
  });

  it('refuses a statement id in use with ResourceConflictException (409)', async () => {
    const input = { FunctionName: 'with-policy', StatementId: 'dup', Action: 'lambda:InvokeFunction', Principal: ACCOUNT };
    const first = await client.send(new AddPermissionCommand(input));
    expect(JSON.parse(first.Statement!).Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
    const error = await failure(client.send(new AddPermissionCommand(input)));
    expect(error.name).toBe('ResourceConflictException');
    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(error.message).toBe('The statement id (dup) provided already exists. Please provide a new statement id, or remove the existing statement.');
    const missing = await failure(client.send(new RemovePermissionCommand({ FunctionName: 'with-policy', StatementId: 'never-added' })));
    expect(missing.name).toBe('ResourceNotFoundException');
  });
});

describe('updates and deletion', () => {
  it('UpdateFunctionCode: the new code answers, in a new environment', async () => {
    // Prepare
    await client.send(new CreateFunctionCommand(await createInput('updated-code', { 'index.js': 'exports.handler = async () => ["v1", process.pid];' })));
    await functionActive(client, 'updated-code');
    const [v1, pid1] = decode((await client.send(new InvokeCommand({ FunctionName: 'updated-code' }))).Payload);
    const zip = await zipFiles({ 'index.js': 'exports.handler = async () => ["v2", process.pid];' });
    // Act
    const updated = await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'updated-code', ZipFile: zip }));
    await functionUpdated(client, 'updated-code');
    const [v2, pid2] = decode((await client.send(new InvokeCommand({ FunctionName: 'updated-code' }))).Payload);
    // Assess
    expect(updated.CodeSha256).toBe(sha256(zip));
    expect([v1, v2]).toEqual(['v1', 'v2']);
    expect(pid2).not.toBe(pid1);
  });

  it('UpdateFunctionCode under a steady load of 32 callers: none fails, in-flight calls finish on the old code, later ones run the new code', async () => {
    // Prepare: each call takes a moment, so updates land while calls run and while others wait for an environment
    const code = (v: number) => zipFiles({ 'index.js': `exports.handler = async () => { await new Promise((r) => setTimeout(r, 20)); return ${v}; };` });
    await client.send(new CreateFunctionCommand({ ...await createInput('swapped-under-load', {}), Code: { ZipFile: await code(0) } }));
    await functionActive(client, 'swapped-under-load');
    let running = true;
    const seen: number[] = [];
    const failures: string[] = [];
    let coldStarts = 0;
    const caller = async (): Promise<void> => {
      while (running) {
        const out = await client.send(new InvokeCommand({ FunctionName: 'swapped-under-load', LogType: 'Tail' }));
        if (out.FunctionError) failures.push(Buffer.from(out.Payload ?? []).toString());
        else seen.push(decode(out.Payload));
        if (Buffer.from(out.LogResult ?? '', 'base64').toString().includes('Init Duration')) coldStarts++;
      }
    };
    const load = Promise.all(Array.from({ length: 32 }, caller));
    // Act: three updates, 300 ms apart
    for (const v of [1, 2, 3]) {
      await new Promise((r) => setTimeout(r, 300));
      await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'swapped-under-load', ZipFile: await code(v) }));
      await functionUpdated(client, 'swapped-under-load');
    }
    await new Promise((r) => setTimeout(r, 300));
    running = false;
    await load;
    // Assess: every call answered; versions only move forward after the last update; each version started at
    // most the pool's 10 environments (before, calls holding the old version and calls holding the new one
    // kept replacing each other's environments, without end)
    expect(failures).toEqual([]);
    expect(seen.length).toBeGreaterThanOrEqual(32);
    expect(seen).toContain(0);
    expect(decode((await client.send(new InvokeCommand({ FunctionName: 'swapped-under-load' }))).Payload)).toBe(3);
    expect(coldStarts).toBeLessThanOrEqual(4 * 10);
  }, 60_000);

  it('UpdateFunctionConfiguration: new settings reach a new environment; a stale RevisionId is refused', async () => {
    await client.send(new CreateFunctionCommand(await createInput('updated-config', { 'index.js': 'exports.handler = async () => [process.env.GREETING ?? null, process.pid];' })));
    await functionActive(client, 'updated-config');
    const [before, pid1] = decode((await client.send(new InvokeCommand({ FunctionName: 'updated-config' }))).Payload);
    const config = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'updated-config', Environment: { Variables: { GREETING: 'hello' } }, Timeout: 10 }));
    await functionUpdated(client, 'updated-config');
    const [after, pid2] = decode((await client.send(new InvokeCommand({ FunctionName: 'updated-config' }))).Payload);
    expect([before, after]).toEqual([null, 'hello']);
    expect(pid2).not.toBe(pid1);
    expect(config.Timeout).toBe(10);
    expect(config.Environment).toEqual({ Variables: { GREETING: 'hello' } });
    const stale = await failure(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'updated-config', Timeout: 5, RevisionId: '00000000-0000-0000-0000-000000000000' })));
    expect(stale.name).toBe('PreconditionFailedException');
    expect(stale.$metadata.httpStatusCode).toBe(412);
  });

  it('reserved concurrency: 0 throttles Invoke with TooManyRequestsException (429); the account keeps 100 unreserved', async () => {
    // Prepare
    await client.send(new CreateFunctionCommand(await createInput('reserved', { 'index.js': 'exports.handler = async () => "ran";' })));
    await functionActive(client, 'reserved');
    const once = new LambdaClient({ ...cloud().clientConfig, maxAttempts: 1 });
    // Act
    const put = await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'reserved', ReservedConcurrentExecutions: 0 }));
    const throttled = await failure(once.send(new InvokeCommand({ FunctionName: 'reserved' })));
    // Assess
    expect(put.ReservedConcurrentExecutions).toBe(0);
    expect((await client.send(new GetFunctionCommand({ FunctionName: 'reserved' }))).Concurrency).toEqual({ ReservedConcurrentExecutions: 0 });
    expect(throttled.name).toBe('TooManyRequestsException');
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    const tooMuch = await failure(client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'reserved', ReservedConcurrentExecutions: 901 })));
    expect(tooMuch.name).toBe('InvalidParameterValueException');
    await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'reserved' }));
    expect((await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'reserved' }))).ReservedConcurrentExecutions).toBeUndefined();
    expect(decode((await once.send(new InvokeCommand({ FunctionName: 'reserved' }))).Payload)).toBe('ran');
  });

  it('DeleteFunction: the function is gone', async () => {
    await client.send(new CreateFunctionCommand(await createInput('deleted', { 'index.js': 'exports.handler = async () => 1;' })));
    await functionActive(client, 'deleted');
    await client.send(new InvokeCommand({ FunctionName: 'deleted' }));
    const out = await client.send(new DeleteFunctionCommand({ FunctionName: 'deleted' }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    expect((await failure(client.send(new GetFunctionCommand({ FunctionName: 'deleted' })))).name).toBe('ResourceNotFoundException');
    expect((await failure(client.send(new InvokeCommand({ FunctionName: 'deleted' })))).name).toBe('ResourceNotFoundException');
    expect((await failure(client.send(new DeleteFunctionCommand({ FunctionName: 'deleted' })))).name).toBe('ResourceNotFoundException');
  });
});

describe('log delivery', () => {
  it('auto-creates /aws/lambda/<name> for the default group', async () => {
    await client.send(new CreateFunctionCommand(await createInput('default-group', { 'index.js': "exports.handler = async () => { console.log('to the default group'); return 1; };" })));
    await functionActive(client, 'default-group');
    await client.send(new InvokeCommand({ FunctionName: 'default-group' }));
    await lambda.backend.flush();
    const events = await new CloudWatchLogsClient(cloud().clientConfig).send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/default-group' }));
    expect(events.events!.map((e) => e.message)).toContainEqual(expect.stringMatching(/\tINFO\tto the default group\n$/));
  });

  it('still answers when the group’s KMS key refuses CloudWatch Logs; the delivery failure is recorded', async () => {
    // Prepare: an encrypted group whose key policy later loses the logs statement
    const kms = new KMSClient(cloud().clientConfig);
    const root = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
    const logsStatement = {
      Sid: 'Logs',
      Effect: 'Allow',
      Principal: { Service: `logs.${REGION}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
    };
    const key = await kms.send(new CreateKeyCommand({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [root, logsStatement] }) }));
    await new CloudWatchLogsClient(cloud().clientConfig).send(new CreateLogGroupCommand({ logGroupName: '/app/locked', kmsKeyId: key.KeyMetadata!.Arn }));
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyMetadata!.KeyId, PolicyName: 'default', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [root] }) }));
    await client.send(
      new CreateFunctionCommand(await createInput('locked-logs', { 'index.js': 'exports.handler = async () => "answered";' }, { LoggingConfig: { LogFormat: 'JSON', LogGroup: '/app/locked' } })),
    );
    await functionActive(client, 'locked-logs');
    // Act
    const out = await client.send(new InvokeCommand({ FunctionName: 'locked-logs' }));
    await lambda.backend.flush();
    // Assess
    expect(decode(out.Payload)).toBe('answered');
    expect(lambda.backend.logDeliveryFailures).toContainEqual(expect.objectContaining({ logGroupName: '/app/locked', code: 'AccessDeniedException' }));
  });

  it('drops the logs of a custom group that does not exist (no group is created)', async () => {
    await client.send(new CreateFunctionCommand(await createInput('missing-group', { 'index.js': 'exports.handler = async () => 1;' }, { LoggingConfig: { LogFormat: 'Text', LogGroup: '/app/never-created' } })));
    await functionActive(client, 'missing-group');
    await client.send(new InvokeCommand({ FunctionName: 'missing-group' }));
    await lambda.backend.flush();
    expect(lambda.backend.logDeliveryFailures).toContainEqual(expect.objectContaining({ logGroupName: '/app/never-created', code: 'ResourceNotFoundException' }));
    const error = await failure(new CloudWatchLogsClient(cloud().clientConfig).send(new FilterLogEventsCommand({ logGroupName: '/app/never-created' })));
    expect(error.name).toBe('ResourceNotFoundException');
  });
});

describe('in-process API', () => {
  it('invoke answers like the wire operation, for API Gateway', async () => {
    await client.send(new CreateFunctionCommand(await createInput('internal-target', { 'index.js': 'exports.handler = async (e) => ({ statusCode: 200, body: e.path });' })));
    await functionActive(client, 'internal-target');
    const out = await lambda.backend.invoke({ functionName: fnArn('internal-target'), payload: JSON.stringify({ path: '/x' }), logType: 'Tail' }, { region: REGION, accountId: ACCOUNT });
    expect(out.statusCode).toBe(200);
    expect(JSON.parse(out.payload.toString())).toEqual({ statusCode: 200, body: '/x' });
    expect(out.executedVersion).toBe('$LATEST');
    expect(out.requestId).toMatch(UUID);
    expect(Buffer.from(out.logResult!, 'base64').toString()).toContain(`END RequestId: ${out.requestId}`);
  });
});
