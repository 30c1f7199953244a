import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AwsError } from '../../../src/core/aws-error';
import type { AwsService, CallContext } from '../../../src/core/service';
import type { CloudFormationService } from '../../../src/services/cloudformation';
import type { StackRecord } from '../../../src/services/cloudformation/engine/model';
import { StackStore } from '../../../src/services/cloudformation/engine/stack-store';
import { ServiceCallError } from '../../../src/services/cloudformation/providers/provider';
import { ProviderServiceCalls } from '../../../src/services/cloudformation/service-calls';
import { StackJobs } from '../../../src/services/cloudformation/stack-jobs';
import { Store } from '../../../src/store/store';
import { ACCOUNT, REGION, ROOT_ARN } from '../../helpers/account';
import { useLocalCloud } from '../../helpers/local-cloud';

const scope = { accountId: ACCOUNT, region: REGION };

function stackRecord(status: string, operation = true): StackRecord {
  return {
    stackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/s/${status}`, stackName: 's', accountId: ACCOUNT, region: REGION,
    status, creationTime: Date.now(), parameters: [], capabilities: [], tags: [], notificationArns: [], outputs: [],
    disableRollback: false, terminationProtection: false, lastOperations: [],
    operation: operation ? { kind: 'CREATE', operationId: 'op', phase: 'deploy', disableRollback: false, touched: [], cleanup: [] } : undefined,
  };
}

describe('StackJobs', () => {
  it('runs the operations of one stack one after another, in order', async () => {
    const jobs = new StackJobs(new StackStore(Store.open(':memory:')));
    const order: string[] = [];
    const slow = jobs.schedule('a', async () => { await new Promise((r) => setTimeout(r, 20)); order.push('first'); });
    const next = jobs.schedule('a', async () => { order.push('second'); });
    await Promise.all([slow, next]);
    await jobs.idle();
    expect(order).toEqual(['first', 'second']);
  });

  it.each([
    ['CREATE_IN_PROGRESS', 'ROLLBACK_FAILED'],
    ['UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED'],
    ['DELETE_IN_PROGRESS', 'DELETE_FAILED'],
  ])('ends a stack left %s by an engine bug in %s, with the reason', async (status, failed) => {
    const store = new StackStore(Store.open(':memory:'));
    const stack = stackRecord(status);
    store.putStack(stack);
    const jobs = new StackJobs(store);
    await jobs.schedule(stack.stackId, async () => { throw new Error('boom'); });
    const after = store.getStack(stack.stackId);
    expect(after).toMatchObject({ status: failed, statusReason: 'Internal error: boom' });
    expect(after?.operation).toBeUndefined();
  });
});

describe('ProviderServiceCalls', () => {
  const seen: CallContext[] = [];
  const logs: AwsService = {
    signingName: 'logs',
    protocol: 'awsJson1_1',
    operations: {
      CreateLogGroup: (_input, ctx) => { seen.push(ctx); return {}; },
      DeleteLogGroup: () => { throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.'); },
    },
  };
  const calls = new ProviderServiceCalls({ get: <T extends AwsService>(name: string) => (name === 'logs' ? logs : undefined) as T | undefined });

  it("calls the service's operation as the stack's account root, with the endpoint the caller reached", async () => {
    calls.noteEndpoint({ endpoint: 'http://127.0.0.1:4602' } as CallContext);
    await calls.contextFor(stackRecord('CREATE_IN_PROGRESS'), 'Group').call('logs', 'CreateLogGroup', { logGroupName: 'g' });
    expect(seen[0]).toMatchObject({ ...scope, principalArn: ROOT_ARN, callerArn: ROOT_ARN, endpoint: 'http://127.0.0.1:4602' });
  });

  it("passes a service's refusal on as a ServiceCallError with its code", async () => {
    const call = calls.contextFor(stackRecord('DELETE_IN_PROGRESS'), 'Group').call('logs', 'DeleteLogGroup', { logGroupName: 'g' });
    await expect(call).rejects.toBeInstanceOf(ServiceCallError);
    await expect(call).rejects.toMatchObject({ service: 'logs', code: 'ResourceNotFoundException', status: 400 });
  });

  it('says which service or operation local-cloud does not have yet', async () => {
    const ctx = calls.contextFor(stackRecord('CREATE_IN_PROGRESS'), 'X');
    await expect(ctx.call('sqs', 'CreateQueue', {})).rejects.toThrow('The sqs service is not available yet in local-cloud');
    await expect(ctx.call('logs', 'PutSubscriptionFilter', {})).rejects.toThrow('CloudWatch Logs PutSubscriptionFilter is not available yet in local-cloud');
    expect(ctx.has('logs', 'CreateLogGroup')).toBe(true);
    expect(ctx.has('logs', 'PutSubscriptionFilter')).toBe(false);
  });
});

describe('CloudFormationBackend', () => {
  const cloud = useLocalCloud();
  const cfn = () => cloud().service<CloudFormationService>('cloudformation');

  it('deploys a stack created through the wire; its backend and the providers see the same state', async () => {
    const template = JSON.stringify({ Resources: { Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/cfn/backend' } } } });
    await new CloudFormationClient(cloud().clientConfig).send(new CreateStackCommand({ StackName: 'backend-stack', TemplateBody: template }));
    await cfn().idle();
    const { Stacks } = cfn().backend.describeStacks({ StackName: 'backend-stack' }, scope);
    expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
    const wire = await new CloudFormationClient(cloud().clientConfig).send(new DescribeStacksCommand({ StackName: Stacks![0].StackId }));
    expect(wire.Stacks?.[0]?.StackId).toBe(Stacks![0].StackId);
    const { logGroups } = await new CloudWatchLogsClient(cloud().clientConfig).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/cfn/backend' }));
    expect(logGroups?.[0]?.arn).toBe(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/cfn/backend:*`);
  });

  it("answers a missing stack in CloudFormation's words", () => {
    expect(() => cfn().backend.describeStacks({ StackName: 'nope' }, scope))
      .toThrow(expect.objectContaining({ code: 'ValidationError', message: 'Stack with id nope does not exist' }));
  });
});
