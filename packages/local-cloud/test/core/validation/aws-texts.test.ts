import { APIGatewayClient, CreateRestApiCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { useLocalCloud } from '../../helpers/local-cloud';
import { errorOf } from '../../helpers/sdk-errors';
import { signedRequest } from '../../helpers/raw-request';

/**
 * The validation step's texts beside the ones AWS answered, recorded on AWS in LocalStack's snapshot tests
 * (`tests/aws/services/<service>/…snapshot.json`), through the SDK v3 clients: nested paths, lists, sensitive members,
 * several violations joined.
 */

const cloud = useLocalCloud();

const config = () => cloud().clientConfig;
const tagKey = 'a'.repeat(129);
const logsArn = 'arn:aws:logs:ap-southeast-1:000000000000:log-group:/g:*';

/** [what, the failing call, the error: code, status 400, message] */
const CASES: Array<[string, () => Promise<unknown>, string, string]> = [
  [
    'KMS: a list member of a structure is `tags.1.member.tagKey` (kms/test_kms.snapshot.json)',
    () => new KMSClient(config()).send(new CreateKeyCommand({ Tags: [{ TagKey: tagKey, TagValue: 'v' }] })),
    'ValidationException',
    `1 validation error detected: Value '${tagKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
  ],
  [
    "KMS: a sensitive member is never echoed: `Value at 'plaintext'` (kms/test_kms.snapshot.json)",
    () => new KMSClient(config()).send(new EncryptCommand({ KeyId: '11111111-2222-3333-4444-555555555555', Plaintext: Buffer.alloc(4097, 's') })),
    'ValidationException',
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
  ],
  [
    // AWS lists an enum in its own (hash set) order; local-cloud lists the model's
    'API Gateway: body members under `<operation>Input.`, a list of enums, two errors joined (apigateway/test_apigateway_api.snapshot.json)',
    () => new APIGatewayClient(config()).send(new CreateRestApiCommand({ name: 'api', endpointConfiguration: { types: ['wrong' as never], ipAddressType: 'wrong' as never } })),
    'ValidationException',
    "2 validation errors detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: "
      + 'Member must satisfy constraint: [Member must satisfy enum value set: [REGIONAL, EDGE, PRIVATE]]; '
      + "Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]",
  ],
  [
    'API Gateway: a list of structures is `patchOperations.1.member.op` (AWS: [add, remove, move, test, replace, copy])',
    () => new APIGatewayClient(config()).send(new UpdateRestApiCommand({ restApiId: 'abc', patchOperations: [{ op: 'wrong' as never, path: '/name' }] })),
    'ValidationException',
    "1 validation error detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: "
      + 'Member must satisfy enum value set: [add, remove, replace, move, copy, test]',
  ],
  [
    'STS: awsQuery ValidationError for a pattern (sts/test_sts.snapshot.json)',
    () => new STSClient(config()).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 'Session1:2' })),
    'ValidationError',
    "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
  ],
  [
    'Logs: InvalidParameterException, and a logGroupIdentifier ending in `:*` is refused by its pattern (issue 13; logs/test_logs_events.snapshot.json)',
    () => new CloudWatchLogsClient(config()).send(new GetLogEventsCommand({ logGroupIdentifier: logsArn, logStreamName: 's', limit: 10001 })),
    'InvalidParameterException',
    `2 validation errors detected: Value '${logsArn}' at 'logGroupIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*; `
      + "Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
  ],
  [
    'Lambda: ValidationException for a query-string member (lambda_/test_lambda_api.snapshot.json)',
    () => new LambdaClient(config()).send(new ListFunctionsCommand({ MaxItems: 0 })),
    'ValidationException',
    "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
  ],
];

describe('validation texts as AWS answers them', () => {
  it.each(CASES)('%s', async (_what, call, name, message) => {
    expect(await errorOf(call())).toEqual({ name, status: 400, message });
  });

  it('awsJson: a value of the wrong JSON type is a SerializationException naming the member', async () => {
    const res = await signedRequest(cloud().endpoint, {
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.DescribeKey' },
      body: JSON.stringify({ KeyId: 42 }),
    }, { service: 'kms' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ __type: 'SerializationException', message: "The value of 'keyId' is not a string, as the service model requires" });
  });

  it('awsJson: a wrong JSON type deep in a list wins over a constraint violation before it, and is named by its full path', async () => {
    // AWS reads (deserializes) a request before it validates it; the validator's first pass stops at the violation
    const res = await signedRequest(cloud().endpoint, {
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.PutLogEvents' },
      body: JSON.stringify({ logGroupName: 'bad name!', logStreamName: 's', logEvents: [{ timestamp: 1, message: 'a' }, { timestamp: '2', message: 'b' }] }),
    }, { service: 'logs' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ __type: 'SerializationException', message: "The value of 'logEvents.2.member.timestamp' is not a long, as the service model requires" });
  });
});
