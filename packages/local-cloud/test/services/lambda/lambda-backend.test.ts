import { IAMClient } from '@aws-sdk/client-iam';
import type { CallContext } from '../../../src/core/service';
import { zipFiles } from '../../helpers/zip';
import type { LambdaService } from '../../../src/services/lambda';
import type { S3Service } from '../../../src/services/s3';
import { cdkAssetsBucket } from '../../../src/services/s3';
import { ACCOUNT, REGION, ROOT_ARN } from '../../helpers/account';
import { startLocalCloud, type LocalCloudFixture } from '../../helpers/local-cloud';
import { createLambdaRole } from '../../helpers/roles';

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/lambda-backend-test`;
const scope = { accountId: ACCOUNT, region: REGION };
const HANDLER = { 'index.js': 'exports.handler = async (event) => ({ echoed: event });' };

let lc: LocalCloudFixture;
let lambda: LambdaService;
let ctx: CallContext;

beforeAll(async () => {
  // state changes at once: these tests call the backend, not the waiters
  const before = process.env.LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS;
  process.env.LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS = '0';
  try {
    lc = await startLocalCloud();
  } finally {
    if (before === undefined) delete process.env.LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS;
    else process.env.LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS = before;
  }
  lambda = lc.server.services.find((s) => s.signingName === 'lambda') as LambdaService;
  ctx = { requestId: 'test', ...scope, principalArn: ROOT_ARN, callerArn: ROOT_ARN, accessKeyId: 'test', endpoint: lc.endpoint };
  const iam = new IAMClient(lc.clientConfig);
  await createLambdaRole(iam, 'lambda-backend-test');
  iam.destroy();
});

afterAll(async () => {
  await lambda.close();
  await lc.close();
});

const create = async (name: string, code = HANDLER) =>
  lambda.backend.createFunction({ FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE_ARN, Code: { ZipFile: await zipFiles(code) } }, ctx);

describe('LambdaBackend', () => {
  it('creates a function in the call scope and answers its configuration in the SDK shape', async () => {
    const config = await create('backend-create');
    expect(config).toMatchObject({ FunctionName: 'backend-create', FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:backend-create`, State: 'Pending', Version: '$LATEST' });
    expect(lambda.backend.getFunction({ FunctionName: config.FunctionArn }, ctx).Code?.Location).toMatch(new RegExp(`^${lc.endpoint}/_local-cloud/lambda/code/`));
  });

  it('refuses as Lambda does, with AwsErrors in its words', async () => {
    await create('backend-twice');
    await expect(create('backend-twice')).rejects.toMatchObject({ code: 'ResourceConflictException', message: 'Function already exist: backend-twice' });
    expect(() => lambda.backend.getFunction({ FunctionName: 'backend-missing' }, ctx)).toThrow(
      expect.objectContaining({ code: 'ResourceNotFoundException', message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:backend-missing` }),
    );
    await expect(lambda.backend.invoke({ functionName: 'backend-missing' }, scope)).rejects.toMatchObject({
      message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:backend-missing:$LATEST`,
    });
    await expect(lambda.backend.invoke({ functionName: 'backend-twice', invocationType: 'Sometimes' }, scope)).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('invokes in-process in the scope given; a function ARN of another region is not reachable', async () => {
    await create('backend-invoke');
    const byName = await lambda.backend.invoke({ functionName: 'backend-invoke', payload: '{"a":1}' }, scope);
    expect(byName).toMatchObject({ statusCode: 200, executedVersion: '$LATEST' });
    expect(JSON.parse(byName.payload.toString())).toEqual({ echoed: { a: 1 } });
    // a function ARN is found by ARN; one of another region is not reachable, as Lambda's Invoke answers
    const byArn = await lambda.backend.invoke({ functionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:backend-invoke` }, scope);
    expect(byArn.statusCode).toBe(200);
    await expect(lambda.backend.invoke({ functionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:backend-invoke` }, { accountId: '111111111111', region: 'eu-west-1' }))
      .rejects.toMatchObject({ message: `Functions from '${REGION}' are not reachable in this region ('eu-west-1')` });
    await expect(lambda.backend.invoke({ functionName: 'backend-invoke' }, { ...scope, region: 'eu-west-1' })).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
  });

  it('reads code from S3 through S3 backend, and says which S3 error stopped it', async () => {
    const bucket = cdkAssetsBucket(ACCOUNT, REGION);
    (lc.server.services.find((s) => s.signingName === 's3') as S3Service).backend.putObject({ Bucket: bucket, Key: 'backend.zip', Body: await zipFiles(HANDLER) });
    const config = await lambda.backend.createFunction(
      { FunctionName: 'backend-s3', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE_ARN, Code: { S3Bucket: bucket, S3Key: 'backend.zip' } },
      ctx,
    );
    expect(config.CodeSize).toBe((await zipFiles(HANDLER)).length);
    await expect(
      lambda.backend.createFunction({ FunctionName: 'backend-s3-missing', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE_ARN, Code: { S3Bucket: bucket, S3Key: 'nope.zip' } }, ctx),
    ).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      message: 'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
    });
  });

  it('answers from the resource policy whether a principal may invoke from a source', async () => {
    await create('backend-policy');
    const sourceArn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:api1/*/*/*`;
    lambda.backend.addPermission({ FunctionName: 'backend-policy', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn }, ctx);
    const principal = { Service: 'apigateway.amazonaws.com' };
    expect(lambda.backend.allowsInvoke({ functionName: 'backend-policy', principal, sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:api1/prod/GET/x` }, scope)).toBe(true);
    expect(lambda.backend.allowsInvoke({ functionName: 'backend-policy', principal, sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:api2/prod/GET/x` }, scope)).toBe(false);
    lambda.backend.removePermission({ FunctionName: 'backend-policy', StatementId: 'apigw' }, ctx);
    expect(lambda.backend.allowsInvoke({ functionName: 'backend-policy', principal, sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:api1/prod/GET/x` }, scope)).toBe(false);
  });
});
