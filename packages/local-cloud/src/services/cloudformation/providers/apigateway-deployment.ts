import { isNotFound, optString, ResourceProvider, reqString } from './provider';

/**
 * `AWS::ApiGateway::Deployment`: CreateDeployment (with `StageName`, a stage too). The CDK gives a changed API a
 * new deployment (new logical id), so the old one goes in the update's cleanup.
 */
export const apiDeploymentProvider: ResourceProvider = {
  type: 'AWS::ApiGateway::Deployment',
  replaceOn: ['RestApiId', 'DeploymentCanarySettings', 'StageName', 'StageDescription'],
  attributes: ['DeploymentId'],

  async create(props, ctx) {
    const out = await ctx.call<{ id: string }>('apigateway', 'CreateDeployment', {
      restApiId: reqString(props, 'RestApiId'),
      description: optString(props, 'Description'),
      stageName: optString(props, 'StageName'),
    });
    return { physicalId: out.id, attributes: { DeploymentId: out.id } };
  },

  async update(id, _before, after, ctx) {
    await ctx.call('apigateway', 'UpdateDeployment', {
      restApiId: reqString(after, 'RestApiId'),
      deploymentId: id,
      patchOperations: [{ op: 'replace', path: '/description', value: optString(after, 'Description') ?? '' }],
    });
    return undefined;
  },

  async delete(id, props, ctx) {
    const stageName = optString(props, 'StageName');
    if (stageName !== undefined) {
      // the stage this deployment made goes first: API Gateway keeps a deployment a stage points at
      try {
        await ctx.call('apigateway', 'DeleteStage', { restApiId: reqString(props, 'RestApiId'), stageName });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    await ctx.call('apigateway', 'DeleteDeployment', { restApiId: reqString(props, 'RestApiId'), deploymentId: id });
  },
};
