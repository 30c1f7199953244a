import { InvalidRequestError, type ProviderContext } from '../../../../src/services/cloudformation/providers/provider';
import { logGroupProvider } from '../../../../src/services/cloudformation/providers/logs-log-group';
import { ACCOUNT, REGION } from '../../../helpers/account';

/** A provider context that records the calls the provider makes (no services behind it). */
function recordingContext(): { ctx: ProviderContext; calls: Array<[string, string, Record<string, unknown>]> } {
  const calls: Array<[string, string, Record<string, unknown>]> = [];
  const ctx: ProviderContext = {
    logicalId: 'Logs', stackName: 'stack', stackId: 'stack-id', accountId: ACCOUNT, region: REGION, endpoint: 'http://127.0.0.1',
    call: async (service, operation, input) => { calls.push([service, operation, input]); return {} as never; },
    sleep: async () => undefined,
    has: () => true,
    creating: (_id, create) => create(),
    created: () => undefined,
  };
  return { ctx, calls };
}

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

describe('AWS::Logs::LogGroup KmsKeyId', () => {
  it.each([
    ['a key ARN', `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`],
    ['an alias ARN', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/logs`],
  ])('takes %s and passes it to CreateLogGroup', async (_what, kmsKeyId) => {
    const { ctx, calls } = recordingContext();

    await logGroupProvider.create({ LogGroupName: 'g', KmsKeyId: kmsKeyId }, ctx);

    expect(calls).toEqual([['logs', 'CreateLogGroup', { logGroupName: 'g', kmsKeyId }]]);
  });

  it.each([
    ['a bare key id', KEY_ID],
    ['an alias name', 'alias/logs'],
    ['an ARN of another service', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:g`],
  ])('refuses %s with the resource schema pattern, before any call', async (_what, kmsKeyId) => {
    const { ctx, calls } = recordingContext();

    const refusal = logGroupProvider.create({ LogGroupName: 'g', KmsKeyId: kmsKeyId }, ctx);

    await expect(refusal).rejects.toThrow(InvalidRequestError);
    await expect(refusal).rejects.toThrow(
      `#/KmsKeyId: string [${kmsKeyId}] does not match pattern ^arn:[a-z0-9-]+:kms:[a-z0-9-]+:\\d{12}:(key|alias)\\/.+$`,
    );
    expect(calls).toEqual([]);
  });
});
