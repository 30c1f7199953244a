import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  Stack,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsService, ServiceDeps } from '../../../src/core/service';
import type { CloudFormationService } from '../../../src/services/cloudformation';
import { createProviders } from '../../../src/services/cloudformation/providers';
import type { ResourceProvider } from '../../../src/services/cloudformation/providers/provider';
import { createServices } from '../../../src/services/registry';
import { LocalCloudFixture, startLocalCloud } from '../../helpers/local-cloud';

const MADE_BEFORE_THE_RESTART = 'made-before-the-restart';

/**
 * A resource type whose creation never finishes: its creating call makes a log group and never returns (a
 * `kill -9` while the service commits). The server is stopped in the middle of it.
 */
const hanging: ResourceProvider = {
  type: 'Test::Hang',
  replaceOn: [],
  attributes: [],
  create: (_props, ctx) => ctx.creating(MADE_BEFORE_THE_RESTART, async () => {
    await ctx.call('logs', 'CreateLogGroup', { logGroupName: MADE_BEFORE_THE_RESTART });
    return new Promise(() => undefined);
  }),
  update: async () => undefined,
  delete: async (physicalId, _props, ctx) => { await ctx.call('logs', 'DeleteLogGroup', { logGroupName: physicalId }); },
};

/** The registry's services, with a CloudFormation that also knows `Test::Hang`. */
function servicesWithHangingType(deps: ServiceDeps): AwsService[] {
  return createServices({ ...deps, providers: new Map([...createProviders(), [hanging.type, hanging]]) });
}

function cfnOf(lc: LocalCloudFixture): CloudFormationService {
  return lc.server.services.find((s) => s.signingName === 'cloudformation') as CloudFormationService;
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

describe('CloudFormation across a restart', () => {
  let dir: string;
  const yaml = 'Resources:\n  Meta:\n    Type: AWS::CDK::Metadata\nOutputs:\n  Id:\n    Value: !Ref Meta\n';
  let before: Stack;

  beforeAll(async () => {
    // Prepare: one stack done, one stopped in the middle of its creation
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-cfn-'));
    const first = await startLocalCloud({ dbFile: path.join(dir, 'local-cloud.db'), services: servicesWithHangingType });
    const cfn = new CloudFormationClient(first.clientConfig);
    await cfn.send(new CreateStackCommand({ StackName: 'Survivor', TemplateBody: yaml }));
    await cfnOf(first).idle();
    before = (await cfn.send(new DescribeStacksCommand({ StackName: 'Survivor' }))).Stacks![0];
    await cfn.send(new CreateStackCommand({
      StackName: 'Interrupted',
      TemplateBody: JSON.stringify({ Resources: { Meta: { Type: 'AWS::CDK::Metadata' }, Slow: { Type: 'Test::Hang', DependsOn: 'Meta' } } }),
    }));
    await waitFor(async () => {
      const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'Interrupted' }));
      return StackEvents!.some((e) => e.LogicalResourceId === 'Slow' && e.ResourceStatus === 'CREATE_IN_PROGRESS');
    });
    await first.close();
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps stacks, templates and events, and ends an interrupted creation in ROLLBACK_COMPLETE', async () => {
    // Act
    const second = await startLocalCloud({ dbFile: path.join(dir, 'local-cloud.db'), services: servicesWithHangingType });
    try {
      await cfnOf(second).idle();
      const cfn = new CloudFormationClient(second.clientConfig);

      // Assess: the finished stack is as it was
      const survivor = (await cfn.send(new DescribeStacksCommand({ StackName: 'Survivor' }))).Stacks![0];
      expect(survivor).toEqual(before);
      expect((await cfn.send(new GetTemplateCommand({ StackName: 'Survivor' }))).TemplateBody).toBe(yaml);
      const { StackResources } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'Survivor' }));
      expect(StackResources!.map((r) => [r.LogicalResourceId, r.ResourceStatus])).toEqual([['Meta', 'CREATE_COMPLETE']]);

      // the interrupted one is failed and rolled back
      const interrupted = (await cfn.send(new DescribeStacksCommand({ StackName: 'Interrupted' }))).Stacks![0];
      expect(interrupted.StackStatus).toBe('ROLLBACK_COMPLETE');
      const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'Interrupted' }))).StackEvents!.reverse()
        .map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` [${e.ResourceStatusReason}]` : ''}`);
      expect(events.slice(-8)).toEqual([
        'Slow CREATE_IN_PROGRESS',
        'Slow CREATE_FAILED [local-cloud restarted during the operation]',
        'Interrupted ROLLBACK_IN_PROGRESS [local-cloud restarted during the operation]',
        'Slow DELETE_IN_PROGRESS',
        'Slow DELETE_COMPLETE',
        'Meta DELETE_IN_PROGRESS',
        'Meta DELETE_COMPLETE',
        'Interrupted ROLLBACK_COMPLETE',
      ]);
      // what the interrupted creation had made is gone, so a redeploy cannot collide with it
      const logs = new CloudWatchLogsClient(second.clientConfig);
      expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups!.map((g) => g.logGroupName)).not.toContain(MADE_BEFORE_THE_RESTART);
    } finally {
      await second.close();
    }
  });
});
