import { GetStageCommand } from '@aws-sdk/client-api-gateway';
import { clientsFor } from '../src/clients';
import { resolveTarget } from '../src/target';
import { EXPECTED } from './expected';

const target = resolveTarget();
const { apigateway } = clientsFor(target);
const { ApiUrl, AccessLogGroupName, KmsKeyArn } = target.outputs;

describe('the API stage', () => {
  const [, restApiId, stageName] = /^https:\/\/([a-z0-9]+)\.execute-api\.[^/]+\/([^/]+)/.exec(ApiUrl)!;
  const [, partition, , region, account] = KmsKeyArn.split(':');

  test('writes access logs with the request id to the encrypted access-log group, and throttles', async () => {
    const stage = await apigateway.send(new GetStageCommand({ restApiId, stageName }));
    expect(stageName).toBe(EXPECTED.stageName);
    // CloudFormation hands API Gateway the group's Arn attribute, which ends in ':*'
    expect(stage.accessLogSettings?.destinationArn?.replace(/:\*$/, '')).toBe(
      `arn:${partition}:logs:${region}:${account}:log-group:${AccessLogGroupName}`,
    );
    expect(stage.accessLogSettings?.format).toContain('$context.requestId');
    expect(stage.methodSettings?.['*/*']).toMatchObject({
      throttlingRateLimit: EXPECTED.throttling.rateLimit,
      throttlingBurstLimit: EXPECTED.throttling.burstLimit,
    });
  });
});
