import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { logGroupArn } from '../../../src/core/arns/logs';
import type { LogsService } from '../../../src/services/logs';
import { ACCOUNT, REGION } from '../../helpers/account';
import { policyDocument, rootStatement } from '../../helpers/key-policies';
import { useLocalCloud } from '../../helpers/local-cloud';

/**
 * The LogsBackend as in-process callers use it (Lambda's log shipper, API Gateway's access logs), checked through
 * the wire API with the AWS SDK: what the backend does is what a client then sees.
 */
const cloud = useLocalCloud({ logsClient: CloudWatchLogsClient });
const { logsClient } = cloud;
const scope = { accountId: ACCOUNT, region: REGION };
const backend = () => cloud().service<LogsService>('logs').backend;

describe('LogsBackend', () => {
  it('creates a group a client then describes, tagged', async () => {
    backend().createLogGroup({ logGroupName: '/backend/created', tags: { team: 'a' } }, scope);
    expect(backend().logGroupExists('/backend/created', scope)).toBe(true);
    const { logGroups } = await logsClient.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/backend/created' }));
    expect(logGroups?.map((g) => g.logGroupName)).toEqual(['/backend/created']);
    const { tags } = await logsClient.send(new ListTagsForResourceCommand({ resourceArn: logGroupArn(scope, '/backend/created') }));
    expect(tags).toEqual({ team: 'a' });
  });

  it('delivers events into a stream it creates, on the same path as PutLogEvents', async () => {
    backend().createLogGroup({ logGroupName: '/backend/delivered' }, scope);
    const t = Date.now();
    const out = backend().deliverLogEvents('/backend/delivered', 'stream-1', [{ timestamp: t, message: 'one' }, { timestamp: t + 1, message: 'two' }], scope);
    expect(out.nextSequenceToken).toMatch(/^\d+$/);
    backend().deliverLogEvents('/backend/delivered', 'stream-1', [{ timestamp: t + 2, message: 'three' }], scope);
    const { logStreams } = await logsClient.send(new DescribeLogStreamsCommand({ logGroupName: '/backend/delivered' }));
    expect(logStreams?.map((s) => s.logStreamName)).toEqual(['stream-1']);
    const { events } = await logsClient.send(new GetLogEventsCommand({ logGroupName: '/backend/delivered', logStreamName: 'stream-1', startFromHead: true }));
    expect(events?.map((e) => e.message)).toEqual(['one', 'two', 'three']);
  });

  it("refuses a delivery to a missing group with CloudWatch Logs' own error", () => {
    expect(() => backend().deliverLogEvents('/backend/missing', 's', [{ timestamp: Date.now(), message: 'x' }], scope))
      .toThrow(expect.objectContaining({ code: 'ResourceNotFoundException', message: 'The specified log group does not exist.' }));
  });

  it('applies the batch rules to a delivery as to PutLogEvents (chronological order)', () => {
    backend().createLogGroup({ logGroupName: '/backend/order' }, scope);
    const t = Date.now();
    expect(() => backend().deliverLogEvents('/backend/order', 's', [{ timestamp: t, message: 'b' }, { timestamp: t - 1, message: 'a' }], scope))
      .toThrow(expect.objectContaining({ code: 'InvalidParameterException', message: 'Log events in a single PutLogEvents request must be in chronological order.' }));
  });

  it('refuses a key whose policy does not let CloudWatch Logs use it, and creates nothing', async () => {
    const kms = new KMSClient(cloud().clientConfig);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Policy: policyDocument(rootStatement) }));
    expect(() => backend().createLogGroup({ logGroupName: '/backend/refused', kmsKeyId: KeyMetadata!.Arn }, scope)).toThrow(
      expect.objectContaining({
        code: 'AccessDeniedException',
        message: `The specified KMS key does not exist or is not allowed to be used with Arn '${logGroupArn(scope, '/backend/refused')}'`,
      }),
    );
    expect(backend().logGroupExists('/backend/refused', scope)).toBe(false);
  });

  it('keeps each scope apart, and finds a group by ARN in the scope the ARN names', () => {
    const elsewhere = { accountId: ACCOUNT, region: 'eu-west-1' };
    backend().createLogGroup({ logGroupName: '/backend/regional' }, elsewhere);
    expect(backend().logGroupExists('/backend/regional', scope)).toBe(false);
    expect(backend().listTagsForResource({ resourceArn: logGroupArn(elsewhere, '/backend/regional') })).toEqual({ tags: {} });
    const identifier = `${logGroupArn(elsewhere, '/backend/regional')}:*`;
    expect(backend().filterLogEvents({ logGroupIdentifier: identifier }, scope).events).toEqual([]);
  });
});
