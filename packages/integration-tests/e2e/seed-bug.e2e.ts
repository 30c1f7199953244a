import { CloudFormationClient, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { clientsFor } from '../src/clients';
import { runInfraDeploy } from '../src/deploy';
import { resolveTarget } from '../src/target';

/**
 * The seed's bug, deployed for real: the stack with the seed's original key policy (account root
 * only, no CloudWatch Logs statement) and the synth-time guard switched off by the test-only flags.
 * The deploy must fail where AWS fails it — creating the encrypted log group — and roll back cleanly;
 * the fixed stack then deploys. This file deploys its own stack (KmsLogsApi-seedbug) and removes it.
 */
const target = resolveTarget();
const { logs } = clientsFor(target);
const cloudformation = new CloudFormationClient(target.clientConfig);
const suffix = 'seedbug';
const stackName = `KmsLogsApi-${suffix}`;
const deployScriptRun = (action: 'deploy' | 'destroy', ...cdkArgs: string[]) =>
  runInfraDeploy(action, target.kind, cdkArgs, { ...process.env, ENVIRONMENT_SUFFIX: suffix, CI: 'true' });

const deploy = (...cdkArgs: string[]) => deployScriptRun('deploy', ...cdkArgs);

describe("the seed's key policy fails the deploy as on AWS", () => {
  const groupArn = `arn:aws:logs:${target.region}:`;
  let broken: { status: number | null; output: string };

  beforeAll(async () => {
    broken = await deploy('--context', 'kmsLogsApi:testKeyPolicy=seed-broken', '--context', 'kmsLogsApi:guard=off');
  }, 600_000);

  afterAll(async () => {
    // whatever state the test left, the stack goes (the CLI also deletes a ROLLBACK_COMPLETE stack)
    await deployScriptRun('destroy');
  }, 600_000);

  test('the deploy fails with AccessDeniedException naming the log group', () => {
    expect(broken.status).not.toBe(0);
    expect(broken.output).toMatch(/The specified KMS key does not exist or is not allowed to be used with Arn 'arn:aws:logs:[^']+:log-group:\/kms-logs-api\/seedbug\//);
  });

  test("the log group's stack event carries AWS's error, and the stack rolled back", async () => {
    const stack = (await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0];
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = (await cloudformation.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents!;
    const failed = events.filter((e) => e.ResourceStatus === 'CREATE_FAILED' && e.ResourceType === 'AWS::Logs::LogGroup');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].ResourceStatusReason).toContain('AccessDeniedException');
    expect(failed[0].ResourceStatusReason).toContain(`is not allowed to be used with Arn '${groupArn}`);
  });

  test('nothing is left behind', async () => {
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/kms-logs-api/${suffix}/` }));
    expect(groups.logGroups ?? []).toEqual([]);
  });

  test('the fixed stack then deploys', async () => {
    const fixed = await deploy();
    expect(fixed.output).not.toMatch(/AccessDenied/);
    expect(fixed.status).toBe(0);
  }, 600_000);
});
