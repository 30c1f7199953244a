import { APIGatewayClient, CreateRestApiCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startLocalCloud, type LocalCloudFixture } from '../../helpers/local-cloud';
import { errorOf } from '../../helpers/sdk-errors';
import { signedRequest } from '../../helpers/raw-request';

/**
 * The validation step's texts beside the ones AWS answered, recorded on AWS in LocalStack's snapshot tests
 * (`tests/aws/services/<service>/…snapshot.json`), through the SDK v3 clients: nested paths, lists, sensitive members,
 * several violations joined.
 */

let lc: LocalCloudFixture;
beforeAll(async () => {
  lc = await startLocalCloud();
});
afterAll(() => lc?.close());

describe('validation texts as AWS answers them', () => {
  it('KMS: a list member of a structure is `tags.1.member.tagKey` (kms/test_kms.snapshot.json)', async () => {
    const kms = new KMSClient(lc.clientConfig);
    const tagKey = 'a'.repeat(129);
    expect(await errorOf(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: tagKey, TagValue: 'v' }] })))).toEqual({
      name: 'ValidationException',
      status: 400,
      message: `1 validation error detected: Value '${tagKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
    });
    kms.destroy();
  });

  it('KMS: a sensitive member is never echoed: `Value at \'plaintext\'` (kms/test_kms.snapshot.json)', async () => {
    const kms = new KMSClient(lc.clientConfig);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const secret = Buffer.alloc(4097, 's');
    const e = await errorOf(kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: secret })));
    expect(e).toEqual({
      name: 'ValidationException',
      status: 400,
      message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    });
    kms.destroy();
  });

  it('API Gateway: body members under `<operation>Input.`, a list of enums, two errors joined (apigateway/test_apigateway_api.snapshot.json)', async () => {
    const apigw = new APIGatewayClient(lc.clientConfig);
    const e = await errorOf(apigw.send(new CreateRestApiCommand({
      name: 'api',
      endpointConfiguration: { types: ['wrong' as never], ipAddressType: 'wrong' as never },
    })));
    // AWS lists the enum in its own (hash set) order; local-cloud lists the model's
    expect(e).toEqual({
      name: 'ValidationException',
      status: 400,
      message: "2 validation errors detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: "
        + 'Member must satisfy constraint: [Member must satisfy enum value set: [REGIONAL, EDGE, PRIVATE]]; '
        + "Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]",
    });
    const patch = await errorOf(apigw.send(new UpdateRestApiCommand({ restApiId: 'abc', patchOperations: [{ op: 'wrong' as never, path: '/name' }] })));
    expect(patch.message).toBe("1 validation error detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: "
      + 'Member must satisfy enum value set: [add, remove, replace, move, copy, test]'); // AWS: [add, remove, move, test, replace, copy]
    apigw.destroy();
  });

  it('STS: awsQuery ValidationError for a pattern (sts/test_sts.snapshot.json)', async () => {
    const sts = new STSClient(lc.clientConfig);
    const e = await errorOf(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 'Session1:2' })));
    expect(e).toEqual({
      name: 'ValidationError',
      status: 400,
      message: "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    });
    sts.destroy();
  });

  it('Logs: InvalidParameterException, and a logGroupIdentifier ending in `:*` is refused by its pattern (issue 13)', async () => {
    const logs = new CloudWatchLogsClient(lc.clientConfig);
    const arn = 'arn:aws:logs:ap-southeast-1:000000000000:log-group:/g:*';
    const e = await errorOf(logs.send(new GetLogEventsCommand({ logGroupIdentifier: arn, logStreamName: 's', limit: 10001 })));
    expect(e).toEqual({
      name: 'InvalidParameterException',
      status: 400,
      message: `2 validation errors detected: Value '${arn}' at 'logGroupIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*; `
        + "Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    });
    logs.destroy();
  });

  it('Lambda: ValidationException with Type User, for a query-string member (lambda_/test_lambda_api.snapshot.json)', async () => {
    const lambda = new LambdaClient(lc.clientConfig);
    const e = await errorOf(lambda.send(new ListFunctionsCommand({ MaxItems: 0 })));
    expect(e).toEqual({
      name: 'ValidationException',
      status: 400,
      message: "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    lambda.destroy();
  });

  it('awsJson: a value of the wrong JSON type is a SerializationException naming the member', async () => {
    const res = await signedRequest(lc.endpoint, {
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.DescribeKey' },
      body: JSON.stringify({ KeyId: 42 }),
    }, { service: 'kms' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ __type: 'SerializationException', message: "The value of 'keyId' is not a string, as the service model requires" });
  });
});
