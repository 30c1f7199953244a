import { InvalidRequestError, reqString, ResourceProvider } from './provider';

const ALIAS_NAME = /^(alias\/)[a-zA-Z0-9:/_-]+$/;

/** `AWS::KMS::Alias`: CreateAlias, UpdateAlias (a new target), DeleteAlias. `Ref` is the alias name. */
export const kmsAliasProvider: ResourceProvider = {
  type: 'AWS::KMS::Alias',
  replaceOn: ['AliasName'],
  attributes: [],

  async create(props, ctx) {
    const aliasName = reqString(props, 'AliasName');
    if (!ALIAS_NAME.test(aliasName)) {
      throw new InvalidRequestError(`#/AliasName: string [${aliasName}] does not match pattern ${ALIAS_NAME.source}`);
    }
    await ctx.creating(aliasName, () => ctx.call('kms', 'CreateAlias', { AliasName: aliasName, TargetKeyId: reqString(props, 'TargetKeyId') }));
    return { physicalId: aliasName };
  },

  async update(aliasName, _before, after, ctx) {
    await ctx.call('kms', 'UpdateAlias', { AliasName: aliasName, TargetKeyId: reqString(after, 'TargetKeyId') });
    return undefined;
  },

  async delete(aliasName, _props, ctx) {
    await ctx.call('kms', 'DeleteAlias', { AliasName: aliasName });
  },
};
