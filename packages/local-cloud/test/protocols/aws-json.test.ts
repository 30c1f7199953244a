import { DecryptCommand, DescribeKeyCommand, GenerateRandomCommand, KMSClient, NotFoundException, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { AwsError } from '../../src/core/aws-error';
import type { AwsService } from '../../src/core/service';
import { startServer, type LocalCloudServer } from '../../src/server';
import { errorCode, signedRequest } from '../helpers/raw-request';
import { KMS_AUTHORIZATION } from '../../src/services/kms/authorization';

const CREATED = new Date(1_700_000_000_500);

/**
 * An awsJson1_1 service with KMS's target prefix and signing name, so the real KMS client reads what the codec
 * writes. Its operations echo their input or throw, to pin the codec down apart from KMS's own logic.
 */
const toy: AwsService = {
  signingName: 'kms',
  authorization: KMS_AUTHORIZATION, // the real service's IAM facts: the root may call each operation
  protocol: 'awsJson1_1',
  targetPrefix: 'TrentService',
  operations: {
    DescribeKey: (input) => ({ KeyMetadata: { KeyId: input.KeyId, CreationDate: CREATED, Enabled: true, Description: undefined }, Echo: input }),
    GenerateRandom: (input) => ({ Plaintext: Buffer.from([0, 1, 2, 255]), Echo: input }),
    ScheduleKeyDeletion: (input) => {
      throw new AwsError('NotFoundException', `Key '${String(input.KeyId)}' does not exist`);
    },
    // KMS sends InvalidCiphertextException with no message at all
    Decrypt: () => {
      throw new AwsError('InvalidCiphertextException', '');
    },
    TagResource: () => {
      throw new AwsError('TagException', 'Tags are not allowed', { fields: { Detail: 'x' }, headers: { 'x-extra': 'y' } });
    },
    EnableKey: () => undefined,
  },
};

describe('awsJson1_1 (KMS, CloudWatch Logs, SSM)', () => {
  let server: LocalCloudServer;
  let kms: KMSClient;
  beforeAll(async () => {
    server = await startServer({ port: 0, services: () => [toy] });
    kms = new KMSClient({ endpoint: server.url, region: 'ap-southeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });
  afterAll(() => server.close());

  const call = (target: string | undefined, body: string, method = 'POST') =>
    signedRequest(server.url, {
      method,
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', ...(target === undefined ? {} : { 'x-amz-target': target }) },
      body,
    }, { service: 'kms' });

  describe('decode', () => {
    it('takes the operation from X-Amz-Target and the input from the JSON body, as the SDK sends them', async () => {
      const out = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/a', GrantTokens: ['t'] }));
      expect(out.KeyMetadata?.KeyId).toBe('alias/a');
      expect((out as unknown as { Echo: unknown }).Echo).toBeUndefined(); // not a member of the output shape: the SDK drops it
      const raw = await call('TrentService.DescribeKey', '{"KeyId":"k","GrantTokens":["t"]}');
      expect(JSON.parse(raw.body).Echo).toEqual({ KeyId: 'k', GrantTokens: ['t'] });
    });

    it('reads an empty body as an empty input', async () => {
      // GenerateRandom: no member is required, so the model's check lets an empty input through
      const raw = await call('TrentService.GenerateRandom', '');
      expect(raw.status).toBe(200);
      expect(JSON.parse(raw.body).Echo).toEqual({});
    });

    it('refuses a body that is not a JSON object with SerializationException', async () => {
      for (const body of ['{"KeyId":', '[1]', '"k"', 'null']) {
        const raw = await call('TrentService.DescribeKey', body);
        expect([raw.status, errorCode(raw)]).toEqual([400, 'SerializationException']);
      }
    });

    it('refuses a missing, foreign or unknown target, and any method but POST, with UnknownOperationException', async () => {
      const missing = await call(undefined, '{}');
      const foreign = await call('Logs_20140328.DescribeKey', '{}');
      const unknown = await call('TrentService.ReplicateKey', '{}');
      const get = await call('TrentService.DescribeKey', '', 'GET');
      expect([missing.status, JSON.parse(missing.body)]).toEqual([400, { __type: 'UnknownOperationException', message: 'Missing X-Amz-Target header' }]);
      expect([foreign.status, JSON.parse(foreign.body)]).toEqual([400, { __type: 'UnknownOperationException', message: 'Unknown operation Logs_20140328.DescribeKey' }]);
      expect([unknown.status, JSON.parse(unknown.body)]).toEqual([400, { __type: 'UnknownOperationException', message: 'Unknown operation TrentService.ReplicateKey' }]);
      expect([get.status, errorCode(get)]).toEqual([400, 'UnknownOperationException']);
    });
  });

  describe('encode', () => {
    it('answers application/x-amz-json-1.1 with timestamps as epoch seconds and undefined members left out', async () => {
      const raw = await call('TrentService.DescribeKey', '{"KeyId":"k"}');
      expect(raw.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(JSON.parse(raw.body).KeyMetadata).toEqual({ KeyId: 'k', CreationDate: 1_700_000_000.5, Enabled: true });
      const sdk = await kms.send(new DescribeKeyCommand({ KeyId: 'k' }));
      expect(sdk.KeyMetadata?.CreationDate).toEqual(CREATED);
    });

    it('sends blobs base64, which the SDK reads back as bytes', async () => {
      const raw = await call('TrentService.GenerateRandom', '{}');
      expect(JSON.parse(raw.body)).toEqual({ Plaintext: 'AAEC/w==', Echo: {} });
      const sdk = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 4 }));
      expect([...sdk.Plaintext!]).toEqual([0, 1, 2, 255]);
    });

    it('answers an operation without output with 200 and an empty body', async () => {
      const raw = await call('TrentService.EnableKey', '{"KeyId":"k"}');
      expect([raw.status, raw.body]).toEqual([200, '']);
    });
  });

  describe('errors', () => {
    it('sends {"__type", "message"} with the code in X-Amzn-ErrorType, and the status the SDK reads', async () => {
      const raw = await call('TrentService.ScheduleKeyDeletion', '{"KeyId":"nope"}');
      expect(raw.status).toBe(400);
      expect(raw.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(raw.headers['x-amzn-errortype']).toBe('NotFoundException');
      expect(JSON.parse(raw.body)).toEqual({ __type: 'NotFoundException', message: "Key 'nope' does not exist" });
      const thrown = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from('x') })).catch((e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => e);
      expect(thrown).toMatchObject({ name: 'InvalidCiphertextException', $metadata: { httpStatusCode: 400 } });
    });

    it('leaves the message member out when AWS sends none (KMS InvalidCiphertextException)', async () => {
      const raw = await call('TrentService.Decrypt', '{"CiphertextBlob":"eA=="}');
      expect(JSON.parse(raw.body)).toEqual({ __type: 'InvalidCiphertextException' });
    });

    it('writes extra error members beside the message and extra headers on the reply', async () => {
      // a valid input: the model's check runs before the operation
      const raw = await call('TrentService.TagResource', '{"KeyId":"k","Tags":[]}');
      expect(JSON.parse(raw.body)).toEqual({ __type: 'TagException', message: 'Tags are not allowed', Detail: 'x' });
      expect(raw.headers['x-extra']).toBe('y');
    });

    it('reaches the SDK as the modeled exception class with its message', async () => {
      const error = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: 'nope' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundException);
      expect((error as NotFoundException).message).toBe("Key 'nope' does not exist");
    });
  });
});
