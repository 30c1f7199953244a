import { spawn, spawnSync } from 'node:child_process';
import { useLocalCloud } from '../../helpers/local-cloud';

/**
 * Lambda's error bodies as botocore reads them: the AWS CLI v2 prints the message, and botocore's modeled member
 * (`Message` for ResourceNotFoundException, botocore lambda/2015-03-31/service-2.json) is filled. Each check is
 * skipped, with the reason in its name, when its tool is missing (`apt-get install awscli`; botocore for python3).
 */

const ARN = 'arn:aws:lambda:ap-southeast-1:000000000000:function:no-such-fn';

function awsCliV2(): string | undefined {
  for (const bin of [process.env.AWS_CLI, '/usr/bin/aws', 'aws'].filter((b): b is string => Boolean(b))) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (`${r.stdout ?? ''}${r.stderr ?? ''}`.startsWith('aws-cli/2.')) return bin;
  }
  return undefined;
}

/** A Python with botocore: the one on PATH, or the system's (Debian's python3-botocore, which .ci/run installs). */
const python = ['python3', '/usr/bin/python3'].find((bin) => spawnSync(bin, ['-c', 'import botocore'], { timeout: 30_000 }).status === 0);
const hasBotocore = python !== undefined;
const cli = awsCliV2();

/** Runs a command without blocking the event loop (the server lives in this process). */
function run(bin: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const cloud = useLocalCloud();
let env: Record<string, string>;

beforeAll(() => {
  env = {
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'ap-southeast-1',
    AWS_REGION: 'ap-southeast-1',
    AWS_ENDPOINT_URL: cloud().endpoint,
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
});

(cli ? it : it.skip)(`AWS CLI v2 prints the message of a Lambda error (${cli ?? 'skipped: no AWS CLI v2'})`, async () => {
  const out = await run(cli!, ['lambda', 'get-function', '--function-name', 'no-such-fn', '--endpoint-url', cloud().endpoint], env);
  expect(out.status).not.toBe(0);
  expect(out.stderr.trim()).toBe(`An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: ${ARN}`);
}, 90_000);

(hasBotocore ? it : it.skip)(`botocore fills Error.Message and the modeled Message member (${hasBotocore ? `${python} botocore` : 'skipped: no botocore'})`, async () => {
  const script = [
    'import json, os, botocore.session',
    'from botocore.exceptions import ClientError',
    // endpoint_url: botocore before 1.31 (Debian's python3-botocore) does not read AWS_ENDPOINT_URL
    "c = botocore.session.get_session().create_client('lambda', endpoint_url=os.environ['AWS_ENDPOINT_URL'])",
    'try:',
    "    c.get_function(FunctionName='no-such-fn')",
    'except ClientError as e:',
    "    print(json.dumps({k: v for k, v in e.response.items() if k != 'ResponseMetadata'}))",
  ].join('\n');
  const out = await run(python!, ['-c', script], env);
  expect(out.stderr).toBe('');
  expect(JSON.parse(out.stdout)).toEqual({
    Error: { Code: 'ResourceNotFoundException', Message: `Function not found: ${ARN}` },
    Type: 'User',
    Message: `Function not found: ${ARN}`,
  });
}, 90_000);
