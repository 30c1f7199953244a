import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { startLocalCloud, useLocalCloud } from '../helpers/local-cloud';
import { errorCode, rawRequest, signedRequest } from '../helpers/raw-request';

const STS_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const JSON_SSM = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' };

describe('SigV4', () => {
  const cloud = useLocalCloud();

  const clients = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const config = { ...cloud().clientConfig, credentials, maxAttempts: 1 };
    return { sts: new STSClient(config), ssm: new SSMClient(config), s3: new S3Client(config), iam: new IAMClient(config) };
  };

  it('a wrong secret is SignatureDoesNotMatch (query, S3: 403) / InvalidSignatureException (JSON: 400)', async () => {
    const { sts, ssm, s3, iam } = clients({ accessKeyId: 'test', secretAccessKey: 'wrong' });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    await expect(iam.send(new ListRolesCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    await expect(ssm.send(new GetParameterCommand({ Name: 'x' }))).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 400 } });
    await expect(s3.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    for (const c of [sts, ssm, s3, iam]) c.destroy();
  });

  it('an unknown access key is InvalidClientTokenId (query 403) / UnrecognizedClientException (JSON 400) / InvalidAccessKeyId (S3 403)', async () => {
    const { sts, ssm, s3, iam } = clients({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'test' });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    await expect(iam.send(new ListRolesCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    await expect(ssm.send(new GetParameterCommand({ Name: 'x' }))).rejects.toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 400 } });
    await expect(s3.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } });
    for (const c of [sts, ssm, s3, iam]) c.destroy();
  });

  it('a request signed 20 minutes ago is refused as each protocol refuses it', async () => {
    // Prepare
    const signingDate = new Date(Date.now() - 20 * 60 * 1000);
    // Act
    const query = await signedRequest(cloud().endpoint, { headers: FORM, body: STS_BODY }, { service: 'sts', signingDate });
    const json = await signedRequest(cloud().endpoint, { headers: JSON_SSM, body: '{"Name":"x"}' }, { service: 'ssm', signingDate });
    const s3 = await signedRequest(cloud().endpoint, { method: 'GET', path: '/' }, { service: 's3', signingDate });
    // Assess
    expect([query.status, errorCode(query)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(query.body).toContain('Signature expired');
    expect([json.status, errorCode(json)]).toEqual([400, 'InvalidSignatureException']);
    expect([s3.status, errorCode(s3)]).toEqual([403, 'RequestTimeTooSkewed']);
    expect(s3.body).toContain('<ServerTime>');
  });

  it('a request signed within the 15 minutes is accepted', async () => {
    const res = await signedRequest(cloud().endpoint, { headers: FORM, body: STS_BODY }, { service: 'sts', signingDate: new Date(Date.now() - 10 * 60 * 1000) });
    expect(res.status).toBe(200);
  });

  it('the SDK corrects its clock from the true Date header of the refusal', async () => {
    // Prepare: a client whose clock is 20 minutes slow
    const sts = new STSClient({ ...cloud().clientConfig, systemClockOffset: -20 * 60 * 1000 });
    // Act
    const first = sts.send(new GetCallerIdentityCommand({}));
    await expect(first).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    const second = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    // Assess
    expect(second.Account).toBe('000000000000');
    expect(Math.abs(sts.config.systemClockOffset)).toBeLessThan(5_000);
  });

  it('an unsigned request is MissingAuthenticationToken / AccessDenied', async () => {
    const query = await rawRequest(cloud().endpoint, { headers: FORM, body: STS_BODY });
    const json = await rawRequest(cloud().endpoint, { headers: JSON_SSM, body: '{"Name":"x"}' });
    const s3 = await rawRequest(cloud().endpoint, { method: 'GET', target: '/some-bucket' });
    expect([query.status, errorCode(query)]).toEqual([403, 'MissingAuthenticationToken']);
    expect([json.status, errorCode(json)]).toEqual([400, 'MissingAuthenticationTokenException']);
    expect([s3.status, errorCode(s3)]).toEqual([403, 'AccessDenied']);
  });

  it('a garbled Authorization header is IncompleteSignature', async () => {
    const headers = { ...FORM, authorization: 'AWS4-HMAC-SHA256 Credential=test/20250101/ap-southeast-1/sts/aws4_request', 'x-amz-date': '20250101T000000Z' };
    const res = await rawRequest(cloud().endpoint, { headers, body: STS_BODY });
    expect([res.status, errorCode(res)]).toEqual([400, 'IncompleteSignature']);
    const sigV2 = await rawRequest(cloud().endpoint, { method: 'GET', target: '/', headers: { authorization: 'AWS test:c2lnbmF0dXJl' } });
    expect([sigV2.status, errorCode(sigV2)]).toEqual([400, 'AuthorizationHeaderMalformed']);
  });

  it('an x-amz-content-sha256 that is not the body hash is XAmzContentSHA256Mismatch', async () => {
    const res = await signedRequest(cloud().endpoint, { method: 'PUT', path: '/cdk-hnb659fds-assets-000000000000-ap-southeast-1/k', headers: { 'x-amz-content-sha256': 'a'.repeat(64) }, body: 'body' }, { service: 's3' });
    expect([res.status, errorCode(res)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
  });

  it('an expired STS session is ExpiredToken', async () => {
    // Prepare: a session that ended a minute ago
    cloud().server.store.db.prepare(`INSERT INTO sts_sessions (access_key_id, secret_access_key, session_token, role_arn, assumed_role_arn, assumed_role_id, expiration)
      VALUES ('ASIAEXPIREDEXPIRED00', 'secret', 'token', 'arn:aws:iam::000000000000:role/r', 'arn:aws:sts::000000000000:assumed-role/r/s', 'AROAX:s', ?)`).run(Date.now() - 60_000);
    const sts = new STSClient({ ...cloud().clientConfig, maxAttempts: 1, credentials: { accessKeyId: 'ASIAEXPIREDEXPIRED00', secretAccessKey: 'secret', sessionToken: 'token' } });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
    sts.destroy();
  });

  describe('with verification off', () => {
    const open = useLocalCloud({}, { verifySignatures: false });

    it('accepts a wrong secret, an unknown key and no signature at all', async () => {
      const sts = new STSClient({ ...open().clientConfig, credentials: { accessKeyId: 'anyone', secretAccessKey: 'wrong' } });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::000000000000:root');
      sts.destroy();
      const unsigned = await rawRequest(open().endpoint, { headers: FORM, body: STS_BODY });
      expect(unsigned.status).toBe(200);
      expect(unsigned.body).toContain('<Account>000000000000</Account>');
    });

    it('is what LOCAL_CLOUD_VERIFY_SIGNATURES=0 selects', async () => {
      process.env.LOCAL_CLOUD_VERIFY_SIGNATURES = '0';
      const env = await startLocalCloud();
      delete process.env.LOCAL_CLOUD_VERIFY_SIGNATURES;
      const res = await rawRequest(env.endpoint, { headers: FORM, body: STS_BODY });
      await env.close();
      expect(res.status).toBe(200);
    });
  });
});
