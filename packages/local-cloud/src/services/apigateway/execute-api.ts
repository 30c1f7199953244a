import { createHash } from 'node:crypto';
import { executeApiArn, functionOfLambdaIntegrationUri } from '../../core/arns/apigateway';
import type { HttpRequest, HttpResponse } from '../../core/http';
import type { DataPlane, DataPlaneContext } from '../../core/service';
import { compileFormat, renderFormat } from './access-log-format';
import type { CompiledFormat } from './access-log-format';
import type { AccessLogWriter } from './access-log-writer';
import type { RestApiControlPlane } from './control-plane';
import { EXECUTE_API_PREFIX } from './execute-api-url';
import { extendedRequestId as newExtendedRequestId, traceId } from './ids';
import {
  buildProxyEvent,
  executeApiDomain,
  formatRequestTime,
  headerValue,
  parseProxyResponse,
  safeDecode,
} from './lambda-proxy';
import type { GatewayRequest } from './lambda-proxy';
import { ACCOUNT_THROTTLE } from './model';
import type { RestApiRecord, StageRecord } from './model';
import { RouteTable } from './route-table';
import type { RouteMatch } from './route-table';
import { logGroupOfDestination, methodSettingKey } from './stage-patch';
import { TokenBucket } from './token-bucket';

/** The result of one Lambda invocation, as the Lambda service reports it. */
export interface LambdaInvocation {
  /** Lambda's own HTTP status (200 for a synchronous invoke that ran): `$context.integrationStatus`. */
  readonly statusCode: number;
  /** The function's response document (or its error document). */
  readonly payload: Buffer | string;
  /** `Unhandled` (or `Handled`) when the function failed. */
  readonly functionError?: string;
  /** The function's request id: `$context.integration.requestId`. */
  readonly requestId?: string;
}

/** Whether a function's resource policy lets API Gateway invoke it from this source. */
export type InvokePermission = 'allowed' | 'denied' | 'function-not-found';

/** What the data plane needs from Lambda: its in-process invoke, and a resource-policy check. */
export interface LambdaIntegrationTarget {
  invoke(input: {
    functionArn: string;
    /** The proxy event as execute-api serialised it (`JSON.stringify`). */
    payload: string;
    accountId: string;
    region: string;
    sourceArn: string;
  }): Promise<LambdaInvocation>;
  /** Absent when Lambda offers no check: then every invocation is allowed. */
  checkPermission?(input: {
    functionArn: string;
    principal: string;
    sourceArn: string;
    sourceAccount: string;
    /** The API's region (a function named without an ARN is looked up there). */
    region: string;
  }): InvokePermission | Promise<InvokePermission>;
}

/** The gateway's own answers (not the function's), as API Gateway words them. */
const GATEWAY_RESPONSES = {
  MISSING_AUTHENTICATION_TOKEN: {
    status: 403,
    errorType: 'MissingAuthenticationTokenException',
    message: 'Missing Authentication Token',
    body: '{"message":"Missing Authentication Token"}',
  },
  FORBIDDEN: { status: 403, errorType: 'ForbiddenException', message: 'Forbidden', body: '{"message":"Forbidden"}' },
  THROTTLED: {
    status: 429,
    errorType: 'TooManyRequestsException',
    message: 'Too Many Requests',
    body: '{"message":"Too Many Requests"}',
  },
  API_CONFIGURATION_ERROR: {
    status: 500,
    errorType: 'InternalServerErrorException',
    message: 'Internal server error',
    body: '{"message": "Internal server error"}',
  },
  DEFAULT_5XX: {
    status: 502,
    errorType: 'InternalServerErrorException',
    message: 'Internal server error',
    body: '{"message": "Internal server error"}',
  },
  INTEGRATION_TIMEOUT: {
    status: 504,
    errorType: undefined,
    message: 'Endpoint request timed out',
    body: '{"message": "Endpoint request timed out"}',
  },
} as const;
type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

interface StageRuntime {
  readonly api: RestApiRecord;
  readonly stage: StageRecord;
  readonly table: RouteTable;
  readonly binaryMediaTypes: readonly string[];
  /** The function of a Lambda integration URI, stage variables filled in (memoised per URI). */
  readonly functionArnOf: (uri: string | undefined) => string | undefined;
  readonly accessLog?: {
    readonly format: CompiledFormat;
    readonly accountId: string;
    readonly region: string;
    readonly logGroupName: string;
    readonly logStreamName: string;
  };
}

type CacheEntry = { kind: 'api-missing' } | { kind: 'stage-missing'; api: RestApiRecord } | { kind: 'ok'; rt: StageRuntime };

/** What one request did, for its access-log line. */
interface Outcome {
  status: number;
  responseLength: number;
  match?: RouteMatch;
  integrationLatency?: number;
  integrationStatus?: number;
  integrationFunctionStatus?: number;
  integrationRequestId?: string;
  integrationError?: string;
  error?: { message: string; responseType: GatewayResponseType };
}

const USER_REQUEST = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_(\/.*)?$/;
const EXECUTE_API_HOST = /^([a-z0-9]{10})\.execute-api\./;

export interface ExecuteApiDeps {
  readonly controlPlane: RestApiControlPlane;
  /** Lambda, looked up when a request needs it (services may start in any order). */
  readonly lambda: () => LambdaIntegrationTarget | undefined;
  readonly accessLogs: AccessLogWriter;
  /** The server log: configuration errors and failed log writes go here, never to the client. */
  readonly log: (message: string) => void;
}

/**
 * The execute-api data plane of REST APIs: `/_aws/execute-api/<api>/<stage>/<path>`,
 * `/restapis/<api>/<stage>/_user_request_/<path>`, or any path on a `<api>.execute-api.*` host.
 * Unsigned, as a public API is. Serves a stage from its deployment's frozen routes (cached in memory;
 * the control plane invalidates), throttles by the stage's method settings, invokes Lambda proxy
 * integrations and writes the stage's access log off the request path.
 */
export class ExecuteApi implements DataPlane {
  private readonly cache = new Map<string, Map<string, CacheEntry>>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly streamSuffix = Date.now().toString(16);

  constructor(private readonly deps: ExecuteApiDeps) {}

  /** Drops what is cached about an API: the control plane calls this on every change to it. */
  public invalidate(apiId: string): void {
    this.cache.delete(apiId);
  }

  public matches(req: HttpRequest): boolean {
    return (
      req.rawPath.startsWith(EXECUTE_API_PREFIX) ||
      (req.rawPath.startsWith('/restapis/') && USER_REQUEST.test(req.rawPath)) ||
      EXECUTE_API_HOST.test(req.headers.host ?? '')
    );
  }

  public async handle(req: HttpRequest, ctx: DataPlaneContext): Promise<HttpResponse> {
    const started = performance.now();
    const requestTimeEpoch = Date.now();
    const requestId = ctx.requestId;
    const extendedRequestId = newExtendedRequestId();
    const baseHeaders: Record<string, string> = {
      'x-amzn-RequestId': requestId,
      'x-amz-apigw-id': extendedRequestId,
      'X-Amzn-Trace-Id': traceId(requestTimeEpoch),
    };
    const { apiId, stageName, rawPath } = parseTarget(req);
    const entry = this.runtime(apiId, stageName);
    if (entry.kind === 'api-missing') return gatewayResponse('FORBIDDEN', baseHeaders);
    if (entry.kind === 'stage-missing') return gatewayResponse('MISSING_AUTHENTICATION_TOKEN', baseHeaders);
    const rt = entry.rt;

    const sourceIp = (ctx as { sourceIp?: string }).sourceIp ?? '127.0.0.1';
    const request: GatewayRequest = {
      httpMethod: req.method,
      rawPath,
      rawQuery: req.rawQuery,
      rawHeaders: withForwardingHeaders(
        (req as { rawHeaders?: readonly string[] }).rawHeaders ?? flattenHeaders(req.headers),
        sourceIp,
        baseHeaders['X-Amzn-Trace-Id'],
      ),
      body: req.body,
      sourceIp,
    };
    const outcome: Outcome = { status: 0, responseLength: 0 };
    let response: HttpResponse;
    try {
      response = await this.serve(rt, request, { requestId, extendedRequestId, requestTimeEpoch }, outcome, baseHeaders);
    } catch (error) {
      this.deps.log(`execute-api ${apiId}/${stageName}: ${error instanceof Error ? error.stack : String(error)}`);
      outcome.error = { message: GATEWAY_RESPONSES.API_CONFIGURATION_ERROR.message, responseType: 'API_CONFIGURATION_ERROR' };
      response = gatewayResponse('API_CONFIGURATION_ERROR', baseHeaders);
    }
    outcome.status = response.status;
    outcome.responseLength = response.body === undefined ? 0 : Buffer.byteLength(response.body);
    if (rt.accessLog) {
      this.writeAccessLog(rt, request, { requestId, extendedRequestId, requestTimeEpoch }, outcome, performance.now() - started);
    }
    return response;
  }

  private async serve(
    rt: StageRuntime,
    req: GatewayRequest,
    ids: { requestId: string; extendedRequestId: string; requestTimeEpoch: number },
    outcome: Outcome,
    baseHeaders: Record<string, string>,
  ): Promise<HttpResponse> {
    const fail = (type: GatewayResponseType): HttpResponse => {
      outcome.error = { message: GATEWAY_RESPONSES[type].message, responseType: type };
      return gatewayResponse(type, baseHeaders);
    };
    const match = rt.table.match(req.httpMethod, req.rawPath);
    if (!match) return fail('MISSING_AUTHENTICATION_TOKEN');
    outcome.match = match;
    if (!this.takeToken(rt, match)) return fail('THROTTLED');
    // IAM authorization is not evaluated here; an unsigned call to an AWS_IAM method fails as on AWS
    if (match.method.authorizationType === 'AWS_IAM' && !headerValue(req.rawHeaders, 'authorization')) {
      return fail('MISSING_AUTHENTICATION_TOKEN');
    }
    const integration = match.method.methodIntegration;
    const functionArn = integration?.type === 'AWS_PROXY' ? rt.functionArnOf(integration.uri) : undefined;
    if (!integration || !functionArn) {
      this.deps.log(
        `execute-api ${rt.api.id}/${rt.stage.stageName} ${match.method.httpMethod} ${match.resourcePath}: ` +
          `integration type ${integration?.type ?? 'none'} (${integration?.uri ?? '-'}) is not supported by local-cloud`,
      );
      return fail('API_CONFIGURATION_ERROR');
    }
    const lambda = this.deps.lambda();
    if (!lambda) {
      this.deps.log('execute-api: the Lambda service is not available');
      return fail('API_CONFIGURATION_ERROR');
    }

    const { accountId, region } = rt.api;
    const sourceArn = executeApiArn({ accountId, region }, rt.api.id, rt.stage.stageName, req.httpMethod, safeDecode(req.rawPath));
    const integrationStarted = performance.now();
    if (lambda.checkPermission) {
      const permission = await lambda.checkPermission({
        functionArn,
        principal: 'apigateway.amazonaws.com',
        sourceArn,
        sourceAccount: accountId,
        region,
      });
      if (permission !== 'allowed') {
        this.deps.log(
          `execute-api ${rt.api.id}/${rt.stage.stageName} (${ids.requestId}): Execution failed due to configuration error: ` +
            (permission === 'denied' ? 'Invalid permissions on Lambda function' : `Function not found: ${functionArn}`),
        );
        outcome.integrationError = 'Invalid permissions on Lambda function';
        return fail('API_CONFIGURATION_ERROR');
      }
    }

    const event = buildProxyEvent(req, {
      accountId,
      region,
      apiId: rt.api.id,
      stage: rt.stage.stageName,
      deploymentId: rt.stage.deploymentId,
      resourceId: match.resourceId,
      resourcePath: match.resourcePath,
      requestId: ids.requestId,
      extendedRequestId: ids.extendedRequestId,
      requestTimeEpoch: ids.requestTimeEpoch,
      pathParameters: match.pathParameters,
      stageVariables: rt.stage.variables,
      binaryMediaTypes: rt.binaryMediaTypes,
    });

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), integration.timeoutInMillis);
    });
    const invocation = lambda.invoke({ functionArn, payload: JSON.stringify(event), accountId, region, sourceArn });
    let result: LambdaInvocation | 'timeout';
    try {
      result = await Promise.race([invocation, timedOut]);
    } catch (error) {
      outcome.integrationLatency = performance.now() - integrationStarted;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      outcome.integrationError = message;
      this.deps.log(`execute-api ${rt.api.id}/${rt.stage.stageName} (${ids.requestId}): Execution failed due to configuration error: ${message}`);
      return fail('API_CONFIGURATION_ERROR');
    } finally {
      clearTimeout(timer);
    }
    outcome.integrationLatency = performance.now() - integrationStarted;
    if (result === 'timeout') {
      invocation.catch(() => undefined); // the function keeps running; its outcome no longer matters
      outcome.integrationError = 'Execution failed due to a timeout error';
      return fail('INTEGRATION_TIMEOUT');
    }
    outcome.integrationStatus = result.statusCode;
    outcome.integrationRequestId = result.requestId;
    if (result.functionError) {
      outcome.integrationError = `Lambda function error (${result.functionError})`;
      return fail('DEFAULT_5XX');
    }
    const proxy = parseProxyResponse(result.payload);
    if (!proxy) {
      this.deps.log(`execute-api ${rt.api.id}/${rt.stage.stageName} (${ids.requestId}): Execution failed due to configuration error: Malformed Lambda proxy response`);
      outcome.integrationError = 'Malformed Lambda proxy response';
      return fail('DEFAULT_5XX');
    }
    outcome.integrationFunctionStatus = proxy.statusCode;
    const headers: Record<string, string> = {};
    const names = new Map<string, string>();
    for (const [name, value] of proxy.headers) {
      const lower = name.toLowerCase();
      if (FRAMING_HEADERS.has(lower)) continue;
      const existing = names.get(lower);
      if (existing) headers[existing] = `${headers[existing]}, ${value}`;
      else {
        names.set(lower, name);
        headers[name] = value;
      }
    }
    if (!names.has('content-type')) headers['Content-Type'] = 'application/json';
    for (const [name, value] of Object.entries(baseHeaders)) {
      const existing = names.get(name.toLowerCase());
      if (existing) delete headers[existing];
      headers[name] = value;
    }
    return { status: proxy.statusCode, headers, body: proxy.body };
  }

  /** The stage's (or the method's) bucket, then the account's regional one. */
  private takeToken(rt: StageRuntime, match: RouteMatch): boolean {
    const settings = rt.stage.methodSettings;
    const specificKey = methodSettingKey(match.resourcePath, match.method.httpMethod);
    const key = settings[specificKey] ? specificKey : settings['*/*'] ? '*/*' : undefined;
    if (key) {
      const { throttlingRateLimit: rate, throttlingBurstLimit: burst } = settings[key];
      if (rate >= 0 && burst >= 0) {
        const bucketKey = `${rt.api.id}/${rt.stage.stageName}/${key}`;
        let bucket = this.buckets.get(bucketKey);
        if (!bucket || bucket.rateLimit !== rate || bucket.burstLimit !== burst) {
          this.buckets.set(bucketKey, (bucket = new TokenBucket(rate, burst)));
        }
        if (!bucket.take()) return false;
      }
    }
    const accountKey = `${rt.api.accountId}/${rt.api.region}`;
    let account = this.buckets.get(accountKey);
    if (!account) this.buckets.set(accountKey, (account = new TokenBucket(ACCOUNT_THROTTLE.rateLimit, ACCOUNT_THROTTLE.burstLimit)));
    return account.take();
  }

  private runtime(apiId: string, stageName: string): CacheEntry {
    let stages = this.cache.get(apiId);
    let entry = stages?.get(stageName);
    if (entry) return entry;
    const { api, stage, deployment } = this.deps.controlPlane.lookupStage(apiId, stageName);
    if (!api) entry = { kind: 'api-missing' };
    else if (!stage || !deployment) entry = { kind: 'stage-missing', api };
    else {
      const destination = stage.accessLogSettings?.destinationArn;
      const format = stage.accessLogSettings?.format;
      const group = destination ? logGroupOfDestination(destination) : undefined;
      if (destination && !group) this.deps.log(`execute-api ${apiId}/${stageName}: access logs to ${destination} are not supported (only CloudWatch Logs)`);
      entry = {
        kind: 'ok',
        rt: {
          api,
          stage,
          table: new RouteTable(deployment.snapshot),
          functionArnOf: memoise((uri) => lambdaFunctionOf(uri, stage.variables)),
          binaryMediaTypes: deployment.snapshot.binaryMediaTypes,
          accessLog:
            group && format
              ? {
                  format: compileFormat(format),
                  ...group,
                  logStreamName: createHash('md5').update(`${apiId}/${stageName}/${this.streamSuffix}`).digest('hex'),
                }
              : undefined,
        },
      };
    }
    if (!stages) this.cache.set(apiId, (stages = new Map()));
    stages.set(stageName, entry);
    return entry;
  }

  private writeAccessLog(
    rt: StageRuntime,
    req: GatewayRequest,
    ids: { requestId: string; extendedRequestId: string; requestTimeEpoch: number },
    outcome: Outcome,
    responseLatency: number,
  ): void {
    const log = rt.accessLog!;
    const path = `/${rt.stage.stageName}${safeDecode(req.rawPath)}`;
    const values: Record<string, string | number | undefined> = {
      accountId: rt.api.accountId,
      apiId: rt.api.id,
      domainName: executeApiDomain(rt.api.id, rt.api.region),
      domainPrefix: rt.api.id,
      deploymentId: rt.stage.deploymentId,
      stage: rt.stage.stageName,
      requestId: ids.requestId,
      extendedRequestId: ids.extendedRequestId,
      requestTime: formatRequestTime(ids.requestTimeEpoch),
      requestTimeEpoch: ids.requestTimeEpoch,
      httpMethod: req.httpMethod,
      path,
      protocol: 'HTTP/1.1',
      resourcePath: outcome.match?.resourcePath,
      resourceId: outcome.match?.resourceId,
      status: outcome.status,
      responseLength: outcome.responseLength,
      responseLatency: Math.round(responseLatency),
      integrationLatency: outcome.integrationLatency === undefined ? undefined : Math.round(outcome.integrationLatency),
      'integration.latency': outcome.integrationLatency === undefined ? undefined : Math.round(outcome.integrationLatency),
      integrationStatus: outcome.integrationStatus,
      'integration.integrationStatus': outcome.integrationStatus,
      'integration.status': outcome.integrationFunctionStatus,
      'integration.requestId': outcome.integrationRequestId,
      'integration.error': outcome.integrationError,
      integrationErrorMessage: outcome.integrationError,
      'error.message': outcome.error?.message,
      'error.messageString': outcome.error ? JSON.stringify(outcome.error.message) : undefined,
      'error.responseType': outcome.error?.responseType,
      'identity.sourceIp': req.sourceIp,
      'identity.userAgent': headerValue(req.rawHeaders, 'user-agent'),
    };
    this.deps.accessLogs.write({
      accountId: log.accountId,
      region: log.region,
      logGroupName: log.logGroupName,
      logStreamName: log.logStreamName,
      timestamp: ids.requestTimeEpoch,
      message: renderFormat(log.format, values),
    });
  }
}

/** API id, stage and the path below the stage, from whichever URL form the request used. */
function parseTarget(req: HttpRequest): { apiId: string; stageName: string; rawPath: string } {
  let apiId: string;
  let rest: string;
  if (req.rawPath.startsWith(EXECUTE_API_PREFIX)) {
    const tail = req.rawPath.slice(EXECUTE_API_PREFIX.length);
    const slash = tail.indexOf('/');
    apiId = slash < 0 ? tail : tail.slice(0, slash);
    rest = slash < 0 ? '/' : tail.slice(slash);
  } else {
    const m = USER_REQUEST.exec(req.rawPath);
    if (m) return { apiId: m[1], stageName: safeDecode(m[2]), rawPath: m[3] ?? '/' };
    apiId = EXECUTE_API_HOST.exec(req.headers.host ?? '')?.[1] ?? '';
    rest = req.rawPath;
  }
  const parts = rest.split('/');
  const stageName = safeDecode(parts[1] ?? '');
  const below = parts.slice(2).join('/');
  return { apiId, stageName, rawPath: `/${below}` };
}

/** The function ARN inside a Lambda integration URI, with `${stageVariables.x}` filled in. */
export function lambdaFunctionOf(uri: string | undefined, variables: Record<string, string>): string | undefined {
  const named = uri === undefined ? undefined : functionOfLambdaIntegrationUri(uri);
  if (named === undefined) return undefined;
  return named.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, name: string) => variables[name] ?? '');
}

function gatewayResponse(type: GatewayResponseType, baseHeaders: Record<string, string>): HttpResponse {
  const r = GATEWAY_RESPONSES[type];
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...baseHeaders };
  if (r.errorType) headers['x-amzn-ErrorType'] = r.errorType;
  return { status: r.status, headers, body: r.body };
}

function memoise(fn: (uri: string | undefined) => string | undefined): (uri: string | undefined) => string | undefined {
  const cache = new Map<string | undefined, string | undefined>();
  return (uri) => {
    if (cache.has(uri)) return cache.get(uri);
    const value = fn(uri);
    cache.set(uri, value);
    return value;
  };
}

// the gateway frames the response itself: a function's own framing headers would contradict it
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade']);

/**
 * The headers API Gateway adds before the integration sees the request: `X-Forwarded-For` (the client
 * appended), `X-Forwarded-Proto`, `X-Forwarded-Port` and `X-Amzn-Trace-Id`.
 */
function withForwardingHeaders(raw: readonly string[], sourceIp: string, trace: string): string[] {
  const out: string[] = [];
  let forwardedFor: string | undefined;
  let host: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (lower === 'x-forwarded-for') forwardedFor = forwardedFor === undefined ? raw[i + 1] : `${forwardedFor}, ${raw[i + 1]}`;
    else if (lower === 'x-forwarded-proto' || lower === 'x-forwarded-port' || lower === 'x-amzn-trace-id') continue;
    else {
      if (lower === 'host') host = raw[i + 1];
      out.push(raw[i], raw[i + 1]);
    }
  }
  const port = /:(\d+)$/.exec(host ?? '')?.[1] ?? '80';
  out.push(
    'X-Amzn-Trace-Id', trace,
    'X-Forwarded-For', forwardedFor === undefined ? sourceIp : `${forwardedFor}, ${sourceIp}`,
    'X-Forwarded-Port', port,
    'X-Forwarded-Proto', 'http',
  );
  return out;
}

function flattenHeaders(headers: Record<string, string>): string[] {
  const raw: string[] = [];
  for (const [name, value] of Object.entries(headers)) raw.push(name, value);
  return raw;
}
