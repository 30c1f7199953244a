import { generatedName, isNotFound, optString, ResourceProvider, reqString } from './provider';

/**
 * `AWS::Lambda::Permission`: one statement of the function's resource policy (AddPermission / RemovePermission).
 * Every property is create-only. The physical id is the statement id.
 */
export const lambdaPermissionProvider: ResourceProvider = {
  type: 'AWS::Lambda::Permission',
  replaceOn: ['Action', 'EventSourceToken', 'FunctionName', 'FunctionUrlAuthType', 'Principal', 'PrincipalOrgID', 'SourceAccount', 'SourceArn'],
  attributes: ['Id'],

  async create(props, ctx) {
    const statementId = generatedName(ctx.stackName, ctx.logicalId, 100);
    await ctx.creating(statementId, () => ctx.call('lambda', 'AddPermission', {
      FunctionName: reqString(props, 'FunctionName'),
      StatementId: statementId,
      Action: reqString(props, 'Action'),
      Principal: reqString(props, 'Principal'),
      SourceArn: optString(props, 'SourceArn'),
      SourceAccount: optString(props, 'SourceAccount'),
      EventSourceToken: optString(props, 'EventSourceToken'),
      PrincipalOrgID: optString(props, 'PrincipalOrgID'),
      FunctionUrlAuthType: optString(props, 'FunctionUrlAuthType'),
    }));
    return { physicalId: statementId, attributes: { Id: statementId } };
  },

  async update() {
    return undefined;
  },

  async delete(statementId, props, ctx) {
    try {
      await ctx.call('lambda', 'RemovePermission', { FunctionName: reqString(props, 'FunctionName'), StatementId: statementId });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  },
};
