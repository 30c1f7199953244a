import type { Scope } from '../../core/scope';
import { parseArn } from '../../core/arn';
import { badRequest, conflict, notFound } from './errors';
import { restApiId as newRestApiId, shortId } from './ids';
import { ACCOUNT_THROTTLE, HTTP_METHODS } from './model';
import type {
  AccountRecord,
  DeploymentRecord,
  EndpointConfiguration,
  IntegrationRecord,
  MethodRecord,
  ResourceRecord,
  RestApiRecord,
  RouteSnapshot,
  StageRecord,
} from './model';
import type { RestApiStore } from './rest-api-store';
import { applyAccountPatch, applyStagePatch } from './stage-patch';
import type { PatchOperation } from './stage-patch';

/** CreateRestApi's input (model member names). */

/** The RestApi members UpdateRestApi only replaces. */
const REPLACE_ONLY_API_PATHS = ['/name', '/description', '/version', '/policy', '/minimumCompressionSize', '/apiKeySource', '/disableExecuteApiEndpoint'];
export interface CreateRestApiInput {
  name?: string;
  description?: string;
  version?: string;
  cloneFrom?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource?: string;
  endpointConfiguration?: Partial<EndpointConfiguration>;
  policy?: string;
  tags?: Record<string, string>;
  disableExecuteApiEndpoint?: boolean;
}

export interface PutMethodInput {
  authorizationType?: string;
  authorizerId?: string;
  apiKeyRequired?: boolean;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  requestValidatorId?: string;
  authorizationScopes?: string[];
}

export interface PutIntegrationInput {
  type?: string;
  integrationHttpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  cacheNamespace?: string;
  cacheKeyParameters?: string[];
  contentHandling?: string;
  timeoutInMillis?: number;
}

export interface CreateDeploymentInput {
  stageName?: string;
  stageDescription?: string;
  description?: string;
  variables?: Record<string, string>;
  tracingEnabled?: boolean;
  cacheClusterEnabled?: boolean;
}

export interface CreateStageInput {
  stageName?: string;
  deploymentId?: string;
  description?: string;
  variables?: Record<string, string>;
  tracingEnabled?: boolean;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  documentationVersion?: string;
  tags?: Record<string, string>;
}

/** A page of a list operation (`item` + `position`). */
export interface Page<T> {
  item: T[];
  position?: string;
}

const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];
const PATH_PART = /^(?:[a-zA-Z0-9._-]+|\{[a-zA-Z0-9._-]+\+?\})$/;
const STAGE_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

/**
 * API Gateway's control plane for REST APIs. The AWS operations and CloudFormation's providers both
 * call these methods, so what a template creates is exactly what the API would. Every change that
 * the data plane caches is announced through `onChange(apiId)`.
 *
 * @example
 * const api = gateway.createRestApi(scope, { name: 'shop' });
 * const proxy = gateway.createResource(scope, api.id, api.rootResourceId, '{proxy+}');
 */
export class RestApiControlPlane {
  constructor(
    private readonly db: RestApiStore,
    private readonly onChange: (apiId: string) => void,
  ) {}

  // ---- REST APIs ----

  public createRestApi(scope: Scope, input: CreateRestApiInput): RestApiRecord {
    const name = input.name;
    if (typeof name !== 'string' || name.trim() === '') throw badRequest('Invalid REST API name specified');
    const endpointConfiguration = endpointConfigurationOf(input.endpointConfiguration);
    // the model's ApiKeySourceType enum (checked by the pipeline); a patch's value is checked in updateRestApi
    const apiKeySource = input.apiKeySource ?? 'HEADER';
    const min = input.minimumCompressionSize;
    if (min !== undefined && (!Number.isInteger(min) || min < 0 || min > 10485760)) {
      throw badRequest('Invalid minimum compression size, must be between 0 and 10485760');
    }
    if (input.description === '') throw badRequest('Description cannot be an empty string');
    if (input.cloneFrom !== undefined) this.requireApi(scope, input.cloneFrom);
    const api: RestApiRecord = {
      id: this.unusedApiId(),
      accountId: scope.accountId,
      region: scope.region,
      name,
      description: input.description,
      version: input.version,
      createdDate: Date.now(),
      binaryMediaTypes: input.binaryMediaTypes ?? [],
      minimumCompressionSize: min,
      apiKeySource,
      endpointConfiguration,
      policy: input.policy,
      tags: input.tags ?? {},
      disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
      rootResourceId: newRestApiId(),
    };
    this.db.transaction(() => {
      this.db.putApi(api);
      this.db.putResource(api.id, { id: api.rootResourceId, path: '/', resourceMethods: {} });
      if (input.cloneFrom !== undefined) this.cloneResources(input.cloneFrom, api);
    });
    this.onChange(api.id);
    return api;
  }

  public getRestApi(scope: Scope, restApiId: string): RestApiRecord {
    return this.requireApi(scope, restApiId);
  }

  public getRestApis(scope: Scope, position?: string, limit?: number): Page<RestApiRecord> {
    return page(this.db.listApis(scope), (a) => a.id, position, limit);
  }

  /** UpdateRestApi: name, description, version, binary media types, minimum compression size, policy. */
  public updateRestApi(scope: Scope, restApiId: string, operations: readonly PatchOperation[]): RestApiRecord {
    const api = structuredClone(this.requireApi(scope, restApiId));
    for (const { op, path = '', value } of operations) {
      const v = value ?? '';
      // AWS's words (recorded on AWS: LocalStack test_apigateway_api.snapshot.json, test_update_rest_api_compression/
      // unsupported-operation, test_update_rest_api_behaviour/update-rest-api-*-base-path)
      if (op !== 'replace' && REPLACE_ONLY_API_PATHS.includes(path)) throw badRequest('Invalid patch operation specified. Must be one of: [replace]');
      if (path === '/binaryMediaTypes') throw badRequest('Invalid patch path /binaryMediaTypes');
      if (op === 'replace' && path === '/name') {
        if (v.trim() === '') throw badRequest('Invalid REST API name specified');
        api.name = v;
      } else if (op === 'replace' && path === '/description') api.description = v || undefined;
      else if (op === 'replace' && path === '/version') api.version = v || undefined;
      else if (op === 'replace' && path === '/policy') api.policy = v || undefined;
      else if (op === 'replace' && path === '/minimumCompressionSize') {
        const n = Number(v);
        if (v !== '' && (!Number.isInteger(n) || n < 0 || n > 10485760)) {
          throw badRequest('Invalid minimum compression size, must be between 0 and 10485760');
        }
        api.minimumCompressionSize = v === '' ? undefined : n;
      } else if (op === 'replace' && path === '/apiKeySource') {
        if (!['HEADER', 'AUTHORIZER'].includes(v)) {
          throw badRequest(`Invalid API key source specified: ${v}. Valid values are HEADER, AUTHORIZER`);
        }
        api.apiKeySource = v;
      } else if (op === 'replace' && path === '/disableExecuteApiEndpoint') {
        if (v !== 'true' && v !== 'false') throw badRequest(`Invalid boolean value '${v}' for ${path}`);
        api.disableExecuteApiEndpoint = v === 'true';
      } else if (op === 'add' && path.startsWith('/binaryMediaTypes/')) {
        const type = decodePointer(path.slice('/binaryMediaTypes/'.length));
        if (!api.binaryMediaTypes.includes(type)) api.binaryMediaTypes.push(type);
      } else if (op === 'remove' && path.startsWith('/binaryMediaTypes/')) {
        const type = decodePointer(path.slice('/binaryMediaTypes/'.length));
        api.binaryMediaTypes = api.binaryMediaTypes.filter((t) => t !== type);
      } else {
        throw badRequest(`Invalid patch path '${path}' specified for op '${op}'`);
      }
    }
    this.db.putApi(api);
    this.onChange(restApiId);
    return api;
  }

  public deleteRestApi(scope: Scope, restApiId: string): void {
    this.requireApi(scope, restApiId);
    this.db.deleteApi(restApiId);
    this.onChange(restApiId);
  }

  // ---- resources ----

  public getResources(scope: Scope, restApiId: string, position?: string, limit?: number): Page<ResourceRecord> {
    this.requireApi(scope, restApiId);
    return page(this.db.listResources(restApiId), (r) => r.id, position, limit);
  }

  public getResource(scope: Scope, restApiId: string, resourceId: string): ResourceRecord {
    this.requireApi(scope, restApiId);
    return this.requireResource(restApiId, resourceId);
  }

  public createResource(scope: Scope, restApiId: string, parentId: string, pathPart: string): ResourceRecord {
    this.requireApi(scope, restApiId);
    const parent = this.requireResource(restApiId, parentId);
    if (typeof pathPart !== 'string' || !PATH_PART.test(pathPart)) {
      throw badRequest(
        "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
      );
    }
    if (parent.pathPart?.endsWith('+}')) {
      throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
    }
    const siblings = this.db.listResources(restApiId).filter((r) => r.parentId === parentId);
    if (siblings.some((s) => s.pathPart === pathPart)) {
      throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
    }
    const variableSibling = siblings.find((s) => s.pathPart?.startsWith('{'));
    if (pathPart.startsWith('{') && variableSibling) {
      throw badRequest(
        `A sibling (${variableSibling.pathPart}) of this resource already has a variable path part -- only one is allowed`,
      );
    }
    const resource: ResourceRecord = {
      id: shortId(),
      parentId,
      pathPart,
      path: parent.path === '/' ? `/${pathPart}` : `${parent.path}/${pathPart}`,
      resourceMethods: {},
    };
    this.db.putResource(restApiId, resource);
    return resource;
  }

  /** Deletes a resource and everything below it. */
  public deleteResource(scope: Scope, restApiId: string, resourceId: string): void {
    const api = this.requireApi(scope, restApiId);
    this.requireResource(restApiId, resourceId);
    if (resourceId === api.rootResourceId) throw badRequest('Cannot delete the root resource of a REST API');
    const all = this.db.listResources(restApiId);
    const doomed = new Set([resourceId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of all) {
        if (r.parentId && doomed.has(r.parentId) && !doomed.has(r.id)) {
          doomed.add(r.id);
          grew = true;
        }
      }
    }
    this.db.transaction(() => {
      for (const id of doomed) this.db.deleteResource(restApiId, id);
    });
  }

  // ---- methods and integrations ----

  public putMethod(
    scope: Scope,
    restApiId: string,
    resourceId: string,
    httpMethod: string,
    input: PutMethodInput,
  ): MethodRecord {
    const resource = this.requireMethodResource(scope, restApiId, resourceId);
    checkHttpMethod(httpMethod);
    const authorizationType = input.authorizationType;
    if (!authorizationType || !AUTHORIZATION_TYPES.includes(authorizationType)) {
      throw badRequest(
        `Invalid authorization type specified. Valid values are ${AUTHORIZATION_TYPES.join(', ')}`,
      );
    }
    if ((authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS') && !input.authorizerId) {
      throw badRequest('Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.');
    }
    if (input.authorizerId) throw notFound('Invalid authorizer ID specified');
    if (input.requestValidatorId) throw badRequest('Invalid Request Validator identifier specified');
    if (resource.resourceMethods[httpMethod]) throw conflict('Method already exists for this resource');
    const method: MethodRecord = {
      httpMethod,
      authorizationType,
      apiKeyRequired: input.apiKeyRequired ?? false,
      operationName: input.operationName,
      requestParameters: input.requestParameters,
      requestModels: input.requestModels,
      authorizationScopes: input.authorizationScopes,
    };
    resource.resourceMethods[httpMethod] = method;
    this.db.putResource(restApiId, resource);
    return method;
  }

  public getMethod(scope: Scope, restApiId: string, resourceId: string, httpMethod: string): MethodRecord {
    return this.requireMethod(this.requireMethodResource(scope, restApiId, resourceId), httpMethod);
  }

  public deleteMethod(scope: Scope, restApiId: string, resourceId: string, httpMethod: string): void {
    const resource = this.requireMethodResource(scope, restApiId, resourceId);
    this.requireMethod(resource, httpMethod);
    delete resource.resourceMethods[httpMethod];
    this.db.putResource(restApiId, resource);
  }

  public putIntegration(
    scope: Scope,
    restApiId: string,
    resourceId: string,
    httpMethod: string,
    input: PutIntegrationInput,
  ): IntegrationRecord {
    const resource = this.requireMethodResource(scope, restApiId, resourceId);
    const method = this.requireMethod(resource, httpMethod);
    // required and one of the model's IntegrationType values: the request pipeline checked both
    const type = input.type!;
    if (type !== 'MOCK') {
      if (!input.integrationHttpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
      checkHttpMethod(input.integrationHttpMethod);
      if (!input.uri) throw badRequest('Invalid ARN specified in the request');
    }
    if (type === 'AWS' || type === 'AWS_PROXY') {
      // arn:aws:apigateway:<region>:<service>:path|action/…: the target service sits where an account would
      const uri = parseArn(input.uri!);
      if (!uri || uri.service !== 'apigateway' || !/^(path|action)\//.test(uri.resource)) {
        throw badRequest('AWS ARN for integration must contain path or action');
      }
      if (type === 'AWS_PROXY' && !['lambda', 'firehose'].includes(uri.account)) {
        throw badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
      }
    }
    if ((type === 'HTTP' || type === 'HTTP_PROXY') && !/^https?:\/\/[^/]+/.test(input.uri!)) {
      throw badRequest('Invalid HTTP endpoint specified for URI');
    }
    const timeoutInMillis = input.timeoutInMillis ?? 29000;
    if (!Number.isInteger(timeoutInMillis) || timeoutInMillis < 50 || timeoutInMillis > 29000) {
      throw badRequest('Timeout should be between 50 ms and 29000 ms');
    }
    const integration: IntegrationRecord = {
      type,
      httpMethod: type === 'MOCK' ? undefined : input.integrationHttpMethod,
      uri: input.uri,
      connectionType: type === 'MOCK' ? undefined : (input.connectionType ?? 'INTERNET'),
      connectionId: input.connectionId,
      credentials: input.credentials,
      requestParameters: input.requestParameters,
      requestTemplates: input.requestTemplates,
      passthroughBehavior: input.passthroughBehavior ?? 'WHEN_NO_MATCH',
      contentHandling: input.contentHandling,
      timeoutInMillis,
      cacheNamespace: input.cacheNamespace ?? resourceId,
      cacheKeyParameters: input.cacheKeyParameters ?? [],
    };
    method.methodIntegration = integration;
    this.db.putResource(restApiId, resource);
    return integration;
  }

  public getIntegration(scope: Scope, restApiId: string, resourceId: string, httpMethod: string): IntegrationRecord {
    const method = this.getMethod(scope, restApiId, resourceId, httpMethod);
    // AWS's words for a method without an integration (recorded on AWS: LocalStack test_apigateway_api.snapshot.json)
    if (!method.methodIntegration) throw notFound('Invalid Integration identifier specified');
    return method.methodIntegration;
  }

  public deleteIntegration(scope: Scope, restApiId: string, resourceId: string, httpMethod: string): void {
    const resource = this.requireMethodResource(scope, restApiId, resourceId);
    const method = this.requireMethod(resource, httpMethod);
    if (!method.methodIntegration) throw notFound('No integration defined for method');
    delete method.methodIntegration;
    this.db.putResource(restApiId, resource);
  }

  // ---- deployments ----

  /**
   * Freezes the API's current routes into a deployment; the data plane serves a stage from its
   * deployment's snapshot, so later resource changes need a new deployment, as on AWS.
   */
  public createDeployment(scope: Scope, restApiId: string, input: CreateDeploymentInput): DeploymentRecord {
    const api = this.requireApi(scope, restApiId);
    const resources = this.db.listResources(restApiId);
    const methods = resources.flatMap((r) => Object.values(r.resourceMethods));
    if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
    if (methods.some((m) => !m.methodIntegration)) throw badRequest('No integration defined for method');
    if (input.stageName !== undefined) checkStageName(input.stageName);
    const routes: RouteSnapshot[] = resources.map((r) => ({ resourceId: r.id, path: r.path, methods: r.resourceMethods }));
    const deployment: DeploymentRecord = {
      id: this.unusedDeploymentId(restApiId),
      description: input.description,
      createdDate: Date.now(),
      snapshot: { routes, binaryMediaTypes: api.binaryMediaTypes },
    };
    this.db.transaction(() => {
      this.db.putDeployment(restApiId, deployment);
      if (input.stageName !== undefined) {
        const existing = this.db.getStage(restApiId, input.stageName);
        const now = Date.now();
        const stage: StageRecord = existing
          ? { ...existing, deploymentId: deployment.id, lastUpdatedDate: now }
          : newStage(input.stageName, deployment.id, {
              description: input.stageDescription,
              variables: input.variables,
              tracingEnabled: input.tracingEnabled,
              cacheClusterEnabled: input.cacheClusterEnabled,
            });
        if (existing && input.variables) stage.variables = { ...stage.variables, ...input.variables };
        this.db.putStage(restApiId, stage);
      }
    });
    if (input.stageName !== undefined) this.onChange(restApiId);
    return deployment;
  }

  public getDeployment(scope: Scope, restApiId: string, deploymentId: string): DeploymentRecord {
    this.requireApi(scope, restApiId);
    return this.requireDeployment(restApiId, deploymentId);
  }

  public getDeployments(scope: Scope, restApiId: string, position?: string, limit?: number): Page<DeploymentRecord> {
    this.requireApi(scope, restApiId);
    return page(this.db.listDeployments(restApiId), (d) => d.id, position, limit);
  }

  /** UpdateDeployment: only the description changes; the routes a deployment froze never do. */
  public updateDeployment(
    scope: Scope,
    restApiId: string,
    deploymentId: string,
    operations: readonly PatchOperation[],
  ): DeploymentRecord {
    this.requireApi(scope, restApiId);
    const deployment = this.requireDeployment(restApiId, deploymentId);
    for (const { op, path = '', value } of operations) {
      if (op !== 'replace' || path !== '/description') {
        throw badRequest(`Invalid patch path '${path}' specified for op '${op}'. Must be one of: [/description]`);
      }
      deployment.description = value || undefined;
    }
    this.db.putDeployment(restApiId, deployment);
    return deployment;
  }

  public deleteDeployment(scope: Scope, restApiId: string, deploymentId: string): void {
    this.requireApi(scope, restApiId);
    this.requireDeployment(restApiId, deploymentId);
    if (this.db.listStages(restApiId).some((s) => s.deploymentId === deploymentId)) {
      throw badRequest('Active stages pointing to this deployment must be moved or deleted');
    }
    this.db.deleteDeployment(restApiId, deploymentId);
  }

  // ---- stages ----

  /**
   * CreateStage takes no access-log or method settings (CloudFormation sets those through
   * `updateStage`, as on AWS).
   */
  public createStage(scope: Scope, restApiId: string, input: CreateStageInput): StageRecord {
    this.requireApi(scope, restApiId);
    const stageName = input.stageName ?? '';
    checkStageName(stageName);
    if (!input.deploymentId) throw badRequest('Invalid Deployment identifier specified');
    this.requireDeployment(restApiId, input.deploymentId);
    if (this.db.getStage(restApiId, stageName)) throw conflict('Stage already exists');
    const stage = newStage(stageName, input.deploymentId, input);
    this.db.putStage(restApiId, stage);
    this.onChange(restApiId);
    return stage;
  }

  public getStage(scope: Scope, restApiId: string, stageName: string): StageRecord {
    this.requireApi(scope, restApiId);
    return this.requireStage(restApiId, stageName);
  }

  public getStages(scope: Scope, restApiId: string, deploymentId?: string): StageRecord[] {
    this.requireApi(scope, restApiId);
    return this.db.listStages(restApiId).filter((s) => deploymentId === undefined || s.deploymentId === deploymentId);
  }

  /**
   * UpdateStage. Turning logging on (access logs, execution logging, data trace) needs the account's
   * CloudWatch role in this region, as on AWS.
   */
  public updateStage(
    scope: Scope,
    restApiId: string,
    stageName: string,
    operations: readonly PatchOperation[],
  ): StageRecord {
    this.requireApi(scope, restApiId);
    const current = this.requireStage(restApiId, stageName);
    const { stage, effects } = applyStagePatch(current, operations);
    if (effects.deploymentId !== undefined) this.requireDeployment(restApiId, effects.deploymentId);
    if (effects.enablesLogging && !this.db.getAccount(scope).cloudwatchRoleArn) {
      throw badRequest('CloudWatch Logs role ARN must be set in account settings to enable logging');
    }
    stage.lastUpdatedDate = Date.now();
    this.db.putStage(restApiId, stage);
    this.onChange(restApiId);
    return stage;
  }

  public deleteStage(scope: Scope, restApiId: string, stageName: string): void {
    this.requireApi(scope, restApiId);
    this.requireStage(restApiId, stageName);
    this.db.deleteStage(restApiId, stageName);
    this.onChange(restApiId);
  }

  // ---- account ----

  public getAccount(scope: Scope): AccountRecord & { throttleSettings: typeof ACCOUNT_THROTTLE } {
    return { ...this.db.getAccount(scope), throttleSettings: ACCOUNT_THROTTLE };
  }

  /**
   * UpdateAccount: the CloudWatch role API Gateway uses to write logs (per region). `checkRole` asks IAM
   * whether the role exists and trusts apigateway.amazonaws.com, when IAM is there to ask.
   */
  public updateAccount(
    scope: Scope,
    operations: readonly PatchOperation[],
    checkRole?: (roleArn: string, scope: Scope) => boolean,
  ): AccountRecord & { throttleSettings: typeof ACCOUNT_THROTTLE } {
    const account = this.db.getAccount(scope);
    const roleArn = applyAccountPatch(account.cloudwatchRoleArn, operations);
    if (roleArn !== undefined) {
      const arn = parseArn(roleArn);
      if (!arn || arn.service !== 'iam' || !/^\d{12}$/.test(arn.account) || !arn.resource.startsWith('role/')) {
        throw badRequest(`The role ARN is not well formed: ${roleArn}`);
      }
      if (checkRole && !checkRole(roleArn, scope)) {
        throw badRequest('The role ARN does not have required permissions set to API Gateway');
      }
    }
    this.db.putAccount(scope, { ...account, cloudwatchRoleArn: roleArn });
    return this.getAccount(scope);
  }

  // ---- data plane lookups (any account: the execute-api URL names only the API) ----

  /** The API and one of its stages with its deployment, for the data plane; undefined parts when absent. */
  public lookupStage(
    restApiId: string,
    stageName: string,
  ): { api?: RestApiRecord; stage?: StageRecord; deployment?: DeploymentRecord } {
    const api = this.db.findApi(restApiId);
    if (!api) return {};
    const stage = this.db.getStage(restApiId, stageName);
    if (!stage) return { api };
    return { api, stage, deployment: this.db.getDeployment(restApiId, stage.deploymentId) };
  }

  // ---- helpers ----

  private requireApi(scope: Scope, restApiId: string): RestApiRecord {
    const api = this.db.getApi(scope, restApiId);
    if (!api) throw notFound(`Invalid API identifier specified ${scope.accountId}:${restApiId}`);
    return api;
  }

  private requireResource(restApiId: string, resourceId: string): ResourceRecord {
    const resource = this.db.getResource(restApiId, resourceId);
    if (!resource) throw notFound('Invalid Resource identifier specified');
    return resource;
  }

  /**
   * The resource a method or integration operation names; a missing API is a missing resource there (recorded on
   * AWS: LocalStack apigateway/test_apigateway_api.snapshot.json, test_put_method_validation/wrong-api,
   * test_update_method_validation/wrong-rest-api, test_integration_response_wrong_api).
   */
  private requireMethodResource(scope: Scope, restApiId: string, resourceId: string): ResourceRecord {
    if (!this.db.getApi(scope, restApiId)) throw notFound('Invalid Resource identifier specified');
    return this.requireResource(restApiId, resourceId);
  }

  private requireMethod(resource: ResourceRecord, httpMethod: string): MethodRecord {
    const method = resource.resourceMethods[httpMethod];
    if (!method) throw notFound('Invalid Method identifier specified');
    return method;
  }

  private requireDeployment(restApiId: string, deploymentId: string): DeploymentRecord {
    const deployment = this.db.getDeployment(restApiId, deploymentId);
    if (!deployment) throw notFound('Invalid Deployment identifier specified');
    return deployment;
  }

  private requireStage(restApiId: string, stageName: string): StageRecord {
    const stage = this.db.getStage(restApiId, stageName);
    if (!stage) throw notFound('Invalid Stage identifier specified');
    return stage;
  }

  private unusedApiId(): string {
    for (;;) {
      const id = newRestApiId();
      if (!this.db.findApi(id)) return id;
    }
  }

  private unusedDeploymentId(restApiId: string): string {
    for (;;) {
      const id = shortId();
      if (!this.db.getDeployment(restApiId, id)) return id;
    }
  }

  /** CreateRestApi `cloneFrom`: the source's resources and methods under new ids. */
  private cloneResources(sourceId: string, api: RestApiRecord): void {
    const source = this.db.listResources(sourceId);
    const ids = new Map<string, string>();
    for (const r of source) ids.set(r.id, r.path === '/' ? api.rootResourceId : shortId());
    for (const r of source) {
      const id = ids.get(r.id)!;
      this.db.putResource(api.id, {
        ...structuredClone(r),
        id,
        parentId: r.parentId ? ids.get(r.parentId) : undefined,
      });
    }
  }
}

function newStage(stageName: string, deploymentId: string, input: Omit<CreateStageInput, 'stageName' | 'deploymentId'>): StageRecord {
  const now = Date.now();
  return {
    stageName,
    deploymentId,
    description: input.description,
    variables: input.variables ?? {},
    methodSettings: {},
    tracingEnabled: input.tracingEnabled ?? false,
    cacheClusterEnabled: input.cacheClusterEnabled ?? false,
    cacheClusterSize: input.cacheClusterSize,
    documentationVersion: input.documentationVersion,
    tags: input.tags ?? {},
    createdDate: now,
    lastUpdatedDate: now,
  };
}

function checkHttpMethod(httpMethod: string): void {
  if (!(HTTP_METHODS as readonly string[]).includes(httpMethod)) {
    // AWS lists them in this order (recorded on AWS: test_apigateway_api.snapshot.json test_put_method_validation)
    throw badRequest('Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY');
  }
}

function checkStageName(stageName: string): void {
  if (!STAGE_NAME.test(stageName)) throw badRequest('Stage name only allows a-zA-Z0-9_');
}

function endpointConfigurationOf(input: Partial<EndpointConfiguration> | undefined): EndpointConfiguration {
  const types = input?.types ?? ['EDGE'];
  // AWS's words for none and for several (recorded on AWS: test_create_rest_api_with_endpoint_configuration)
  if (Array.isArray(types) && types.length === 0) throw badRequest('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
  if (Array.isArray(types) && types.length > 1) throw badRequest('Cannot create an api with multiple Endpoint Types.');
  if (!Array.isArray(types) || types.length !== 1 || !['EDGE', 'REGIONAL', 'PRIVATE'].includes(types[0])) {
    throw badRequest('Invalid endpoint configuration: exactly one of EDGE, REGIONAL or PRIVATE is allowed');
  }
  return {
    types: [...types],
    ipAddressType: input?.ipAddressType ?? (types[0] === 'PRIVATE' ? 'dualstack' : 'ipv4'),
    vpcEndpointIds: input?.vpcEndpointIds,
  };
}

/** `position` is the id after which the page starts; `limit` 1–500, default 25. */
function page<T>(all: T[], idOf: (t: T) => string, position?: string, limit?: number): Page<T> {
  const size = limit ?? 25;
  if (!Number.isInteger(size) || size < 1 || size > 500) throw badRequest('Invalid limit: must be between 1 and 500');
  let start = 0;
  if (position) {
    start = all.findIndex((t) => idOf(t) === position) + 1;
    if (start === 0) throw badRequest('Invalid position specified');
  }
  const item = all.slice(start, start + size);
  const more = start + size < all.length;
  return { item, position: more ? idOf(item[item.length - 1]) : undefined };
}

const decodePointer = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');
