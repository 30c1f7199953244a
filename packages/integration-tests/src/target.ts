import * as fs from 'node:fs';
import * as path from 'node:path';
// how to reach local-cloud, and where it serves a stage: local-cloud's own facts (its src/client.ts), never re-typed here
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, localApiUrl, localClientConfig, localEndpoint } from '@kms-logs-api/local-cloud/lib/client';

export { localApiUrl };

/** The stack's outputs, as `cdk deploy --outputs-file` writes them for one stack. */
export interface StackOutputs {
  readonly ApiUrl: string;
  readonly FunctionName: string;
  readonly LogGroupName: string;
  readonly AccessLogGroupName: string;
  readonly KmsKeyArn: string;
  readonly KmsKeyId: string;
}

/** Where the suite runs: the embedded local-cloud (default) or the AWS account of the ambient credentials. */
export type TargetKind = 'local' | 'aws';

/** Everything that differs between a local and an AWS run: endpoint, credentials, and how the API is reached. */
export interface Target {
  readonly kind: TargetKind;
  readonly stackName: string;
  readonly region: string;
  readonly outputs: StackOutputs;
  /** Base URL of the API stage, ending in `/`; `new URL('health', apiBaseUrl)` is the health route. */
  readonly apiBaseUrl: string;
  /** Options for every AWS SDK v3 client of the suite. */
  readonly clientConfig: {
    region: string;
    endpoint?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
  };
}

export const LOCAL_ACCOUNT = DEFAULT_ACCOUNT_ID;
export const LOCAL_REGION = DEFAULT_REGION;
const OUTPUT_KEYS: Array<keyof StackOutputs> = [
  'ApiUrl',
  'FunctionName',
  'LogGroupName',
  'AccessLogGroupName',
  'KmsKeyArn',
  'KmsKeyId',
];

/**
 * Reads the outputs file `cdk deploy --outputs-file` wrote for `stackName`, with a message that says
 * how to produce it when it is missing or incomplete.
 */
export function readStackOutputs(file: string, stackName: string): StackOutputs {
  if (!fs.existsSync(file)) {
    throw new Error(
      `No deploy outputs at ${file}. Deploy first: npx nx run infra:deploy (local) or infra:deploy:aws.`,
    );
  }
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  const outputs = all[stackName];
  if (!outputs) {
    throw new Error(`${file} has no outputs for stack ${stackName} (found: ${Object.keys(all).join(', ') || 'none'}).`);
  }
  const missing = OUTPUT_KEYS.filter((k) => typeof outputs[k] !== 'string' || outputs[k] === '');
  if (missing.length > 0) throw new Error(`${file}: stack ${stackName} lacks outputs ${missing.join(', ')}.`);
  return outputs as unknown as StackOutputs;
}

/**
 * Resolves the target from the environment: `E2E_TARGET` (`local` default, or `aws`), `ENVIRONMENT_SUFFIX`
 * (default `dev`), `LOCAL_CLOUD_PORT` (default 4566), `AWS_REGION` for AWS runs.
 */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env, infraDir = defaultInfraDir()): Target {
  const kind = (env.E2E_TARGET ?? 'local') as TargetKind;
  if (kind !== 'local' && kind !== 'aws') throw new Error(`E2E_TARGET must be 'local' or 'aws', got '${kind}'`);
  const stackName = `KmsLogsApi-${env.ENVIRONMENT_SUFFIX ?? 'dev'}`;
  const outputs = readStackOutputs(path.join(infraDir, `cdk-outputs.${kind}.json`), stackName);
  if (kind === 'local') {
    const clientConfig = localClientConfig(localEndpoint(env));
    return { kind, stackName, region: clientConfig.region, outputs, apiBaseUrl: localApiUrl(outputs.ApiUrl, clientConfig.endpoint), clientConfig };
  }
  // the region is the one the stack was deployed to, read from its own key ARN
  const region = outputs.KmsKeyArn.split(':')[3];
  return {
    kind,
    stackName,
    region,
    outputs,
    apiBaseUrl: outputs.ApiUrl.endsWith('/') ? outputs.ApiUrl : `${outputs.ApiUrl}/`,
    clientConfig: { region },
  };
}

function defaultInfraDir(): string {
  return path.resolve(__dirname, '..', '..', 'infra');
}
