import { evaluatePolicy } from '@kms-logs-api/iam-policy';
import type { AwsService, CallContext, Operation, ServiceDeps } from '../../core/service';
import type { IamService } from '../iam';
import type { LambdaService } from '../lambda';
import type { LogsService } from '../logs';
import { AccessLogWriter } from './access-log-writer';
import type { AccessLogSink } from './access-log-writer';
import { RestApiControlPlane } from './control-plane';
import { badRequest } from './errors';
import { ExecuteApi } from './execute-api';
import type { LambdaIntegrationTarget } from './execute-api';
import { lambdaTargetOf } from './lambda-target';
import type { ApiScope } from './model';
import { RestApiStore } from './rest-api-store';
import { API_GATEWAY_ROUTES } from './routes';
import type { PatchOperation } from './stage-patch';
import {
  deploymentOutput,
  integrationOutput,
  methodOutput,
  resourceOutput,
  restApiOutput,
  stageOutput,
} from './wire';

export interface ApiGatewayServiceDeps extends ServiceDeps {
  /** Lambda for proxy integrations. @default the `lambda` service of `services` */
  readonly lambda?: LambdaIntegrationTarget;
  /** Where access-log batches go. @default CloudWatch Logs' in-process `putLogEvents` from `services` */
  readonly accessLogSink?: AccessLogSink;
  /** The server log. @default a line on stderr */
  readonly log?: (message: string) => void;
  /** Longest time an access-log line waits before it is written. @default 50 */
  readonly accessLogFlushMs?: number;
}

/** API Gateway for other local-cloud services (CloudFormation's providers) and tests. */
export interface ApiGatewayInternalApi {
  /** The control plane: the same code path as the AWS operations. */
  readonly restApis: RestApiControlPlane;
  /** Writes every buffered access-log line now and waits for the writes. */
  flushAccessLogs(): Promise<void>;
}

export interface ApiGatewayService extends AwsService {
  readonly internal: ApiGatewayInternalApi;
  readonly dataPlane: ExecuteApi;
  /** Writes the access-log lines still buffered (call before the store closes). */
  close(): Promise<void>;
}

/**
 * API Gateway, REST APIs (v1): the restJson1 control plane (`/restapis…`, `/account`) and the
 * execute-api data plane, with state in SQLite and an in-memory route cache per deployment.
 */
export function createApiGatewayService(deps: ApiGatewayServiceDeps): ApiGatewayService {
  const log = deps.log ?? ((message: string) => process.stderr.write(`[apigateway] ${message}\n`));
  const db = new RestApiStore(deps.store);
  let dataPlane: ExecuteApi | undefined;
  const restApis = new RestApiControlPlane(db, (apiId) => dataPlane?.invalidate(apiId));

  const sink: AccessLogSink =
    deps.accessLogSink ??
    ((batch) => {
      const logs = deps.services?.get<LogsService>('logs');
      if (!logs) throw new Error('the CloudWatch Logs service is not available');
      logs.internal.putLogEvents(batch.logGroupName, batch.logStreamName, batch.events, {
        accountId: batch.accountId,
        region: batch.region,
      });
    });
  const accessLogs = new AccessLogWriter(
    sink,
    (error, batch) =>
      log(
        `access log write to ${batch.logGroupName} (${batch.region}, ${batch.accountId}) failed, ` +
          `${batch.events.length} line(s) dropped: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      ),
    deps.accessLogFlushMs,
  );
  dataPlane = new ExecuteApi({
    controlPlane: restApis,
    lambda: () => deps.lambda ?? lambdaTargetOf(deps.services?.get<LambdaService>('lambda')?.backend),
    accessLogs,
    log,
  });

  /** Whether IAM has the role and it trusts apigateway.amazonaws.com (true when IAM is not there to ask). */
  const roleTrustsApiGateway = (roleArn: string): boolean => {
    const iam = deps.services?.get<IamService>('iam');
    if (!iam) return true;
    const role = iam.getRole(roleArn.slice(roleArn.lastIndexOf('/') + 1));
    return (
      role !== undefined &&
      role.arn === roleArn &&
      evaluatePolicy(role.assumeRolePolicyDocument, {
        principal: { Service: 'apigateway.amazonaws.com' },
        action: 'sts:AssumeRole',
        resource: role.arn,
      }).decision === 'Allow'
    );
  };

  const scope = (ctx: CallContext): ApiScope => ({ accountId: ctx.accountId, region: ctx.region });

  const operations: Record<string, Operation> = {
    CreateRestApi: (input, ctx) =>
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
    GetRestApi: (input, ctx) => restApiOutput(restApis.getRestApi(scope(ctx), label(input, 'restApiId'))),
    GetRestApis: (input, ctx) => {
      const p = restApis.getRestApis(scope(ctx), str(input, 'position'), num(input, 'limit'));
      return { item: p.item.map(restApiOutput), position: p.position };
    },
    UpdateRestApi: (input, ctx) =>
      restApiOutput(restApis.updateRestApi(scope(ctx), label(input, 'restApiId'), patch(input))),
    DeleteRestApi: (input, ctx) => {
      restApis.deleteRestApi(scope(ctx), label(input, 'restApiId'));
      return {};
    },

    GetResources: (input, ctx) => {
      const p = restApis.getResources(scope(ctx), label(input, 'restApiId'), str(input, 'position'), num(input, 'limit'));
      const embedMethods = embeds(input, 'methods');
      return { item: p.item.map((r) => resourceOutput(r, embedMethods)), position: p.position };
    },
    GetResource: (input, ctx) =>
      resourceOutput(
        restApis.getResource(scope(ctx), label(input, 'restApiId'), label(input, 'resourceId')),
        embeds(input, 'methods'),
      ),
    CreateResource: (input, ctx) =>
      resourceOutput(
        restApis.createResource(scope(ctx), label(input, 'restApiId'), label(input, 'parentId'), str(input, 'pathPart') ?? ''),
        false,
      ),
    DeleteResource: (input, ctx) => {
      restApis.deleteResource(scope(ctx), label(input, 'restApiId'), label(input, 'resourceId'));
      return {};
    },

    PutMethod: (input, ctx) =>
      methodOutput(
        restApis.putMethod(scope(ctx), label(input, 'restApiId'), label(input, 'resourceId'), label(input, 'httpMethod'), {
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
    GetMethod: (input, ctx) =>
      methodOutput(restApis.getMethod(scope(ctx), label(input, 'restApiId'), label(input, 'resourceId'), label(input, 'httpMethod'))),
    DeleteMethod: (input, ctx) => {
      restApis.deleteMethod(scope(ctx), label(input, 'restApiId'), label(input, 'resourceId'), label(input, 'httpMethod'));
      return {};
    },
    PutIntegration: (input, ctx) => {
      // on the wire the body's `httpMethod` is the integration's verb (the route keeps the body apart from the
      // method's label); an in-process caller may pass the model's members, `integrationHttpMethod` included
      const wire = obj(input, 'body');
      const body = wire ?? input;
      return integrationOutput(
        restApis.putIntegration(scope(ctx), label(input, 'restApiId'), label(input, 'resourceId'), label(input, 'httpMethod'), {
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
    GetIntegration: (input, ctx) =>
      integrationOutput(
        restApis.getIntegration(scope(ctx), label(input, 'restApiId'), label(input, 'resourceId'), label(input, 'httpMethod')),
      ),
    DeleteIntegration: (input, ctx) => {
      restApis.deleteIntegration(scope(ctx), label(input, 'restApiId'), label(input, 'resourceId'), label(input, 'httpMethod'));
      return {};
    },

    CreateDeployment: (input, ctx) =>
      deploymentOutput(
        restApis.createDeployment(scope(ctx), label(input, 'restApiId'), {
          stageName: str(input, 'stageName'),
          stageDescription: str(input, 'stageDescription'),
          description: str(input, 'description'),
          variables: strMap(input, 'variables'),
          tracingEnabled: bool(input, 'tracingEnabled'),
          cacheClusterEnabled: bool(input, 'cacheClusterEnabled'),
        }),
        false,
      ),
    GetDeployment: (input, ctx) =>
      deploymentOutput(
        restApis.getDeployment(scope(ctx), label(input, 'restApiId'), label(input, 'deploymentId')),
        embeds(input, 'apisummary'),
      ),
    GetDeployments: (input, ctx) => {
      const p = restApis.getDeployments(scope(ctx), label(input, 'restApiId'), str(input, 'position'), num(input, 'limit'));
      return { item: p.item.map((d) => deploymentOutput(d, false)), position: p.position };
    },
    UpdateDeployment: (input, ctx) =>
      deploymentOutput(
        restApis.updateDeployment(scope(ctx), label(input, 'restApiId'), label(input, 'deploymentId'), patch(input)),
        false,
      ),
    DeleteDeployment: (input, ctx) => {
      restApis.deleteDeployment(scope(ctx), label(input, 'restApiId'), label(input, 'deploymentId'));
      return {};
    },

    CreateStage: (input, ctx) =>
      stageOutput(
        restApis.createStage(scope(ctx), label(input, 'restApiId'), {
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
    GetStage: (input, ctx) => stageOutput(restApis.getStage(scope(ctx), label(input, 'restApiId'), label(input, 'stageName'))),
    GetStages: (input, ctx) => ({
      item: restApis.getStages(scope(ctx), label(input, 'restApiId'), str(input, 'deploymentId')).map(stageOutput),
    }),
    UpdateStage: (input, ctx) =>
      stageOutput(restApis.updateStage(scope(ctx), label(input, 'restApiId'), label(input, 'stageName'), patch(input))),
    DeleteStage: (input, ctx) => {
      restApis.deleteStage(scope(ctx), label(input, 'restApiId'), label(input, 'stageName'));
      return {};
    },

    GetAccount: (_input, ctx) => accountOutput(restApis.getAccount(scope(ctx))),
    UpdateAccount: (input, ctx) => accountOutput(restApis.updateAccount(scope(ctx), patch(input), roleTrustsApiGateway)),
  };

  return {
    signingName: 'apigateway',
    protocol: 'restJson1',
    operations,
    routes: API_GATEWAY_ROUTES,
    dataPlane,
    internal: { restApis, flushAccessLogs: () => accessLogs.flush() },
    close: () => accessLogs.flush(),
  };
}

function accountOutput(account: { cloudwatchRoleArn?: string; throttleSettings: object }): Record<string, unknown> {
  return {
    cloudwatchRoleArn: account.cloudwatchRoleArn,
    throttleSettings: account.throttleSettings,
    features: ['UsagePlans'],
    apiKeyVersion: '4',
  };
}

// ---- reading the decoded input defensively: a wrong type is the caller's BadRequestException ----

type Input = Record<string, unknown>;

function label(input: Input, name: string): string {
  return str(input, name) ?? '';
}

function str(input: Input, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`Invalid value for ${name}: expected a string`);
  return v;
}

function num(input: Input, name: string): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw badRequest(`Invalid value for ${name}: expected a number`);
  return v;
}

function bool(input: Input, name: string): boolean | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badRequest(`Invalid value for ${name}: expected a boolean`);
  return v;
}

function obj(input: Input, name: string): Input | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Buffer.isBuffer(v)) {
    throw badRequest(`Invalid value for ${name}: expected a structure`);
  }
  return v as Input;
}

function strMap(input: Input, name: string): Record<string, string> | undefined {
  const v = obj(input, name);
  if (v && Object.values(v).some((x) => typeof x !== 'string')) {
    throw badRequest(`Invalid value for ${name}: expected a map of strings`);
  }
  return v as Record<string, string> | undefined;
}

function strList(input: Input, name: string): string[] | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw badRequest(`Invalid value for ${name}: expected a list of strings`);
  }
  return v as string[];
}

function patch(input: Input): PatchOperation[] {
  const v = input.patchOperations;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null)) {
    throw badRequest('Invalid value for patchOperations: expected a list of patch operations');
  }
  return v as PatchOperation[];
}

/** `embed` arrives as a list (`?embed=methods` or `embed=a,b`). */
function embeds(input: Input, what: string): boolean {
  const v = input.embed;
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list.some((e) => typeof e === 'string' && e.split(',').map((s) => s.trim()).includes(what));
}
