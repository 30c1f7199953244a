import { validateHeaderName, validateHeaderValue } from 'node:http';

/** A data-plane request as the gateway received it. */
export interface GatewayRequest {
  readonly httpMethod: string;
  /** The request path below the stage, still percent-encoded: `/` or `/pets/7`. */
  readonly rawPath: string;
  /** The raw query string without `?` ('' when none). */
  readonly rawQuery: string;
  /** Header names and values in arrival order (Node's `rawHeaders`: name, value, name, value …). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
}

/** What the gateway knows about the request before it calls the integration. */
export interface RequestContextInput {
  readonly accountId: string;
  readonly region: string;
  readonly apiId: string;
  readonly stage: string;
  readonly deploymentId: string;
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly requestTimeEpoch: number;
  readonly pathParameters: Record<string, string> | null;
  readonly stageVariables: Record<string, string>;
  readonly binaryMediaTypes: readonly string[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => (n < 10 ? '0' : '') + n;

/** `$context.requestTime`: `20/Mar/2019:20:38:30 +0000`. */
export function formatRequestTime(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** Decodes percent-escapes, keeping the text as sent when it is not valid UTF-8 escaping. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The execute-api host name of an API: `<api>.execute-api.<region>.amazonaws.com`. */
export const executeApiDomain = (apiId: string, region: string): string =>
  `${apiId}.execute-api.${region}.amazonaws.com`;

/** Header lookup by case-insensitive name (last value wins, as in the event's `headers`). */
export function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name) value = rawHeaders[i + 1];
  }
  return value;
}

/** True when the request's Content-Type is one of the API's binary media types (`*` wildcards allowed). */
export function isBinaryMediaType(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (!contentType || binaryMediaTypes.length === 0) return false;
  const [type, subtype] = contentType.split(';')[0].trim().toLowerCase().split('/');
  return binaryMediaTypes.some((t) => {
    const [bt, bs] = t.trim().toLowerCase().split('/');
    return (bt === '*' || bt === type) && (bs === undefined || bs === '*' || bs === subtype);
  });
}

/**
 * The Lambda proxy integration event, payload format 1.0, with every field API Gateway sends
 * (cfn-lambda-apigw.md §4). Header and query maps keep the last value; the multi-value maps keep all;
 * maps with nothing in them are null.
 */
export function buildProxyEvent(req: GatewayRequest, ctx: RequestContextInput): Record<string, unknown> {
  // null-prototype maps: a header or query key such as `constructor` or `__proto__` is just a key
  const headers: Record<string, string> = Object.create(null);
  const multiValueHeaders: Record<string, string[]> = Object.create(null);
  const headerNames = new Map<string, string>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const lower = req.rawHeaders[i].toLowerCase();
    let name = headerNames.get(lower);
    if (!name) headerNames.set(lower, (name = req.rawHeaders[i]));
    headers[name] = req.rawHeaders[i + 1];
    (multiValueHeaders[name] ??= []).push(req.rawHeaders[i + 1]);
  }

  let queryStringParameters: Record<string, string> | null = null;
  let multiValueQueryStringParameters: Record<string, string[]> | null = null;
  if (req.rawQuery !== '') {
    queryStringParameters = Object.create(null) as Record<string, string>;
    multiValueQueryStringParameters = Object.create(null) as Record<string, string[]>;
    for (const pair of req.rawQuery.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const key = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : safeDecode(pair.slice(eq + 1));
      queryStringParameters[key] = value;
      (multiValueQueryStringParameters[key] ??= []).push(value);
    }
  }

  const binary = isBinaryMediaType(headerValue(req.rawHeaders, 'content-type'), ctx.binaryMediaTypes);
  const body = req.body.length === 0 ? null : req.body.toString(binary ? 'base64' : 'utf8');
  const path = safeDecode(req.rawPath);
  const userAgent = headerValue(req.rawHeaders, 'user-agent') ?? null;

  return {
    resource: ctx.resourcePath,
    path,
    httpMethod: req.httpMethod,
    headers: headerNames.size > 0 ? headers : null,
    multiValueHeaders: headerNames.size > 0 ? multiValueHeaders : null,
    queryStringParameters,
    multiValueQueryStringParameters,
    pathParameters: ctx.pathParameters,
    stageVariables: Object.keys(ctx.stageVariables).length > 0 ? ctx.stageVariables : null,
    requestContext: {
      resourceId: ctx.resourceId,
      resourcePath: ctx.resourcePath,
      httpMethod: req.httpMethod,
      extendedRequestId: ctx.extendedRequestId,
      requestTime: formatRequestTime(ctx.requestTimeEpoch),
      path: `/${ctx.stage}${path}`,
      accountId: ctx.accountId,
      protocol: 'HTTP/1.1',
      stage: ctx.stage,
      domainPrefix: ctx.apiId,
      requestTimeEpoch: ctx.requestTimeEpoch,
      requestId: ctx.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: req.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent,
        user: null,
      },
      domainName: executeApiDomain(ctx.apiId, ctx.region),
      deploymentId: ctx.deploymentId,
      apiId: ctx.apiId,
    },
    body,
    isBase64Encoded: binary && body !== null,
  };
}

/** A Lambda proxy response that passed validation, ready to send. */
export interface ProxyResponse {
  readonly statusCode: number;
  /** Header name/value pairs, possibly repeated. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Validates what the function returned against the proxy response shape
 * (`{statusCode, headers, multiValueHeaders, body, isBase64Encoded}`). Returns undefined for anything
 * else: API Gateway answers that with 502 ("Malformed Lambda proxy response").
 * Headers from both maps are merged; a value present in both is sent once.
 */
export function parseProxyResponse(payload: Buffer | string): ProxyResponse | undefined {
  let out: unknown;
  try {
    out = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(out)) return undefined;
  const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = out;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    return undefined;
  }
  if (headers != null && (!isObject(headers) || !Object.values(headers).every((v) => v == null || isScalar(v)))) {
    return undefined;
  }
  if (
    multiValueHeaders != null &&
    (!isObject(multiValueHeaders) ||
      !Object.values(multiValueHeaders).every((v) => v == null || (Array.isArray(v) && v.every(isScalar))))
  ) {
    return undefined;
  }
  if (body != null && typeof body !== 'string') return undefined;
  if (isBase64Encoded != null && typeof isBase64Encoded !== 'boolean') return undefined;

  const pairs: Array<[string, string]> = [];
  for (const [name, values] of Object.entries((multiValueHeaders ?? {}) as Record<string, unknown[] | null>)) {
    for (const v of values ?? []) pairs.push([name, String(v)]);
  }
  for (const [name, v] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (v == null) continue;
    const value = String(v);
    const lower = name.toLowerCase();
    if (!pairs.some(([n, pv]) => n.toLowerCase() === lower && pv === value)) pairs.push([name, value]);
  }
  try {
    for (const [name, value] of pairs) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    }
  } catch {
    return undefined;
  }
  const text = (body ?? '') as string;
  return {
    statusCode,
    headers: pairs,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}
