import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CliRun, cliRun, withCliStateDir } from './cli-process';

const PRINT_ENV = `console.log(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(AWS_|CDK_)/.test(k)))))`;
const API_URL = 'https://abcdefghij.execute-api.ap-southeast-1.amazonaws.com/v1/';

/** A CDK app (aws-cdk-lib of the workspace) with one log group and an `ApiUrl` output, in its own folder. */
function writeCdkApp(dir: string, stackName: string): string {
  const app = path.join(dir, 'app.js');
  fs.writeFileSync(
    app,
    `const cdk = require(${JSON.stringify(require.resolve('aws-cdk-lib'))});
const app = new cdk.App();
const stack = new cdk.Stack(app, ${JSON.stringify(stackName)});
new cdk.CfnResource(stack, 'Group', { type: 'AWS::Logs::LogGroup', properties: { LogGroupName: '/local-cloud-cli/${stackName}' } });
new cdk.CfnOutput(stack, 'ApiUrl', { value: ${JSON.stringify(API_URL)} });
new cdk.CfnOutput(stack, 'Plain', { value: 'not a url' });
app.synth();
`,
  );
  return app;
}

/** SIGKILLs the server of `stateDir` while `run` runs; its pid, `run`'s exit code and how long `run` took to end after the kill. */
async function killServerDuring(run: CliRun, stateDir: string): Promise<{ pid: number; code: number | null; endedAfterMs: number }> {
  const pid = Number(fs.readFileSync(path.join(stateDir, 'local-cloud.pid'), 'utf8').split('\n')[0]);
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  const { code } = await run.exited;
  return { pid, code, endedAfterMs: Date.now() - killedAt };
}

describe('local-cloud exec and cdk', () => {
  let stateDir: string;
  let port: number;
  let endpoint: string;
  withCliStateDir('local-cloud-exec-', (dir, free) => {
    stateDir = dir;
    port = free;
    endpoint = `http://127.0.0.1:${port}`;
  });

  it("exec: starts local-cloud, gives the command local-cloud's endpoint, keys and region and no real account's, and returns its exit code", async () => {
    // Prepare: a caller whose environment names a real account
    const real = {
      AWS_PROFILE: 'production',
      AWS_SESSION_TOKEN: 'real-session',
      AWS_ACCESS_KEY_ID: 'AKIAREAL',
      AWS_SECRET_ACCESS_KEY: 'real-secret',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: 'https://s3.example.com',
      AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
    };

    // Act
    const res = await cliRun(['exec', '--port', String(port), '--state-dir', stateDir, '--', process.execPath, '-e', PRINT_ENV], { env: real });
    const failing = await cliRun(['exec', '--port', String(port), '--state-dir', stateDir, '--', process.execPath, '-e', 'process.exit(7)']);

    // Assess
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`local-cloud started on ${endpoint}`);
    const env = JSON.parse(res.stdout) as Record<string, string>;
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'ap-southeast-1',
      AWS_DEFAULT_REGION: 'ap-southeast-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      CDK_DEFAULT_ACCOUNT: '000000000000',
      CDK_DEFAULT_REGION: 'ap-southeast-1',
      CDK_HOME: path.join(stateDir, 'cdk-home'),
    });
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_S3', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) {
      expect(env[name]).toBeUndefined();
    }
    expect({ code: failing.code, stderr: failing.stderr }).toEqual({ code: 7, stderr: '' });
  }, 120_000);

  it('exec: a command that needs a server that stops is stopped at once, with the reason and the log', async () => {
    // Prepare: a command that would run for a minute
    const run = new CliRun(['exec', '--port', String(port), '--state-dir', stateDir, '--', process.execPath, '-e', 'console.log("ready"); setTimeout(() => {}, 60000)']);
    await run.until((r) => r.stdout.includes('ready'));

    // Act
    const { pid, code, endedAfterMs } = await killServerDuring(run, stateDir);

    // Assess
    expect(endedAfterMs).toBeLessThan(5_000);
    expect(code).not.toBe(0);
    expect(run.stderr).toContain(`✖ local-cloud stopped during 'node' (pid ${pid}); 'node' was stopped at once.`);
    expect(run.stderr).toContain(`local-cloud's log (${path.join(stateDir, 'local-cloud.log')}) ends with:`);
  }, 120_000);

  /** `local-cloud cdk -- deploy <stack>` of a CDK app of its own (writeCdkApp), on this test's port and state dir. */
  const cdkDeploy = (stackName: string): string[] => {
    const app = writeCdkApp(stateDir, stackName);
    const cdkArgs = ['deploy', stackName, '--app', `node ${app}`, '--output', path.join(stateDir, 'cdk.out'), '--no-notices', '--require-approval', 'never'];
    return ['cdk', '--port', String(port), '--state-dir', stateDir, '--', ...cdkArgs];
  };

  it("cdk -- deploy: runs the workspace's CDK CLI against local-cloud, then prints where local-cloud serves the stack's API stage", async () => {
    // Act
    const res = await cliRun(cdkDeploy('CliCdkDeploy'), { env: { CI: 'true', AWS_PROFILE: 'production' } });

    // Assess: deployed to local-cloud, and the stage URL mapped (other outputs are not)
    expect({ code: res.code, stderr: res.code === 0 ? '' : res.stderr }).toEqual({ code: 0, stderr: '' });
    const cfn = new CloudFormationClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'CliCdkDeploy' }))).Stacks![0];
    cfn.destroy();
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(res.stderr).toContain(`✔ local-cloud (${endpoint}) serves the deployed API stages at:\n  CliCdkDeploy.ApiUrl: ${endpoint}/_aws/execute-api/abcdefghij/v1/\n`);
    expect(res.stderr).not.toContain('CliCdkDeploy.Plain');
    // its own outputs file is gone
    expect(fs.readdirSync(stateDir).filter((f) => f.startsWith('cdk-outputs'))).toEqual([]);
  }, 240_000);

  it('cdk -- deploy: when local-cloud is killed mid-deploy the CDK CLI is stopped at once, with the reason and the log', async () => {
    // Prepare: a deploy slow enough to interrupt (each resource waits 30 s before it completes)
    const run = new CliRun(cdkDeploy('CliCdkKilled'), { env: { CI: 'true', LOCAL_CLOUD_CFN_RESOURCE_DELAY_MS: '30000' } });
    const log = path.join(stateDir, 'local-cloud.log');
    await run.until(() => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('cloudformation.ExecuteChangeSet 200'), 180_000);

    // Act
    const { pid, code, endedAfterMs } = await killServerDuring(run, stateDir);

    // Assess: well before the CLI's own ~35 s of retries
    expect(endedAfterMs).toBeLessThan(8_000);
    expect(code).not.toBe(0);
    expect(run.stderr).toContain(`✖ local-cloud stopped during the deploy (pid ${pid}); the CDK CLI was stopped at once.`);
    expect(run.stderr).toContain(`local-cloud's log (${log}) ends with:`);
    expect(run.stderr).toContain('Run the command again: it starts local-cloud, which rolls back a stack operation the stop cut short.');
  }, 240_000);
});
