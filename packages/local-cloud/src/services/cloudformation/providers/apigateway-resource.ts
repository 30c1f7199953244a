import { reqString, ResourceProvider } from './provider';

/** `AWS::ApiGateway::Resource`: CreateResource / DeleteResource; every property is create-only. */
export const apiResourceProvider: ResourceProvider = {
  type: 'AWS::ApiGateway::Resource',
  replaceOn: ['PathPart', 'ParentId', 'RestApiId'],
  attributes: ['ResourceId'],

  async create(props, ctx) {
    const out = await ctx.call<{ id: string }>('apigateway', 'CreateResource', {
      restApiId: reqString(props, 'RestApiId'),
      parentId: reqString(props, 'ParentId'),
      pathPart: reqString(props, 'PathPart'),
    });
    return { physicalId: out.id, attributes: { ResourceId: out.id } };
  },

  async update() {
    return undefined;
  },

  async delete(id, props, ctx) {
    await ctx.call('apigateway', 'DeleteResource', { restApiId: reqString(props, 'RestApiId'), resourceId: id });
  },
};
