import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localApiUrl, readStackOutputs, resolveTarget } from '../src/target';

const OUTPUTS = {
  ApiUrl: 'https://a1b2c3d4e5.execute-api.ap-southeast-1.amazonaws.com/v1/',
  FunctionName: 'KmsLogsApi-dev-Function',
  LogGroupName: '/kms-logs-api/dev/function',
  AccessLogGroupName: '/kms-logs-api/dev/api-access',
  KmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/0b9a2f0e-1111-2222-3333-444455556666',
  KmsKeyId: '0b9a2f0e-1111-2222-3333-444455556666',
};

function infraDirWith(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-target-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
  return dir;
}

describe('localApiUrl', () => {
  test.each([
    ['https://a1b2c3d4e5.execute-api.ap-southeast-1.amazonaws.com/v1/', 'http://127.0.0.1:4566/_aws/execute-api/a1b2c3d4e5/v1/'],
    ['https://zz9.execute-api.us-east-1.amazonaws.com/prod', 'http://127.0.0.1:4566/_aws/execute-api/zz9/prod/'],
  ])('%s -> %s', (apiUrl, expected) => {
    expect(localApiUrl(apiUrl, 'http://127.0.0.1:4566/')).toBe(expected);
  });

  test('refuses a URL that is not a stage URL', () => {
    expect(() => localApiUrl('https://example.com/v1/', 'http://127.0.0.1:4566')).toThrow(/not an API Gateway stage URL/);
  });
});

describe('readStackOutputs', () => {
  test('says how to deploy when the outputs file is missing', () => {
    expect(() => readStackOutputs('/nonexistent/cdk-outputs.local.json', 'KmsLogsApi-dev')).toThrow(
      /Deploy first: npx nx run infra:deploy/,
    );
  });

  test('names the missing outputs', () => {
    const dir = infraDirWith({ 'o.json': { 'KmsLogsApi-dev': { ApiUrl: OUTPUTS.ApiUrl } } });
    expect(() => readStackOutputs(path.join(dir, 'o.json'), 'KmsLogsApi-dev')).toThrow(
      /lacks outputs FunctionName, LogGroupName, AccessLogGroupName, KmsKeyArn, KmsKeyId/,
    );
  });

  test('names the stacks it found when the wanted one is absent', () => {
    const dir = infraDirWith({ 'o.json': { 'KmsLogsApi-prod': OUTPUTS } });
    expect(() => readStackOutputs(path.join(dir, 'o.json'), 'KmsLogsApi-dev')).toThrow(/found: KmsLogsApi-prod/);
  });
});

describe('resolveTarget', () => {
  test('local: loopback endpoint, test credentials, execute-api route', () => {
    const dir = infraDirWith({ 'cdk-outputs.local.json': { 'KmsLogsApi-dev': OUTPUTS } });
    const target = resolveTarget({ LOCAL_CLOUD_PORT: '4999' }, dir);
    expect(target).toMatchObject({
      kind: 'local',
      region: 'ap-southeast-1',
      apiBaseUrl: 'http://127.0.0.1:4999/_aws/execute-api/a1b2c3d4e5/v1/',
      clientConfig: { endpoint: 'http://127.0.0.1:4999', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
    });
  });

  test('aws: no endpoint, ambient credentials, region of the deployed key', () => {
    const dir = infraDirWith({ 'cdk-outputs.aws.json': { 'KmsLogsApi-qa': OUTPUTS } });
    const target = resolveTarget({ E2E_TARGET: 'aws', ENVIRONMENT_SUFFIX: 'qa' }, dir);
    expect(target.clientConfig).toEqual({ region: 'eu-west-1' });
    expect(target.apiBaseUrl).toBe(OUTPUTS.ApiUrl);
  });

  test('refuses an unknown target', () => {
    expect(() => resolveTarget({ E2E_TARGET: 'staging' }, '/tmp')).toThrow(/must be 'local' or 'aws'/);
  });
});
