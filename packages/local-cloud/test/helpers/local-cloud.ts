// the SDK's "node >= 22 from 2027" notice would otherwise open every test file's output
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import type { AwsService } from '../../src/core/service';
import { startServer, type LocalCloudServer, type ServerOptions } from '../../src/server';
import type { CloudFormationService } from '../../src/services/cloudformation';
import { REGION } from './account';

/** What an SDK v3 client needs to talk to the test server. */
export interface LocalCloudClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** The region and the `test` key every client of the test server signs with (the account root). */
const SIGNING = { region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

/** A client config for `endpoint` in `region` that does not retry, so a test sees the first answer (`maxAttempts: 1`). */
export function singleAttemptConfig(endpoint: string, region = REGION): LocalCloudClientConfig & { maxAttempts: number } {
  return { ...SIGNING, endpoint, region, maxAttempts: 1 };
}

export interface LocalCloudFixture {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Spread into any `@aws-sdk/client-*` constructor: `new KMSClient(lc.clientConfig)`. */
  readonly clientConfig: LocalCloudClientConfig;
  readonly server: LocalCloudServer;
  /** The service of `signingName`, for what a test calls in-process (`lc.service<LambdaService>('lambda').flush()`). */
  service<T extends AwsService>(signingName: string): T;
  close(): Promise<void>;
}

/**
 * Starts local-cloud on a random port with an in-memory database, signatures verified. For one server per test file
 * or block, use `useLocalCloud`; this is for tests that start and stop their own (restarts, a database file).
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
    clientConfig: { ...SIGNING, endpoint: server.url },
    server,
    service: <T extends AwsService>(signingName: string) => {
      const found = server.services.find((s) => s.signingName === signingName);
      if (!found) throw new Error(`local-cloud has no service ${signingName}`);
      return found as T;
    },
    close: () => server.close(),
  };
}

/** An SDK v3 client class (`IAMClient`), or one with config of its own added (`[S3Client, { forcePathStyle: true }]`). */
export type ClientSpec = ClientClass | readonly [ClientClass, object];
type ClientClass = new (config: LazyClientConfig) => { destroy(): void };
/** A client config whose endpoint the SDK asks for at each request (an SDK v3 endpoint provider). */
type LazyClientConfig = Omit<LocalCloudClientConfig, 'endpoint'> & { endpoint: () => Promise<{ url: URL }> };
type ClientOf<S> = S extends readonly [infer C extends ClientClass, object] ? InstanceType<C> : S extends ClientClass ? InstanceType<S> : never;

/** What `useLocalCloud` returns: call it for the running server; each client asked for is a property. */
export type LocalCloudUse<C extends Record<string, ClientSpec>> = (() => LocalCloudFixture) & { readonly [K in keyof C]: ClientOf<C[K]> };

/**
 * One local-cloud for a test file (or `describe` block): started before its tests, closed after them, with one
 * SDK client per entry of `clients`. The clients exist from the start, so a test file can destructure them; their
 * endpoint is looked up at each request (the server's port is known only once `beforeAll` has started it).
 *
 * @example
 * const cloud = useLocalCloud({ kms: KMSClient, s3: [S3Client, { forcePathStyle: true }] });
 * const { kms } = cloud;
 * it('works', async () => { await kms.send(new ListKeysCommand({})); new SSMClient(cloud().clientConfig); });
 */
export function useLocalCloud<C extends Record<string, ClientSpec> = Record<never, ClientSpec>>(clients?: C, opts: ServerOptions = {}): LocalCloudUse<C> {
  let fixture: LocalCloudFixture | undefined;
  const cloud = (): LocalCloudFixture => {
    if (!fixture) throw new Error('local-cloud is not started: call cloud() inside a test');
    return fixture;
  };
  const config: LazyClientConfig = {
    ...SIGNING,
    // a request sent before the server runs fails here, not at some other port
    endpoint: async () => ({ url: new URL(cloud().endpoint) }),
  };
  const made = Object.entries(clients ?? {}).map(([name, spec]): [string, { destroy(): void }] => {
    // a function's own `name` and `length` cannot be replaced by a client
    if (name in cloud) throw new Error(`useLocalCloud: name the ${name} client otherwise`);
    const [Client, own] = typeof spec === 'function' ? [spec, {}] : spec;
    return [name, new Client({ ...config, ...own })];
  });
  beforeAll(async () => {
    fixture = await startLocalCloud(opts);
  });
  afterAll(async () => {
    for (const [, client] of made) client.destroy();
    // a deployment still in flight would write to the closed database: CloudFormation finishes first
    await (fixture?.server.services.find((s) => s.signingName === 'cloudformation') as CloudFormationService | undefined)?.idle();
    await fixture?.close();
  });
  return Object.assign(cloud, Object.fromEntries(made)) as LocalCloudUse<C>;
}
