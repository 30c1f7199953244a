import type * as AG from '@aws-sdk/client-api-gateway';
import { declareOperation, type DeclaredOperation } from '../../core/operation';
import { scopeOfCall, type Scope } from '../../core/scope';
import type { RestApiControlPlane } from './control-plane';
import { bool, embeds, num, obj, patch, str, strList, strMap } from './input';
import {
  accountOutput,
  deploymentOutput,
  integrationOutput,
  methodOutput,
  resourceOutput,
  restApiOutput,
  stageOutput,
} from './wire';

/** The members of an output, as `wire.ts` shapes them from a record (the model's names). */
type Out = Record<string, unknown>;

/**
 * API Gateway's REST API operations (2015-07-09), each declared once over the control plane with the AWS SDK v3
 * client's request type. The pipeline has checked required members and enums against the model (so a required
 * label is read as present); `input.ts` reads the JSON type of the body members the operation uses.
 * `roleTrustsApiGateway`: UpdateAccount's check of `cloudwatchRoleArn`.
 */
export function apiGatewayOperations(restApis: RestApiControlPlane, roleTrustsApiGateway: (roleArn: string, scope: Scope) => boolean): Record<string, DeclaredOperation> {
  const scope = scopeOfCall;
  return {
    CreateRestApi: declareOperation<AG.CreateRestApiRequest, Out>({
      run: (input, ctx) =>
      restApiOutput(
        restApis.createRestApi(scope(ctx), {
          name: str(input, 'name'),
          description: str(input, 'description'),
          version: str(input, 'version'),
          cloneFrom: str(input, 'cloneFrom'),
          binaryMediaTypes: strList(input, 'binaryMediaTypes'),
          minimumCompressionSize: num(input, 'minimumCompressionSize'),
          apiKeySource: str(input, 'apiKeySource'),
          endpointConfiguration: obj(input, 'endpointConfiguration') as never,
          policy: str(input, 'policy'),
          tags: strMap(input, 'tags'),
          disableExecuteApiEndpoint: bool(input, 'disableExecuteApiEndpoint'),
        }),
      ),
    }),
    GetRestApi: declareOperation<AG.GetRestApiRequest, Out>({
      run: (input, ctx) => restApiOutput(restApis.getRestApi(scope(ctx), input.restApiId!)),
    }),
    GetRestApis: declareOperation<AG.GetRestApisRequest, Out>({
      run: (input, ctx) => {
      const p = restApis.getRestApis(scope(ctx), str(input, 'position'), num(input, 'limit'));
      return { item: p.item.map(restApiOutput), position: p.position };
    },
    }),
    UpdateRestApi: declareOperation<AG.UpdateRestApiRequest, Out>({
      run: (input, ctx) =>
      restApiOutput(restApis.updateRestApi(scope(ctx), input.restApiId!, patch(input))),
    }),
    DeleteRestApi: declareOperation<AG.DeleteRestApiRequest, Out>({
      run: (input, ctx) => {
      restApis.deleteRestApi(scope(ctx), input.restApiId!);
      return {};
    },
    }),

    GetResources: declareOperation<AG.GetResourcesRequest, Out>({
      run: (input, ctx) => {
      const p = restApis.getResources(scope(ctx), input.restApiId!, str(input, 'position'), num(input, 'limit'));
      const embedMethods = embeds(input, 'methods');
      return { item: p.item.map((r) => resourceOutput(r, embedMethods)), position: p.position };
    },
    }),
    GetResource: declareOperation<AG.GetResourceRequest, Out>({
      run: (input, ctx) =>
      resourceOutput(
        restApis.getResource(scope(ctx), input.restApiId!, input.resourceId!),
        embeds(input, 'methods'),
      ),
    }),
    CreateResource: declareOperation<AG.CreateResourceRequest, Out>({
      run: (input, ctx) =>
      resourceOutput(
        restApis.createResource(scope(ctx), input.restApiId!, input.parentId!, input.pathPart!),
        false,
      ),
    }),
    DeleteResource: declareOperation<AG.DeleteResourceRequest, Out>({
      run: (input, ctx) => {
      restApis.deleteResource(scope(ctx), input.restApiId!, input.resourceId!);
      return {};
    },
    }),

    PutMethod: declareOperation<AG.PutMethodRequest, Out>({
      run: (input, ctx) =>
      methodOutput(
        restApis.putMethod(scope(ctx), input.restApiId!, input.resourceId!, input.httpMethod!, {
          authorizationType: str(input, 'authorizationType'),
          authorizerId: str(input, 'authorizerId'),
          apiKeyRequired: bool(input, 'apiKeyRequired'),
          operationName: str(input, 'operationName'),
          requestParameters: obj(input, 'requestParameters') as Record<string, boolean> | undefined,
          requestModels: strMap(input, 'requestModels'),
          requestValidatorId: str(input, 'requestValidatorId'),
          authorizationScopes: strList(input, 'authorizationScopes'),
        }),
      ),
    }),
    GetMethod: declareOperation<AG.GetMethodRequest, Out>({
      run: (input, ctx) =>
      methodOutput(restApis.getMethod(scope(ctx), input.restApiId!, input.resourceId!, input.httpMethod!)),
    }),
    DeleteMethod: declareOperation<AG.DeleteMethodRequest, Out>({
      run: (input, ctx) => {
      restApis.deleteMethod(scope(ctx), input.restApiId!, input.resourceId!, input.httpMethod!);
      return {};
    },
    }),
    PutIntegration: declareOperation<AG.PutIntegrationRequest, Out>({
      run: (input, ctx) => {
      // on the wire the body's `httpMethod` is the integration's verb (the route keeps the body apart from the
      // method's label); an in-process caller may pass the model's members, `integrationHttpMethod` included
      const wire = obj(input, 'body');
      const body = wire ?? input;
      return integrationOutput(
        restApis.putIntegration(scope(ctx), input.restApiId!, input.resourceId!, input.httpMethod!, {
          type: str(body, 'type'),
          integrationHttpMethod: wire ? str(wire, 'httpMethod') : str(input, 'integrationHttpMethod'),
          uri: str(body, 'uri'),
          connectionType: str(body, 'connectionType'),
          connectionId: str(body, 'connectionId'),
          credentials: str(body, 'credentials'),
          requestParameters: strMap(body, 'requestParameters'),
          requestTemplates: strMap(body, 'requestTemplates'),
          passthroughBehavior: str(body, 'passthroughBehavior'),
          cacheNamespace: str(body, 'cacheNamespace'),
          cacheKeyParameters: strList(body, 'cacheKeyParameters'),
          contentHandling: str(body, 'contentHandling'),
          timeoutInMillis: num(body, 'timeoutInMillis'),
        }),
      );
    },
    }),
    GetIntegration: declareOperation<AG.GetIntegrationRequest, Out>({
      run: (input, ctx) =>
      integrationOutput(
        restApis.getIntegration(scope(ctx), input.restApiId!, input.resourceId!, input.httpMethod!),
      ),
    }),
    DeleteIntegration: declareOperation<AG.DeleteIntegrationRequest, Out>({
      run: (input, ctx) => {
      restApis.deleteIntegration(scope(ctx), input.restApiId!, input.resourceId!, input.httpMethod!);
      return {};
    },
    }),

    CreateDeployment: declareOperation<AG.CreateDeploymentRequest, Out>({
      run: (input, ctx) =>
      deploymentOutput(
        restApis.createDeployment(scope(ctx), input.restApiId!, {
          stageName: str(input, 'stageName'),
          stageDescription: str(input, 'stageDescription'),
          description: str(input, 'description'),
          variables: strMap(input, 'variables'),
          tracingEnabled: bool(input, 'tracingEnabled'),
          cacheClusterEnabled: bool(input, 'cacheClusterEnabled'),
        }),
        false,
      ),
    }),
    GetDeployment: declareOperation<AG.GetDeploymentRequest, Out>({
      run: (input, ctx) =>
      deploymentOutput(
        restApis.getDeployment(scope(ctx), input.restApiId!, input.deploymentId!),
        embeds(input, 'apisummary'),
      ),
    }),
    GetDeployments: declareOperation<AG.GetDeploymentsRequest, Out>({
      run: (input, ctx) => {
      const p = restApis.getDeployments(scope(ctx), input.restApiId!, str(input, 'position'), num(input, 'limit'));
      return { item: p.item.map((d) => deploymentOutput(d, false)), position: p.position };
    },
    }),
    UpdateDeployment: declareOperation<AG.UpdateDeploymentRequest, Out>({
      run: (input, ctx) =>
      deploymentOutput(
        restApis.updateDeployment(scope(ctx), input.restApiId!, input.deploymentId!, patch(input)),
        false,
      ),
    }),
    DeleteDeployment: declareOperation<AG.DeleteDeploymentRequest, Out>({
      run: (input, ctx) => {
      restApis.deleteDeployment(scope(ctx), input.restApiId!, input.deploymentId!);
      return {};
    },
    }),

    CreateStage: declareOperation<AG.CreateStageRequest, Out>({
      run: (input, ctx) =>
      stageOutput(
        restApis.createStage(scope(ctx), input.restApiId!, {
          stageName: str(input, 'stageName'),
          deploymentId: str(input, 'deploymentId'),
          description: str(input, 'description'),
          variables: strMap(input, 'variables'),
          tracingEnabled: bool(input, 'tracingEnabled'),
          cacheClusterEnabled: bool(input, 'cacheClusterEnabled'),
          cacheClusterSize: str(input, 'cacheClusterSize'),
          documentationVersion: str(input, 'documentationVersion'),
          tags: strMap(input, 'tags'),
        }),
      ),
    }),
    GetStage: declareOperation<AG.GetStageRequest, Out>({
      run: (input, ctx) => stageOutput(restApis.getStage(scope(ctx), input.restApiId!, input.stageName!)),
    }),
    GetStages: declareOperation<AG.GetStagesRequest, Out>({
      run: (input, ctx) => ({
      item: restApis.getStages(scope(ctx), input.restApiId!, str(input, 'deploymentId')).map(stageOutput),
    }),
    }),
    UpdateStage: declareOperation<AG.UpdateStageRequest, Out>({
      run: (input, ctx) =>
      stageOutput(restApis.updateStage(scope(ctx), input.restApiId!, input.stageName!, patch(input))),
    }),
    DeleteStage: declareOperation<AG.DeleteStageRequest, Out>({
      run: (input, ctx) => {
      restApis.deleteStage(scope(ctx), input.restApiId!, input.stageName!);
      return {};
    },
    }),

    GetAccount: declareOperation<AG.GetAccountRequest, Out>({
      run: (_input, ctx) => accountOutput(restApis.getAccount(scope(ctx))),
    }),
    UpdateAccount: declareOperation<AG.UpdateAccountRequest, Out>({
      run: (input, ctx) => accountOutput(restApis.updateAccount(scope(ctx), patch(input), roleTrustsApiGateway)),
    }),
  
  };
}
