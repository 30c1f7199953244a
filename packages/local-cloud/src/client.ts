/**
 * What a tool needs to reach local-cloud, without loading the server: its endpoint, region, account and keys,
 * the environment that points the AWS SDK v3 (and so the CDK CLI and AWS CLI) at it, and where it serves a
 * deployed API Gateway stage. Import it as `@kms-logs-api/local-cloud/lib/client`; the CLI's `exec`/`cdk`
 * commands use the same facts, so a script run under them needs none of this.
 */
import * as path from 'node:path';
import { DEFAULT_ACCOUNT_ID, DEFAULT_CREDENTIALS, DEFAULT_PORT, DEFAULT_REGION } from './core/defaults';

export { DEFAULT_ACCOUNT_ID, DEFAULT_CREDENTIALS, DEFAULT_PORT, DEFAULT_REGION } from './core/defaults';
export { EXECUTE_API_PREFIX, localApiUrl, parseStageUrl, type StageUrl } from './services/apigateway/execute-api-url';

/** local-cloud's endpoint on loopback for the port in `LOCAL_CLOUD_PORT` (default 4566). */
export function localEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return `http://127.0.0.1:${env.LOCAL_CLOUD_PORT || DEFAULT_PORT}`;
}

/** Options for any AWS SDK v3 client that talks to local-cloud at `endpoint`. */
export function localClientConfig(endpoint: string = localEndpoint()): {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  return { region: DEFAULT_REGION, endpoint, credentials: { ...DEFAULT_CREDENTIALS } };
}

/**
 * Variables that would send a local run to a real account or another endpoint: a profile, a session, a role to
 * assume, container or instance credentials, a per-service endpoint, the switch that makes the SDK ignore
 * AWS_ENDPOINT_URL, FIPS/dual-stack endpoint choices. They are removed, never passed on.
 */
const REAL_ACCOUNT_VARIABLES = [
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
];

/**
 * The environment of a child process that must talk to local-cloud at `endpoint` and nothing else: `base`
 * without any real account's credentials or endpoints, plus AWS_ENDPOINT_URL, the `test` keys, the region, the
 * CDK CLI's default environment, and (with `stateDir`) a CDK cache of its own, so a local run never touches the
 * `~/.cdk` of real deployments.
 */
export function localEnvironment(endpoint: string, base: NodeJS.ProcessEnv = process.env, stateDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (REAL_ACCOUNT_VARIABLES.includes(key) || key.startsWith('AWS_ENDPOINT_URL_')) continue;
    env[key] = value;
  }
  return {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
    AWS_REGION: DEFAULT_REGION,
    AWS_DEFAULT_REGION: DEFAULT_REGION,
    CDK_DEFAULT_ACCOUNT: DEFAULT_ACCOUNT_ID,
    CDK_DEFAULT_REGION: DEFAULT_REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(stateDir ? { CDK_HOME: path.join(stateDir, 'cdk-home') } : {}),
  };
}
