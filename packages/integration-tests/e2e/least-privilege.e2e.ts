import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { clientsFor, filterLogEvents } from '../src/clients';
import { localCloudCommand, runCdk, tsNodeApp } from '../src/deploy';
import { LEAST_PRIVILEGE as names } from '../src/least-privilege';
import { resolveTarget } from '../src/target';

/**
 * Least privilege, observed from inside a function: the test stack KmsLogsApi-authz (src/least-privilege-app.ts),
 * deployed by the real CDK CLI, has a function whose role may read one SSM parameter and one whose role has no policy.
 * Each function calls AWS with its own credentials and returns what it saw; refusals must be AWS's, word for word.
 * This file deploys its own stack and removes it (and the two parameters it creates).
 */
const target = resolveTarget();
const { lambda, logs } = clientsFor(target);
const ssm = new SSMClient(target.clientConfig);
const sts = new STSClient(target.clientConfig);
const appFile = path.join(__dirname, '..', 'src', 'least-privilege-app.ts');
const cdk = (...args: string[]) =>
  runCdk(target.kind, [...args, '--app', tsNodeApp(appFile), '--output', cdkOut, names.stackName], { ...process.env, CI: 'true' });
const cdkOut = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-logs-api-authz-'));

interface Seen<T> { ok?: T; error?: { name: string; message: string } }
interface Probe { who: Seen<string>; allowed: Seen<string>; other: Seen<string>; kms: Seen<number>; logs: Seen<number> }

async function invoke(functionName: string): Promise<{ probe: Probe; functionError?: string }> {
  const res = await lambda.send(new InvokeCommand({ FunctionName: functionName }));
  return { probe: JSON.parse(Buffer.from(res.Payload!).toString('utf8')), functionError: res.FunctionError };
}

/** AWS's refusal of an identity that no policy lets do `action` on `resource`. */
const refusal = (principal: string, action: string, resource: string) =>
  `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

describe('least privilege inside a function (KmsLogsApi-authz, deployed by the CDK CLI)', () => {
  let account: string;
  let deployed: { status: number | null; output: string };
  const region = target.region;
  const startedAt = Date.now() - 60_000;

  beforeAll(async () => {
    account = (await sts.send(new GetCallerIdentityCommand({}))).Account!;
    for (const [name, value] of [[names.allowedParameter, 'allowed'], [names.otherParameter, 'other']]) {
      await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }));
    }
    deployed = await cdk('deploy', '--require-approval', 'never');
  }, 600_000);

  afterAll(async () => {
    await cdk('destroy', '--force');
    for (const name of [names.allowedParameter, names.otherParameter]) {
      await ssm.send(new DeleteParameterCommand({ Name: name })).catch(() => undefined);
    }
    fs.rmSync(cdkOut, { recursive: true, force: true });
  }, 600_000);

  test('the stack deploys', () => {
    expect(deployed.output).not.toMatch(/AccessDenied/);
    expect(deployed.status).toBe(0);
  });

  describe('a role that may read one SSM parameter', () => {
    let probe: Probe;
    let session: string;

    beforeAll(async () => {
      const res = await invoke(names.reader.functionName);
      expect(res.functionError).toBeUndefined();
      probe = res.probe;
      session = `arn:aws:sts::${account}:assumed-role/${names.reader.roleName}/${names.reader.functionName}`;
    }, 120_000);

    test('the function runs as its execution role, session named after the function', () => {
      expect(probe.who).toEqual({ ok: session });
    });

    test('reads its one parameter', () => {
      expect(probe.allowed).toEqual({ ok: 'allowed' });
    });

    test('is refused another parameter, a KMS call and a Logs call, in AWS words', () => {
      expect(probe.other).toEqual({
        error: {
          name: 'AccessDeniedException',
          message: refusal(session, 'ssm:GetParameter', `arn:aws:ssm:${region}:${account}:parameter${names.otherParameter}`),
        },
      });
      expect(probe.kms).toEqual({ error: { name: 'AccessDeniedException', message: refusal(session, 'kms:ListKeys', '*') } });
      expect(probe.logs).toEqual({
        error: {
          name: 'AccessDeniedException',
          message: refusal(session, 'logs:DescribeLogGroups', `arn:aws:logs:${region}:${account}:log-group::log-stream:`),
        },
      });
    });

    test("its log lines are stored in its group (what the bare role's function loses)", async () => {
      const deadline = Date.now() + 60_000; // AWS ships a function's logs within seconds, rarely more
      let lines: string[] = [];
      while (!lines.some((l) => l.includes('probe done')) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        lines = (await filterLogEvents(logs, names.reader.logGroupName, '"probe done"', startedAt)).map((e) => e.message ?? '');
      }
      expect(lines.some((l) => l.includes('probe done'))).toBe(true);
    }, 90_000);
  });

  describe('a role with no policy at all', () => {
    let probe: Probe;
    let functionError: string | undefined;
    const session = () => `arn:aws:sts::${account}:assumed-role/${names.bare.roleName}/${names.bare.functionName}`;

    // locally, where the server log is and how long it was before this invocation (a line of an earlier run must not count)
    let serverLog: { file: string; from: number } | undefined;

    beforeAll(async () => {
      if (target.kind === 'local') {
        const { command, args } = localCloudCommand('ensure-running', '--json');
        const running = spawnSync(command, args, { encoding: 'utf8', env: process.env, cwd: path.join(__dirname, '..', '..', '..') });
        const { logFile } = JSON.parse(running.stdout) as { logFile: string };
        serverLog = { file: logFile, from: fs.statSync(logFile).size };
      }
      ({ probe, functionError } = await invoke(names.bare.functionName));
    }, 120_000);

    test('the function runs', () => {
      expect(functionError).toBeUndefined();
      expect(probe.who).toEqual({ ok: session() });
      expect(probe.allowed.error?.name).toBe('AccessDeniedException');
    });

    test('its log lines are not stored', async () => {
      // the platform ships logs after the invocation returns: give it the time it takes
      await new Promise((r) => setTimeout(r, 3_000));
      const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: names.bare.logGroupName }));
      expect(streams.logStreams ?? []).toEqual([]);
    });

    (target.kind === 'local' ? test : test.skip)("local-cloud's server log says which function, group and permission", async () => {
      const { file, from } = serverLog!;
      const deadline = Date.now() + 10_000;
      const dropped = () =>
        fs.readFileSync(file).subarray(from).toString('utf8').split('\n').filter((l) => l.includes('lambda: dropped') && l.includes(`for ${names.bare.logGroupName} `));
      while (dropped().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const [line] = dropped();
      expect(line).toContain('AccessDeniedException');
      expect(line).toContain(`function ${names.bare.functionName} may not write to log group ${names.bare.logGroupName}`);
      expect(line).toContain('lacks logs:CreateLogStream');
      expect(line).toContain(`User: ${session()} is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:${region}:${account}:log-group:${names.bare.logGroupName}:log-stream:`);
    });
  });
});
