import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteIntegrationCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  GetAccountCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourceCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  PatchOperation,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateAccountCommand,
  UpdateDeploymentCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import type { LocalCloudServer } from '../../../src/server';
import type { ApiGatewayService } from '../../../src/services/apigateway';
import { CDK_ACCESS_LOG_FORMAT, createCloudWatchRole, createLambdaRestApi, lambdaIntegrationUri } from '../../helpers/apigateway';
import { singleAttemptConfig, startLocalCloud } from '../../helpers/local-cloud';
import { errorOf } from '../../helpers/sdk-errors';

/**
 * API Gateway's control plane through the real AWS SDK v3 client against local-cloud: every operation,
 * its success shape and status, and the errors AWS answers with.
 */
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const LAMBDA_URI = lambdaIntegrationUri('echo');

describe('API Gateway control plane', () => {
  let server: LocalCloudServer;
  let apigw: APIGatewayClient;

  beforeAll(async () => {
    server = (await startLocalCloud()).server;
    apigw = new APIGatewayClient(singleAttemptConfig(server.url));
  });
  afterAll(async () => {
    apigw.destroy();
    await server.close();
  });

  /** A LambdaRestApi-shaped API: `ANY /` and `ANY /{proxy+}`, both AWS_PROXY to one function. */
  const lambdaRestApi = (name = 'shop') => createLambdaRestApi(apigw, name, LAMBDA_URI);

  describe('REST APIs', () => {
    it('CreateRestApi answers 201 with the id, dates, endpoint configuration and root resource', async () => {
      // Act
      const before = Date.now();
      const api = await apigw.send(new CreateRestApiCommand({ name: 'orders', description: 'the orders API', tags: { team: 'a' } }));

      // Assess
      expect(api.$metadata.httpStatusCode).toBe(201);
      expect(api.id).toMatch(/^[a-z0-9]{10}$/);
      expect(api).toMatchObject({
        name: 'orders',
        description: 'the orders API',
        apiKeySource: 'HEADER',
        endpointConfiguration: { types: ['EDGE'] },
        disableExecuteApiEndpoint: false,
        tags: { team: 'a' },
      });
      expect(api.createdDate!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(api.createdDate!.getTime()).toBeLessThanOrEqual(Date.now());
      expect(api.rootResourceId).toMatch(/^[a-z0-9]{10}$/);

      const resources = await apigw.send(new GetResourcesCommand({ restApiId: api.id }));
      expect(resources.items).toEqual([{ id: api.rootResourceId, path: '/' }]);
    });

    it('GetRestApi, GetRestApis (item list, paging) and UpdateRestApi', async () => {
      const a = await apigw.send(new CreateRestApiCommand({ name: 'list-a', endpointConfiguration: { types: ['REGIONAL'] } }));
      await apigw.send(new CreateRestApiCommand({ name: 'list-b' }));

      const got = await apigw.send(new GetRestApiCommand({ restApiId: a.id }));
      expect(got).toMatchObject({ id: a.id, name: 'list-a', endpointConfiguration: { types: ['REGIONAL'] }, rootResourceId: a.rootResourceId });

      const all = await apigw.send(new GetRestApisCommand({}));
      expect(all.items!.map((i) => i.name)).toEqual(expect.arrayContaining(['list-a', 'list-b']));
      const first = await apigw.send(new GetRestApisCommand({ limit: 1 }));
      expect(first.items).toHaveLength(1);
      const second = await apigw.send(new GetRestApisCommand({ limit: 1, position: first.position }));
      expect(second.items![0].id).not.toBe(first.items![0].id);

      const updated = await apigw.send(
        new UpdateRestApiCommand({
          restApiId: a.id,
          patchOperations: [
            { op: 'replace', path: '/description', value: 'now described' },
            { op: 'add', path: '/binaryMediaTypes/image~1png' },
          ],
        }),
      );
      expect(updated).toMatchObject({ description: 'now described', binaryMediaTypes: ['image/png'] });
    });

    it("UpdateRestApi keeps the API's resources, deployments and stages", async () => {
      // Prepare: a deployed API with a stage (a stack update changing only the API's description)
      const { apiId } = await lambdaRestApi('keeps-children');
      const deployment = await apigw.send(new CreateDeploymentCommand({ restApiId: apiId }));
      await apigw.send(new CreateStageCommand({ restApiId: apiId, stageName: 'v1', deploymentId: deployment.id }));

      // Act
      await apigw.send(
        new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/description', value: 'v2' }] }),
      );

      // Assess
      const stage = await apigw.send(new GetStageCommand({ restApiId: apiId, stageName: 'v1' }));
      expect(stage.deploymentId).toBe(deployment.id);
      const resources = await apigw.send(new GetResourcesCommand({ restApiId: apiId }));
      expect(resources.items!.map((r) => r.path).sort()).toEqual(['/', '/{proxy+}']);
    });

    it('answers NotFoundException (404) for an unknown API, and lists none in another region', async () => {
      const err = await errorOf(apigw.send(new GetRestApiCommand({ restApiId: 'nope123456' })));
      expect(err).toEqual({ name: 'NotFoundException', message: `Invalid API identifier specified ${ACCOUNT}:nope123456`, status: 404 });

      const other = new APIGatewayClient(singleAttemptConfig(server.url, 'eu-west-1'));
      expect((await other.send(new GetRestApisCommand({}))).items).toEqual([]);
      other.destroy();
    });

    it('refuses CreateRestApi without a usable name or with two endpoint types', async () => {
      expect(await errorOf(apigw.send(new CreateRestApiCommand({ name: '' })))).toMatchObject({ name: 'BadRequestException', status: 400 });
      expect(
        await errorOf(apigw.send(new CreateRestApiCommand({ name: 'x', endpointConfiguration: { types: ['EDGE', 'REGIONAL'] } }))),
      ).toMatchObject({ name: 'BadRequestException' });
    });

    it('DeleteRestApi answers 202 and the API is gone', async () => {
      const { apiId } = await lambdaRestApi('doomed');
      const out = await apigw.send(new DeleteRestApiCommand({ restApiId: apiId }));
      expect(out.$metadata.httpStatusCode).toBe(202);
      expect(await errorOf(apigw.send(new GetRestApiCommand({ restApiId: apiId })))).toMatchObject({ name: 'NotFoundException' });
      expect(await errorOf(apigw.send(new DeleteRestApiCommand({ restApiId: apiId })))).toMatchObject({ name: 'NotFoundException' });
    });
  });

  describe('resources', () => {
    it('CreateResource computes paths, including {proxy+} and nested variables', async () => {
      const api = await apigw.send(new CreateRestApiCommand({ name: 'resources' }));
      const proxy = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' }));
      expect(proxy.$metadata.httpStatusCode).toBe(201);
      expect(proxy).toMatchObject({ parentId: api.rootResourceId, pathPart: '{proxy+}', path: '/{proxy+}' });
      expect(proxy.id).toMatch(/^[a-z0-9]{6}$/);

      const pets = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'pets' }));
      const pet = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: pets.id, pathPart: '{petId}' }));
      expect(pet.path).toBe('/pets/{petId}');

      const got = await apigw.send(new GetResourceCommand({ restApiId: api.id, resourceId: pet.id }));
      expect(got).toMatchObject({ id: pet.id, parentId: pets.id, pathPart: '{petId}', path: '/pets/{petId}' });
      const all = await apigw.send(new GetResourcesCommand({ restApiId: api.id }));
      expect(all.items!.map((r) => r.path).sort()).toEqual(['/', '/pets', '/pets/{petId}', '/{proxy+}']);
    });

    it('refuses duplicates, bad path parts, children of a greedy resource and unknown parents', async () => {
      const api = await apigw.send(new CreateRestApiCommand({ name: 'resource-errors' }));
      const proxy = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' }));
      await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'pets' }));

      expect(await errorOf(apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'pets' })))).toEqual({
        name: 'ConflictException',
        message: 'Another resource with the same parent already has this name: pets',
        status: 409,
      });
      expect(await errorOf(apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'a b' })))).toMatchObject({
        name: 'BadRequestException',
        status: 400,
      });
      expect(await errorOf(apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: proxy.id, pathPart: 'x' })))).toMatchObject({
        name: 'BadRequestException',
        message: expect.stringContaining('greedy path variable'),
      });
      expect(await errorOf(apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{id}' })))).toMatchObject({
        name: 'BadRequestException',
        message: expect.stringContaining('only one is allowed'),
      });
      expect(await errorOf(apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: 'nope00', pathPart: 'x' })))).toEqual({
        name: 'NotFoundException',
        message: 'Invalid Resource identifier specified',
        status: 404,
      });
      expect(await errorOf(apigw.send(new GetResourceCommand({ restApiId: api.id, resourceId: 'nope00' })))).toMatchObject({
        name: 'NotFoundException',
        message: 'Invalid Resource identifier specified',
      });
    });

    it('DeleteResource answers 202 and takes the subtree; the root cannot go', async () => {
      const api = await apigw.send(new CreateRestApiCommand({ name: 'resource-delete' }));
      const a = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'a' }));
      await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: a.id, pathPart: 'b' }));
      const out = await apigw.send(new DeleteResourceCommand({ restApiId: api.id, resourceId: a.id }));
      expect(out.$metadata.httpStatusCode).toBe(202);
      expect((await apigw.send(new GetResourcesCommand({ restApiId: api.id }))).items!.map((r) => r.path)).toEqual(['/']);
      expect(await errorOf(apigw.send(new DeleteResourceCommand({ restApiId: api.id, resourceId: api.rootResourceId })))).toMatchObject({
        name: 'BadRequestException',
      });
    });
  });

  describe('methods and integrations', () => {
    it('PutMethod (201) and PutIntegration (201) as CDK sends them, read back through Get* and embed=methods', async () => {
      const api = await apigw.send(new CreateRestApiCommand({ name: 'methods' }));
      const proxy = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' }));

      const method = await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: proxy.id, httpMethod: 'ANY', authorizationType: 'NONE' }));
      expect(method.$metadata.httpStatusCode).toBe(201);
      expect(method).toMatchObject({ httpMethod: 'ANY', authorizationType: 'NONE', apiKeyRequired: false });

      const integration = await apigw.send(
        new PutIntegrationCommand({
          restApiId: api.id,
          resourceId: proxy.id,
          httpMethod: 'ANY',
          type: 'AWS_PROXY',
          integrationHttpMethod: 'POST',
          uri: LAMBDA_URI,
        }),
      );
      expect(integration.$metadata.httpStatusCode).toBe(201);
      expect(integration).toMatchObject({
        type: 'AWS_PROXY',
        httpMethod: 'POST',
        uri: LAMBDA_URI,
        passthroughBehavior: 'WHEN_NO_MATCH',
        timeoutInMillis: 29000,
        cacheNamespace: proxy.id,
        cacheKeyParameters: [],
      });

      expect(await apigw.send(new GetIntegrationCommand({ restApiId: api.id, resourceId: proxy.id, httpMethod: 'ANY' }))).toMatchObject({
        type: 'AWS_PROXY',
        httpMethod: 'POST',
        uri: LAMBDA_URI,
      });
      expect(await apigw.send(new GetMethodCommand({ restApiId: api.id, resourceId: proxy.id, httpMethod: 'ANY' }))).toMatchObject({
        httpMethod: 'ANY',
        methodIntegration: { type: 'AWS_PROXY', uri: LAMBDA_URI },
      });

      const plain = await apigw.send(new GetResourcesCommand({ restApiId: api.id }));
      expect(plain.items!.find((r) => r.id === proxy.id)!.resourceMethods).toEqual({ ANY: {} });
      const embedded = await apigw.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }));
      expect(embedded.items!.find((r) => r.id === proxy.id)!.resourceMethods!.ANY).toMatchObject({
        httpMethod: 'ANY',
        methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST' },
      });
    });

    it('refuses a second method of the same verb, unknown verbs, and integrations of missing methods', async () => {
      const { apiId, proxyId } = await lambdaRestApi('method-errors');
      expect(await errorOf(apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: proxyId, httpMethod: 'ANY', authorizationType: 'NONE' })))).toEqual({
        name: 'ConflictException',
        message: 'Method already exists for this resource',
        status: 409,
      });
      expect(await errorOf(apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: proxyId, httpMethod: 'FETCH', authorizationType: 'NONE' })))).toMatchObject({
        name: 'BadRequestException',
      });
      expect(await errorOf(apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: proxyId, httpMethod: 'GET', authorizationType: 'MAGIC' })))).toMatchObject({
        name: 'BadRequestException',
      });
      expect(
        await errorOf(
          apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: proxyId, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: LAMBDA_URI })),
        ),
      ).toEqual({ name: 'NotFoundException', message: 'Invalid Method identifier specified', status: 404 });
      expect(
        await errorOf(
          apigw.send(
            new PutIntegrationCommand({
              restApiId: apiId,
              resourceId: proxyId,
              httpMethod: 'ANY',
              type: 'AWS_PROXY',
              integrationHttpMethod: 'POST',
              uri: `arn:aws:apigateway:${REGION}:sqs:path/${ACCOUNT}/queue`,
            }),
          ),
        ),
      ).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining("'AWS_PROXY'") });
      expect(
        await errorOf(apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: proxyId, httpMethod: 'ANY', type: 'AWS_PROXY', uri: LAMBDA_URI }))),
      ).toMatchObject({ name: 'BadRequestException' });
    });

    it('DeleteIntegration and DeleteMethod (204)', async () => {
      const { apiId, proxyId } = await lambdaRestApi('method-delete');
      const di = await apigw.send(new DeleteIntegrationCommand({ restApiId: apiId, resourceId: proxyId, httpMethod: 'ANY' }));
      expect(di.$metadata.httpStatusCode).toBe(204);
      expect(await errorOf(apigw.send(new GetIntegrationCommand({ restApiId: apiId, resourceId: proxyId, httpMethod: 'ANY' })))).toMatchObject({
        name: 'NotFoundException',
      });
      const dm = await apigw.send(new DeleteMethodCommand({ restApiId: apiId, resourceId: proxyId, httpMethod: 'ANY' }));
      expect(dm.$metadata.httpStatusCode).toBe(204);
      expect(await errorOf(apigw.send(new GetMethodCommand({ restApiId: apiId, resourceId: proxyId, httpMethod: 'ANY' })))).toMatchObject({
        name: 'NotFoundException',
        message: 'Invalid Method identifier specified',
      });
    });
  });

  describe('deployments and stages', () => {
    it("CreateDeployment fails with no methods, and on a method without an integration", async () => {
      const api = await apigw.send(new CreateRestApiCommand({ name: 'empty' }));
      expect(await errorOf(apigw.send(new CreateDeploymentCommand({ restApiId: api.id })))).toEqual({
        name: 'BadRequestException',
        message: "The REST API doesn't contain any methods",
        status: 400,
      });
      await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
      expect(await errorOf(apigw.send(new CreateDeploymentCommand({ restApiId: api.id })))).toMatchObject({
        name: 'BadRequestException',
        message: 'No integration defined for method',
      });
    });

    it('CreateDeployment (201), GetDeployment(s), CreateStage (201), GetStage(s)', async () => {
      const { apiId } = await lambdaRestApi('deploy');
      const deployment = await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, description: 'first' }));
      expect(deployment.$metadata.httpStatusCode).toBe(201);
      expect(deployment.id).toMatch(/^[a-z0-9]{6}$/);
      expect(deployment).toMatchObject({ description: 'first' });
      expect(deployment.createdDate).toBeInstanceOf(Date);

      expect((await apigw.send(new GetDeploymentsCommand({ restApiId: apiId }))).items!.map((d) => d.id)).toEqual([deployment.id]);
      const summary = await apigw.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: deployment.id, embed: ['apisummary'] }));
      expect(summary.apiSummary).toEqual({
        '/': { ANY: { authorizationType: 'NONE', apiKeyRequired: false } },
        '/{proxy+}': { ANY: { authorizationType: 'NONE', apiKeyRequired: false } },
      });

      const stage = await apigw.send(
        new CreateStageCommand({ restApiId: apiId, stageName: 'v1', deploymentId: deployment.id, description: 'stage one', variables: { env: 'dev' } }),
      );
      expect(stage.$metadata.httpStatusCode).toBe(201);
      expect(stage).toMatchObject({
        stageName: 'v1',
        deploymentId: deployment.id,
        description: 'stage one',
        variables: { env: 'dev' },
        cacheClusterEnabled: false,
        cacheClusterStatus: 'NOT_AVAILABLE',
        tracingEnabled: false,
        methodSettings: {},
      });
      expect(stage.createdDate).toBeInstanceOf(Date);
      expect(stage.lastUpdatedDate).toBeInstanceOf(Date);

      expect(await apigw.send(new GetStageCommand({ restApiId: apiId, stageName: 'v1' }))).toMatchObject({ stageName: 'v1', deploymentId: deployment.id });
      const stages = await apigw.send(new GetStagesCommand({ restApiId: apiId }));
      expect(stages.item!.map((s) => s.stageName)).toEqual(['v1']);
      expect((await apigw.send(new GetStagesCommand({ restApiId: apiId, deploymentId: 'other0' }))).item).toEqual([]);
    });

    it('refuses a second stage of the same name, unknown stages and unknown deployments', async () => {
      const { apiId } = await lambdaRestApi('stage-errors');
      const { id } = await apigw.send(new CreateDeploymentCommand({ restApiId: apiId }));
      await apigw.send(new CreateStageCommand({ restApiId: apiId, stageName: 'v1', deploymentId: id }));
      expect(await errorOf(apigw.send(new CreateStageCommand({ restApiId: apiId, stageName: 'v1', deploymentId: id })))).toEqual({
        name: 'ConflictException',
        message: 'Stage already exists',
        status: 409,
      });
      expect(await errorOf(apigw.send(new GetStageCommand({ restApiId: apiId, stageName: 'v9' })))).toEqual({
        name: 'NotFoundException',
        message: 'Invalid Stage identifier specified',
        status: 404,
      });
      expect(await errorOf(apigw.send(new CreateStageCommand({ restApiId: apiId, stageName: 'v2', deploymentId: 'nope00' })))).toMatchObject({
        name: 'NotFoundException',
      });
      expect(await errorOf(apigw.send(new CreateStageCommand({ restApiId: apiId, stageName: 'bad name', deploymentId: id })))).toMatchObject({
        name: 'BadRequestException',
      });
      expect(await errorOf(apigw.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: 'nope00' })))).toMatchObject({
        name: 'NotFoundException',
      });
    });

    it('UpdateDeployment changes the description only', async () => {
      const { apiId } = await lambdaRestApi('deployment-update');
      const { id } = await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, description: 'old' }));
      const out = await apigw.send(
        new UpdateDeploymentCommand({ restApiId: apiId, deploymentId: id, patchOperations: [{ op: 'replace', path: '/description', value: 'new' }] }),
      );
      expect(out).toMatchObject({ id, description: 'new' });
      expect(
        await errorOf(
          apigw.send(new UpdateDeploymentCommand({ restApiId: apiId, deploymentId: id, patchOperations: [{ op: 'replace', path: '/apiSummary', value: 'x' }] })),
        ),
      ).toMatchObject({ name: 'BadRequestException' });
    });

    it('DeleteDeployment refuses while a stage points at it; DeleteStage and DeleteDeployment answer 202', async () => {
      const { apiId } = await lambdaRestApi('stage-delete');
      const { id } = await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'v1' }));
      expect((await apigw.send(new GetStageCommand({ restApiId: apiId, stageName: 'v1' }))).deploymentId).toBe(id);
      expect(await errorOf(apigw.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: id })))).toEqual({
        name: 'BadRequestException',
        message: 'Active stages pointing to this deployment must be moved or deleted',
        status: 400,
      });
      expect((await apigw.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'v1' }))).$metadata.httpStatusCode).toBe(202);
      expect(await errorOf(apigw.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'v1' })))).toMatchObject({ name: 'NotFoundException' });
      expect((await apigw.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: id }))).$metadata.httpStatusCode).toBe(202);
      expect((await apigw.send(new GetDeploymentsCommand({ restApiId: apiId }))).items).toEqual([]);
    });
  });

  describe('the in-process API (CloudFormation providers)', () => {
    it('builds an API through the same code path the operations use, visible through the SDK', async () => {
      // Prepare
      const service = server.services.find((s) => s.signingName === 'apigateway') as ApiGatewayService;
      const scope = { accountId: ACCOUNT, region: REGION };
      const ctx = { ...scope, requestId: 'cfn', principalArn: `arn:aws:iam::${ACCOUNT}:root`, callerArn: `arn:aws:iam::${ACCOUNT}:root`, accessKeyId: 'test', endpoint: server.url };

      // Act
      const api = service.backend.createRestApi(scope, { name: 'from-cfn' });
      const proxy = service.backend.createResource(scope, api.id, api.rootResourceId, '{proxy+}');
      await service.operations.PutMethod({ restApiId: api.id, resourceId: proxy.id, httpMethod: 'ANY', authorizationType: 'NONE' }, ctx);
      // the model's member names, as an in-process caller passes them
      await service.operations.PutIntegration(
        { restApiId: api.id, resourceId: proxy.id, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: LAMBDA_URI },
        ctx,
      );
      const deployment = service.backend.createDeployment(scope, api.id, {});
      service.backend.createStage(scope, api.id, { stageName: 'v1', deploymentId: deployment.id });
      expect(() => service.backend.createStage(scope, api.id, { stageName: 'v1', deploymentId: deployment.id })).toThrow('Stage already exists');

      // Assess
      expect(await apigw.send(new GetIntegrationCommand({ restApiId: api.id, resourceId: proxy.id, httpMethod: 'ANY' }))).toMatchObject({
        type: 'AWS_PROXY',
        httpMethod: 'POST',
      });
      expect((await apigw.send(new GetStageCommand({ restApiId: api.id, stageName: 'v1' }))).deploymentId).toBe(deployment.id);
    });
  });

  describe('account settings and stage logging', () => {
    it('GetAccount has no CloudWatch role at first and the account throttle', async () => {
      const other = new APIGatewayClient(singleAttemptConfig(server.url, 'us-west-2'));
      const account = await other.send(new GetAccountCommand({}));
      other.destroy();
      expect(account.cloudwatchRoleArn).toBeUndefined();
      expect(account.throttleSettings).toEqual({ burstLimit: 5000, rateLimit: 10000 });
    });

    it('stage logging needs the account CloudWatch role; the format needs $context.requestId', async () => {
      // Prepare
      const region = 'eu-central-1';
      const client = new APIGatewayClient(singleAttemptConfig(server.url, region));
      const api = await client.send(new CreateRestApiCommand({ name: 'logged' }));
      await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'ANY', authorizationType: 'NONE' }));
      await client.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'ANY', type: 'MOCK' }));
      const { id } = await client.send(new CreateDeploymentCommand({ restApiId: api.id }));
      await client.send(new CreateStageCommand({ restApiId: api.id, stageName: 'v1', deploymentId: id }));
      const destinationArn = `arn:aws:logs:${region}:${ACCOUNT}:log-group:access-logs:*`;
      const accessLogging: PatchOperation[] = [
        { op: 'replace', path: '/accessLogSettings/destinationArn', value: destinationArn },
        { op: 'replace', path: '/accessLogSettings/format', value: CDK_ACCESS_LOG_FORMAT },
      ];

      // Act + Assess: no role yet
      expect(await errorOf(client.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'v1', patchOperations: accessLogging })))).toEqual({
        name: 'BadRequestException',
        message: 'CloudWatch Logs role ARN must be set in account settings to enable logging',
        status: 400,
      });
      expect(
        await errorOf(client.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'v1', patchOperations: [{ op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' }] }))),
      ).toMatchObject({ message: 'CloudWatch Logs role ARN must be set in account settings to enable logging' });
      // throttling alone needs no role
      await client.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'v1', patchOperations: [{ op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' }] }));

      // a role that does not exist, or that API Gateway may not assume, is refused
      expect(
        await errorOf(client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: `arn:aws:iam::${ACCOUNT}:role/nope` }] }))),
      ).toMatchObject({ name: 'BadRequestException', message: 'The role ARN does not have required permissions set to API Gateway' });
      expect(
        await errorOf(client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: 'not-an-arn' }] }))),
      ).toMatchObject({ name: 'BadRequestException' });

      const roleArn = await createCloudWatchRole(singleAttemptConfig(server.url), 'apigw-cloudwatch');
      const account = await client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: roleArn }] }));
      expect(account).toMatchObject({ cloudwatchRoleArn: roleArn, throttleSettings: { burstLimit: 5000, rateLimit: 10000 } });
      expect((await client.send(new GetAccountCommand({}))).cloudwatchRoleArn).toBe(roleArn);

      // with the role: the format is checked
      expect(
        await errorOf(
          client.send(
            new UpdateStageCommand({
              restApiId: api.id,
              stageName: 'v1',
              patchOperations: [
                { op: 'replace', path: '/accessLogSettings/destinationArn', value: destinationArn },
                { op: 'replace', path: '/accessLogSettings/format', value: '{"status":"$context.status"}' },
              ],
            }),
          ),
        ),
      ).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('$context.requestId') });

      // what CloudFormation sends for a CDK stage with access logs and throttling
      const stage = await client.send(
        new UpdateStageCommand({
          restApiId: api.id,
          stageName: 'v1',
          patchOperations: [
            ...accessLogging,
            { op: 'replace', path: '/*/*/throttling/rateLimit', value: '10' },
            { op: 'replace', path: '/*/*/throttling/burstLimit', value: '5' },
            { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
            { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
            { op: 'replace', path: '/tracingEnabled', value: 'true' },
            { op: 'replace', path: '/variables/color', value: 'blue' },
          ],
        }),
      );
      expect(stage.$metadata.httpStatusCode).toBe(200);
      expect(stage).toMatchObject({
        accessLogSettings: { destinationArn, format: CDK_ACCESS_LOG_FORMAT },
        methodSettings: {
          '*/*': { throttlingRateLimit: 10, throttlingBurstLimit: 5, loggingLevel: 'INFO', metricsEnabled: true, dataTraceEnabled: false },
        },
        tracingEnabled: true,
        variables: { color: 'blue' },
      });

      const removed = await client.send(
        new UpdateStageCommand({ restApiId: api.id, stageName: 'v1', patchOperations: [{ op: 'remove', path: '/accessLogSettings' }] }),
      );
      expect(removed.accessLogSettings).toBeUndefined();

      expect(
        await errorOf(client.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'v1', patchOperations: [{ op: 'replace', path: '/nope', value: 'x' }] }))),
      ).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('Invalid method setting path: /nope.') });
      expect(
        await errorOf(client.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'v1', patchOperations: [{ op: 'replace', path: '/deploymentId', value: 'nope00' }] }))),
      ).toMatchObject({ name: 'NotFoundException' });
      client.destroy();
    });
  });
});

describe('API Gateway state across a restart', () => {
  it('keeps APIs, resources, methods, deployments, stages and account settings', async () => {
    // Prepare
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-restart-'));
    const dbFile = path.join(dir, 'local-cloud.db');
    let server = (await startLocalCloud({ dbFile })).server;
    let apigw = new APIGatewayClient(singleAttemptConfig(server.url));
    const api = await apigw.send(new CreateRestApiCommand({ name: 'durable' }));
    const proxy = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' }));
    await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: proxy.id, httpMethod: 'ANY', authorizationType: 'NONE' }));
    await apigw.send(
      new PutIntegrationCommand({ restApiId: api.id, resourceId: proxy.id, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: LAMBDA_URI }),
    );
    const { id: deploymentId } = await apigw.send(new CreateDeploymentCommand({ restApiId: api.id }));
    await apigw.send(new CreateStageCommand({ restApiId: api.id, stageName: 'v1', deploymentId }));
    const roleArn = await createCloudWatchRole(singleAttemptConfig(server.url), 'apigw-cloudwatch-restart');
    await apigw.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: roleArn }] }));
    apigw.destroy();
    await server.close();

    // Act
    server = (await startLocalCloud({ dbFile })).server;
    apigw = new APIGatewayClient(singleAttemptConfig(server.url));

    // Assess
    try {
      expect(await apigw.send(new GetRestApiCommand({ restApiId: api.id }))).toMatchObject({ name: 'durable', rootResourceId: api.rootResourceId });
      expect(await apigw.send(new GetIntegrationCommand({ restApiId: api.id, resourceId: proxy.id, httpMethod: 'ANY' }))).toMatchObject({ uri: LAMBDA_URI });
      expect(await apigw.send(new GetStageCommand({ restApiId: api.id, stageName: 'v1' }))).toMatchObject({ deploymentId });
      expect((await apigw.send(new GetAccountCommand({}))).cloudwatchRoleArn).toBe(roleArn);
    } finally {
      apigw.destroy();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
