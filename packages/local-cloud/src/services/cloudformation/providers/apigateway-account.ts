import { randomUUID } from 'node:crypto';
import { optString, ProviderContext, ResourceProvider, ServiceCallError } from './provider';

// API Gateway checks the role right away, while a role CloudFormation just made may not have settled yet
const SETTLING = /does not have required permissions set to API Gateway/;

async function setRole(props: Record<string, unknown>, ctx: ProviderContext): Promise<void> {
  const role = optString(props, 'CloudWatchRoleArn');
  const patchOperations = [{ op: 'replace', path: '/cloudwatchRoleArn', value: role ?? '' }];
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.call('apigateway', 'UpdateAccount', { patchOperations });
      return;
    } catch (e) {
      if (!(e instanceof ServiceCallError) || !SETTLING.test(e.message) || attempt >= 3) throw e;
      await ctx.sleep(200 * attempt);
    }
  }
}

/**
 * `AWS::ApiGateway::Account`: the region's API Gateway settings (UpdateAccount `/cloudwatchRoleArn`). A
 * singleton: deleting the resource leaves the setting, as on AWS.
 */
export const apiAccountProvider: ResourceProvider = {
  type: 'AWS::ApiGateway::Account',
  replaceOn: [],
  attributes: ['Id'],

  async create(props, ctx) {
    await setRole(props, ctx);
    const id = randomUUID();
    return { physicalId: id, attributes: { Id: id } };
  },

  async update(_id, _before, after, ctx) {
    await setRole(after, ctx);
    return undefined;
  },

  async delete() {
    return undefined;
  },
};
