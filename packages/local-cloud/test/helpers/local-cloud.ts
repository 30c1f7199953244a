// the SDK's "node >= 22 from 2027" notice would otherwise open every test file's output
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { startServer, type LocalCloudServer, type ServerOptions } from '../../src/server';

/** What an SDK v3 client needs to talk to the test server. */
export interface LocalCloudClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** A client config for `endpoint` in `region` that does not retry, so a test sees the first answer (`maxAttempts: 1`). */
export function singleAttemptConfig(endpoint: string, region = 'ap-southeast-1'): LocalCloudClientConfig & { maxAttempts: number } {
  return { endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
}

export interface LocalCloudFixture {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Spread into any `@aws-sdk/client-*` constructor: `new KMSClient(lc.clientConfig)`. */
  readonly clientConfig: LocalCloudClientConfig;
  readonly server: LocalCloudServer;
  close(): Promise<void>;
}

/**
 * Starts local-cloud on a random port with an in-memory database, signatures verified.
 *
 * @example
 * let lc: LocalCloudFixture;
 * beforeAll(async () => { lc = await startLocalCloud(); });
 * afterAll(() => lc.close());
 * it('works', async () => { await new STSClient(lc.clientConfig).send(new GetCallerIdentityCommand({})); });
 */
export async function startLocalCloud(opts: ServerOptions = {}): Promise<LocalCloudFixture> {
  const server = await startServer({ port: 0, dbFile: ':memory:', ...opts });
  return {
    endpoint: server.url,
    clientConfig: {
      endpoint: server.url,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    },
    server,
    close: () => server.close(),
  };
}

/**
 * One local-cloud for a test file: started before its tests, closed after them.
 *
 * @example
 * const cloud = useLocalCloud();
 * it('works', async () => { await new KMSClient(cloud().clientConfig).send(new ListKeysCommand({})); });
 */
export function useLocalCloud(opts: ServerOptions = {}): () => LocalCloudFixture {
  let fixture: LocalCloudFixture | undefined;
  beforeAll(async () => {
    fixture = await startLocalCloud(opts);
  });
  afterAll(async () => {
    await fixture?.close();
  });
  return () => {
    if (!fixture) throw new Error('local-cloud is not started: call cloud() inside a test');
    return fixture;
  };
}
