import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, TagResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { logGroupArn } from '../../../src/core/arns/logs';
import type { LogsService } from '../../../src/services/logs';
import { ACCOUNT, REGION } from '../../helpers/account';
import { useLocalCloud } from '../../helpers/local-cloud';
import { signedRequest } from '../../helpers/raw-request';
import { expectError } from '../../helpers/sdk-errors';

/**
 * What CloudWatch Logs checks beyond its service model, now that the request pipeline owns the model's constraints:
 * null members read as absent, reserved tag keys, and in-process writers (which bypass the pipeline) held to the
 * model's batch rules.
 */
const cloud = useLocalCloud({ logs: [CloudWatchLogsClient, { maxAttempts: 1 }] });
const { logs } = cloud;
const scope = { accountId: ACCOUNT, region: REGION };
const backend = () => cloud().service<LogsService>('logs').backend;
const call = (operation: string, body: unknown) => signedRequest(
  cloud().endpoint,
  { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${operation}` }, body: JSON.stringify(body) },
  { service: 'logs', region: REGION },
);

describe('CloudWatch Logs input beyond the model', () => {
  it('reads a null optional member as absent, as AWS does (JSON null is no value)', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/rules/nulls' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/rules/nulls', logStreamName: 's' }));
    const groups = await call('DescribeLogGroups', { logGroupNamePrefix: null, logGroupNamePattern: null, nextToken: null, limit: null, logGroupClass: null });
    const streams = await call('DescribeLogStreams', { logGroupName: '/rules/nulls', logGroupIdentifier: null, nextToken: null, orderBy: null });
    const events = await call('FilterLogEvents', { logGroupName: '/rules/nulls', logStreamNames: null, logStreamNamePrefix: null, filterPattern: null, nextToken: null });
    const created = await call('CreateLogGroup', { logGroupName: '/rules/nulls-2', kmsKeyId: null, logGroupClass: null, tags: null });
    expect([groups.status, streams.status, events.status, created.status]).toEqual([200, 200, 200, 200]);
    expect(JSON.parse(groups.body).logGroups.map((g: { logGroupName: string }) => g.logGroupName)).toContain('/rules/nulls');
    expect(JSON.parse(streams.body).logStreams).toHaveLength(1);
  });

  it('refuses tag keys beginning aws: (the model\'s TagKey pattern allows them; AWS reserves them)', async () => {
    await expectError(
      logs.send(new CreateLogGroupCommand({ logGroupName: '/rules/reserved', tags: { 'aws:owner': 'me' } })),
      'InvalidParameterException',
      /reserved/,
    );
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/rules/reserved' }));
    await expectError(
      logs.send(new TagResourceCommand({ resourceArn: logGroupArn(scope, '/rules/reserved'), tags: { 'AWS:team': 'x' } })),
      'InvalidParameterException',
      /reserved/,
    );
  });

  it('holds in-process writers to the model\'s batch rules they bypass (no empty batch, no empty message)', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/rules/delivered' }));
    expect(() => backend().deliverLogEvents('/rules/delivered', 's', [], scope)).toThrow(/'logEvents' failed to satisfy constraint/);
    expect(() => backend().deliverLogEvents('/rules/delivered', 's', [{ timestamp: Date.now(), message: '' }], scope))
      .toThrow("1 validation error detected: Value '' at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });
});
