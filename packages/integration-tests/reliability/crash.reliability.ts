import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { clientsFor } from '../src/clients';
import { spawnInfraDeploy } from '../src/deploy';
import { LOCAL_REGION, localApiUrl } from '../src/target';
import {
  ENDPOINT,
  REPO_ROOT,
  allEvents,
  currentTarget,
  ensureRunning,
  integrityCheck,
  isRunning,
  killNine,
  localCloud,
  localCloudPid,
  pool,
  preserveFile,
  recordFigure,
  requestIdOf,
  stackOutputs,
  waitFor,
  withRaisedThrottling,
} from './support';

/**
 * Reliability item 2 against the deployed stack: `kill -9` of the local-cloud process (a) during an API load and
 * (b) in the middle of a `cdk deploy` of a separate stack (KmsLogsApi-crash). After each restart: the database
 * passes `PRAGMA integrity_check`, the dev stack still serves, the interrupted stack ends complete or rolled back
 * with a reason, a redeploy succeeds, and it is destroyed again. local-cloud is left running if it was running.
 * The acknowledged-PutLogEvents half of (a) is proven in packages/local-cloud/test/reliability/crash-putlogevents.test.ts.
 */
const LOAD = Number(process.env.CRASH_LOAD_REQUESTS ?? 3_000);
const KILL_AFTER = Number(process.env.CRASH_KILL_AFTER ?? 1_000);
const CRASH_SUFFIX = 'crash';
/** How long each resource of the crash stack's deploy stabilises (`LOCAL_CLOUD_CFN_RESOURCE_DELAY_MS`). */
const RESOURCE_DELAY_MS = 300;
const OUTPUTS_FILE = path.join(REPO_ROOT, 'packages', 'infra', 'cdk-outputs.local.json');
const clientConfig = { region: LOCAL_REGION, endpoint: ENDPOINT, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

let wasRunning = false;

beforeAll(async () => {
  wasRunning = await isRunning();
  await ensureRunning();
}, 200_000);

afterAll(async () => {
  if (wasRunning) await ensureRunning();
  else await localCloud(['stop']);
}, 200_000);

async function restart(): Promise<void> {
  await ensureRunning();
  await waitFor('local-cloud health', async () => ((await fetch(`${ENDPOINT}/_local-cloud/health`)).status === 200 ? true : undefined), 120_000);
}

describe('kill -9 of local-cloud during an API load', () => {
  it(`answers again after the restart; integrity_check ok; no log line duplicated`, async () => {
    const target = await currentTarget();
    const { apigateway, logs } = clientsFor(target);
    const startTime = Date.now() - 5_000;
    const answered = new Set<string>();
    let failed = 0;
    let killedAt = 0;
    let pid = 0;

    await withRaisedThrottling(apigateway, target.outputs, async () => {
      pid = localCloudPid();
      await pool(LOAD, 32, async (i) => {
        try {
          const res = await fetch(new URL(`hello?name=Crash${i}`, target.apiBaseUrl), { signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          if (res.status === 200) answered.add(res.headers.get('x-amzn-requestid') ?? '');
          else failed++;
        } catch {
          failed++; // the server is gone
        }
        if (answered.size >= KILL_AFTER && !killedAt) {
          killedAt = Date.now();
          await killNine(pid);
        }
      });
      expect(killedAt).toBeGreaterThan(0);
      // the database as the kill left it
      expect(integrityCheck()).toBe('ok');
      await restart();
      expect(localCloudPid()).not.toBe(pid);
      // the stack serves again (its function workers come back on demand)
      const after = await waitFor('the API after the restart', async () => {
        const res = await fetch(new URL('health', target.apiBaseUrl));
        return res.status === 200 ? res : undefined;
      }, 120_000, 1_000);
      expect(after.status).toBe(200);
    });

    // log lines: each at most once, and only for requests that were sent
    const lines = (await allEvents(logs, target.outputs.AccessLogGroupName, startTime))
      .map((e) => JSON.parse(e.message!) as { requestId?: string; resourcePath?: string; path?: string })
      .filter((l) => answered.has(l.requestId ?? ''));
    const perId = new Map<string, number>();
    for (const l of lines) perId.set(l.requestId!, (perId.get(l.requestId!) ?? 0) + 1);
    const handlerIds = new Set((await allEvents(logs, target.outputs.LogGroupName, startTime)).map((e) => requestIdOf(e.message)).filter((id) => id && answered.has(id)));
    expect([...perId].filter(([, n]) => n > 1)).toEqual([]);
    recordFigure(`crash-api-load: 1 SIGKILL survived after ${answered.size} answered requests (${failed} cut off), integrity_check ok, access lines kept for ${perId.size}/${answered.size} answered requests, handler lines ${handlerIds.size}/${answered.size} (log delivery is asynchronous, as on AWS), duplicated 0`);
    for (const c of Object.values(clientsFor(target))) c.destroy();
  }, 600_000);
});

/** Runs infra's deploy script for the crash stack; resolves its exit code. */
function deployScript(action: 'deploy' | 'destroy', onSpawn?: (pid: number) => void): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawnInfraDeploy(action, 'local', { ...process.env, ENVIRONMENT_SUFFIX: CRASH_SUFFIX, CI: 'true' }, { cwd: REPO_ROOT, detached: true });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    if (child.pid) onSpawn?.(child.pid);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('kill -9 of local-cloud in the middle of a cdk deploy', () => {
  const stackName = `KmsLogsApi-${CRASH_SUFFIX}`;
  const restoreOutputs = preserveFile(OUTPUTS_FILE);
  afterAll(async () => {
    // never leave the crash stack behind, whatever failed above
    if (await isRunning()) {
      const cfn = new CloudFormationClient(clientConfig);
      const exists = await cfn.send(new DescribeStacksCommand({ StackName: stackName })).then(() => true, () => false);
      cfn.destroy();
      if (exists) await deployScript('destroy');
    }
    restoreOutputs();
  }, 600_000);

  it('ends the interrupted stack cleanly (complete, or rolled back with a reason); integrity_check ok; redeploy and destroy succeed', async () => {
    const cfn = new CloudFormationClient(clientConfig);
    const status = async () => {
      const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
      return Stacks?.[0];
    };
    const leftBehind = async () => {
      const lambda = new LambdaClient(clientConfig);
      const logs = new CloudWatchLogsClient(clientConfig);
      try {
        const { Functions } = await lambda.send(new ListFunctionsCommand({}));
        const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/kms-logs-api/${CRASH_SUFFIX}/` }));
        return {
          functions: (Functions ?? []).map((f) => f.FunctionName).filter((n) => n?.endsWith(`-${CRASH_SUFFIX}`)),
          logGroups: (logGroups ?? []).map((g) => g.logGroupName),
        };
      } finally {
        lambda.destroy();
        logs.destroy();
      }
    };
    // Prepare: no crash stack from an earlier run; local-cloud restarted with each resource taking
    // RESOURCE_DELAY_MS to stabilise. A local deploy is otherwise in CREATE_IN_PROGRESS for well under 100 ms,
    // too short for a poller to be sure to see it (on AWS it lasts minutes).
    if (await status().catch(() => undefined)) expect((await deployScript('destroy')).code).toBe(0);
    await localCloud(['stop']);
    await ensureRunning({ LOCAL_CLOUD_CFN_RESOURCE_DELAY_MS: String(RESOURCE_DELAY_MS) });

    // Act: deploy, and kill local-cloud once CloudFormation is creating the resources
    let deployPid = 0;
    let deployEnded: { code: number; output: string } | undefined;
    const deploying = deployScript('deploy', (p) => (deployPid = p));
    void deploying.then((r) => (deployEnded = r));
    const serverPid = localCloudPid();
    const seen = await waitFor('CREATE_IN_PROGRESS', async () => {
      if (deployEnded) return 'the deploy ended first';
      const s = await status();
      return s?.StackStatus === 'CREATE_IN_PROGRESS' ? s.StackStatus : undefined;
    }, 300_000, 50);
    expect(seen === 'CREATE_IN_PROGRESS' ? seen : `${seen}: ${deployEnded?.output.slice(-2_000)}`).toBe('CREATE_IN_PROGRESS');
    const killedAt = Date.now();
    await killNine(serverPid);
    // the deploy script watches local-cloud: it ends the CLI (which would retry for ~35 s) and says what happened
    let timer: NodeJS.Timeout | undefined;
    const endedItself = await Promise.race([deploying, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), 60_000)))]);
    clearTimeout(timer);
    const secondsToFail = (Date.now() - killedAt) / 1000;
    if (!endedItself) {
      try {
        process.kill(-deployPid, 'SIGKILL'); // end the group we started
      } catch {
        // gone already
      }
    }
    const interrupted = await deploying;
    expect({ endedItself: endedItself !== undefined, failed: interrupted.code !== 0, explained: interrupted.output.includes('local-cloud stopped during the deploy') })
      .toEqual({ endedItself: true, failed: true, explained: true });
    restoreOutputs();

    // Assess: the database as the kill left it, then the stack after the restart
    expect(integrityCheck()).toBe('ok');
    await restart();
    const end = await waitFor('a terminal stack state', async () => {
      const s = await status();
      return s && !s.StackStatus!.endsWith('_IN_PROGRESS') ? s : undefined;
    }, 180_000, 500);
    expect(['CREATE_COMPLETE', 'ROLLBACK_COMPLETE']).toContain(end.StackStatus);
    if (end.StackStatus === 'ROLLBACK_COMPLETE') {
      expect(end.StackStatusReason).toEqual(expect.stringMatching(/\S/));
      // the rollback left nothing behind that the redeploy's named resources could collide with
      expect(await leftBehind()).toEqual({ functions: [], logGroups: [] });
    }
    expect(integrityCheck()).toBe('ok');

    // a redeploy succeeds, and the redeployed API answers
    const redeploy = await deployScript('deploy');
    restoreOutputs();
    expect({ code: redeploy.code, tail: redeploy.code === 0 ? '' : redeploy.output.slice(-2_000) }).toEqual({ code: 0, tail: '' });
    expect((await status())?.StackStatus).toMatch(/^(CREATE|UPDATE)_COMPLETE$/);
    const outputs = await stackOutputs(cfn, stackName);
    const health = await fetch(new URL('health', localApiUrl(outputs!.ApiUrl, ENDPOINT)));
    expect(health.status).toBe(200);

    // the dev stack was not disturbed
    const dev = await currentTarget();
    expect((await fetch(new URL('health', dev.apiBaseUrl))).status).toBe(200);

    const destroyed = await deployScript('destroy');
    restoreOutputs();
    expect(destroyed.code).toBe(0);
    recordFigure(`crash-deploy: 1 SIGKILL survived mid cdk deploy (the deploy failed ${secondsToFail.toFixed(1)} s after the kill, saying why; stack ${end.StackStatus}: ${end.StackStatusReason ?? '-'}), integrity_check ok, redeploy ok, destroy ok`);
    cfn.destroy();
  }, 1_200_000);
});
