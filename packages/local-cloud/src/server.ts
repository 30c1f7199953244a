import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { AuthFailure, authError, checkContentSha256, checkRequestTime, checkSignedHeaders, invalidRegion, isRegionName, readAuth, scopeOf, verifySignature, type SigV4Auth } from './auth/sigv4';
import { accountRootArn } from './core/arn';
import { DB_FILE_NAME, DEFAULT_ACCOUNT_ID, DEFAULT_PORT, DEFAULT_REGION, HEALTH_PATH } from './core/defaults';
import { AwsError } from './core/aws-error';
import { isServedHost, parseHostnames, refusedHostMessage } from './core/hosts';
import type { HttpRequest, HttpResponse } from './core/http';
import { validateInput } from './core/validation';
import { headersFromRaw, headerSafe, parseQuery, percentDecode } from './core/http';
import { bodyLimitFor, EXECUTE_API_BODY_LIMIT, resolveLimits, type BodyLimit, type ServerLimits } from './core/limits';
import type { AwsService, CallContext, DataPlane, ServiceDeps } from './core/service';
import { decodeAwsChunked, isAwsChunked, withTrailers } from './protocols/aws-chunked';
import { CODECS, type ProtocolCodec } from './protocols';
import { awsJson } from './protocols/aws-json';
import { awsQuery } from './protocols/aws-query';
import { restJson } from './protocols/rest-json';
import { createServices } from './services/registry';
import type { StsService } from './services/sts';
import { Authorizer, EXPLAIN_PATH, explainRefusal } from './services/iam/authorizer';
import type { IamService } from './services/iam';
import { secureStateDir } from './store/state-dir';
import { Store } from './store/store';

export { DEFAULT_PORT, DEFAULT_REGION, DEFAULT_ACCOUNT_ID, DB_FILE_NAME, HEALTH_PATH };
/** Paths kept for the API Gateway execute-api data plane. */
const RESERVED_DATA_PLANE_PATHS = [/^\/_aws\/execute-api\//, /^\/restapis\/[^/]+\/[^/]+\/_user_request_\//];

export interface ServerOptions {
  /** TCP port; 0 picks a free one. @default 4566 */
  readonly port?: number;
  /** Only loopback is served. @default '127.0.0.1' */
  readonly host?: '127.0.0.1';
  /** SQLite file; `:memory:` for tests. @default `<stateDir>/local-cloud.db`, or `:memory:` without a stateDir */
  readonly dbFile?: string;
  /** Directory holding `local-cloud.db` (used when `dbFile` is not given). */
  readonly stateDir?: string;
  /** Check SigV4 signatures. @default true, unless env `LOCAL_CLOUD_VERIFY_SIGNATURES=0` */
  readonly verifySignatures?: boolean;
  /** Long-term access keys (id → secret); each acts as the account root. @default { test: 'test' } */
  readonly accessKeys?: Readonly<Record<string, string>>;
  /** Region of unsigned requests, and the region bootstrapped at start. @default 'ap-southeast-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** Largest request body where AWS's own limit is not lower (same as `limits.maxBodyBytes`). @default env `LOCAL_CLOUD_MAX_BODY_BYTES`, else 10 MiB */
  readonly maxBodyBytes?: number;
  /** Connection cap, timeouts and body limits (`core/limits.ts`). @default from env `LOCAL_CLOUD_*`, else `LIMIT_SETTINGS` */
  readonly limits?: Partial<ServerLimits>;
  /** `Host` names served besides 127.0.0.1, localhost (and `*.localhost`) and [::1]. @default env `LOCAL_CLOUD_HOSTNAMES` (comma-separated), else none */
  readonly hostnames?: readonly string[];
  /** One line per request (no bodies, no query values), and internal errors. @default none */
  readonly log?: (line: string) => void;
  /** The services to serve. @default createServices (the registry) */
  readonly services?: (deps: ServiceDeps) => AwsService[];
}

export interface LocalCloudServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly services: readonly AwsService[];
  /** Stops listening, drops open connections and closes the database. */
  close(): Promise<void>;
}

/** The identity a request acts as. */
interface Identity {
  readonly accessKeyId: string;
  readonly principalArn: string;
  readonly callerArn: string;
}

/**
 * Starts local-cloud: one HTTP listener on loopback speaking AWS's wire protocols, state in SQLite.
 *
 * @example
 * const server = await startServer({ port: 0, dbFile: ':memory:' });
 * const sts = new STSClient({ endpoint: server.url, region: 'ap-southeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
 * await server.close();
 */
export async function startServer(opts: ServerOptions = {}): Promise<LocalCloudServer> {
  const host = opts.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error(`local-cloud binds loopback only (127.0.0.1), not ${String(host)}`);
  const port = opts.port ?? DEFAULT_PORT;
  const accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID;
  const defaultRegion = opts.region ?? DEFAULT_REGION;
  const accessKeys = opts.accessKeys ?? { test: 'test' };
  const verify = opts.verifySignatures ?? !['0', 'false', 'no', 'off'].includes((process.env.LOCAL_CLOUD_VERIFY_SIGNATURES ?? '').toLowerCase());
  const limits = resolveLimits({ ...opts.limits, ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}) });
  const hostnames = opts.hostnames ? parseHostnames(opts.hostnames.join(',')) : parseHostnames(process.env.LOCAL_CLOUD_HOSTNAMES);
  const log = opts.log ?? (() => undefined);
  const dbFile = opts.dbFile ?? (opts.stateDir ? path.join(opts.stateDir, DB_FILE_NAME) : ':memory:');

  // owner-only state directory, also tightening one an older version left readable by others
  if (opts.stateDir !== undefined) secureStateDir(opts.stateDir);
  const store = Store.open(dbFile);
  let services: AwsService[];
  try {
    services = (opts.services ?? createServices)({ store });
  } catch (e) {
    store.close();
    throw e;
  }
  // the one authorizer: IAM's (CloudFormation asks the same one), or one over these services when IAM is not served
  const authorizer = (services.find((s) => s.signingName === 'iam') as IamService | undefined)?.authorizer
    ?? new Authorizer({ services: { get: <T extends AwsService>(name: string) => services.find((s) => s.signingName === name) as T | undefined } });
  authorizer.useLog(log);
  const dataPlanes: DataPlane[] = services.flatMap((s) => (s.dataPlane ? [s.dataPlane] : []));
  let endpoint = '';

  // regions get what `cdk bootstrap` would have made, once per process (onRegion is idempotent)
  const regions = new Set<string>();
  const ensureRegion = (region: string) => {
    if (regions.has(region) || !isRegionName(region)) return;
    regions.add(region);
    for (const s of services) {
      try {
        s.onRegion?.(region, accountId);
      } catch (e) {
        log(`bootstrap of ${s.signingName} in ${region} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  ensureRegion(defaultRegion);

  const rootIdentity = (accessKeyId: string): Identity => ({ accessKeyId, principalArn: accountRootArn(accountId), callerArn: accountRootArn(accountId) });
  const sts = () => services.find((s) => s.signingName === 'sts') as StsService | undefined;
  const iam = () => services.find((s) => s.signingName === 'iam') as IamService | undefined;

  /** Who signed the request: a configured key (the root) or an STS session (its role). */
  const authenticate = async (req: HttpRequest): Promise<{ identity: Identity; auth?: SigV4Auth }> => {
    let auth: SigV4Auth | undefined;
    try {
      auth = readAuth(req);
    } catch (e) {
      if (verify || !(e instanceof AuthFailure)) throw e;
    }
    const accessKeyId = auth?.accessKeyId ?? scopeOf(req)?.accessKeyId ?? Object.keys(accessKeys)[0] ?? 'test';
    const keySecret = Object.hasOwn(accessKeys, accessKeyId) ? accessKeys[accessKeyId] : undefined;
    const session = keySecret === undefined ? sts()?.findSession(accessKeyId) : undefined;
    // an IAM user's access key acts as the user
    const user = keySecret === undefined && !session ? iam()?.findAccessKey(accessKeyId) : undefined;
    const identity: Identity = session
      ? { accessKeyId, principalArn: session.roleArn, callerArn: session.assumedRoleArn }
      : user ? { accessKeyId, principalArn: user.userArn, callerArn: user.userArn } : rootIdentity(accessKeyId);
    if (!verify) return { identity, auth };
    if (!auth) throw new AuthFailure('missing', 'Request is missing Authentication Token');
    const secret = keySecret ?? session?.secretAccessKey ?? (user?.active ? user.secretAccessKey : undefined);
    if (secret === undefined) {
      throw new AuthFailure('unknown-key', 'The security token included in the request is invalid.', { AWSAccessKeyId: accessKeyId });
    }
    if (session) {
      if (auth.sessionToken !== session.sessionToken) throw new AuthFailure('invalid-token', 'The security token included in the request is invalid.');
      if (session.expiration.getTime() <= Date.now()) throw new AuthFailure('expired-token', 'The security token included in the request is expired');
    }
    checkRequestTime(auth);
    checkSignedHeaders(req, auth);
    await verifySignature(req, auth, { accessKeyId, secretAccessKey: secret });
    return { identity, auth };
  };

  /** The service a request is for: credential scope, X-Amz-Target, form Version, then the path. */
  const resolveService = (req: HttpRequest): AwsService | string => {
    const byName = (name: string) => services.find((s) => s.signingName === name) ?? name;
    const scope = scopeOf(req);
    if (scope) return byName(scope.service);
    const target = req.headers['x-amz-target'];
    if (target !== undefined) {
      const prefix = target.slice(0, Math.max(0, target.lastIndexOf('.')));
      return services.find((s) => s.targetPrefix !== undefined && s.targetPrefix === prefix) ?? `X-Amz-Target ${prefix || target}`;
    }
    const version = formVersion(req);
    if (version !== undefined) return services.find((s) => s.protocol === 'awsQuery' && s.apiVersion === version) ?? `Version ${version}`;
    if (/^\/20\d\d-\d\d-\d\d\//.test(req.rawPath)) return byName('lambda');
    if (/^\/(restapis|apikeys|account|domainnames|usageplans|vpclinks|tags|clientcertificates)(\/|$)/.test(req.rawPath)) return byName('apigateway');
    return byName('s3');
  };

  /** The body limit of a request, from its service (credential scope, target, path) and operation. */
  const bodyLimit = (req: HttpRequest): BodyLimit => {
    const target = resolveService(req);
    return bodyLimitFor(req, typeof target === 'string' ? target : target.signingName, limits);
  };

  const handle = async (nodeReq: http.IncomingMessage, nodeRes: http.ServerResponse, expectsContinue = false): Promise<void> => {
    const requestId = randomUUID();
    const started = Date.now();
    const target = requestTarget(nodeReq.url ?? '/');
    const method = (nodeReq.method ?? 'GET').toUpperCase();
    let req: HttpRequest = {
      method,
      rawPath: target.path,
      rawQuery: target.query,
      query: parseQuery(target.query),
      headers: headersFromRaw(nodeReq.rawHeaders),
      body: Buffer.alloc(0),
    };
    let service: AwsService | undefined;
    let codec: ProtocolCodec = guessCodec(req);
    let operation = '-';
    let response: HttpResponse;
    let closeAfter = false;
    try {
      const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(nodeReq.url ?? '')?.[1];
      if (!isServedHost(req.headers.host, hostnames) || (authority !== undefined && !isServedHost(authority, hostnames))) {
        closeAfter = true;
        throw new AwsError('InvalidHostHeader', refusedHostMessage(req.headers.host), { status: 403 });
      }
      if (req.rawPath === HEALTH_PATH && (method === 'GET' || method === 'HEAD')) {
        nodeReq.resume();
        response = { status: 200, headers: { 'content-type': 'application/json', 'x-local-cloud-pid': String(process.pid) }, body: JSON.stringify({ status: 'ok' }) };
      } else if (method === 'GET' && req.rawPath.startsWith(EXPLAIN_PATH)) {
        // `local-cloud explain <request-id>`: a refusal of this run, explained
        nodeReq.resume();
        const id = percentDecode(req.rawPath.slice(EXPLAIN_PATH.length));
        const records = authorizer.refusal(id);
        response = records
          ? { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${explainRefusal(id, records)}\n` }
          : { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `no refusal with request id ${id} in this run (the last 1000 are kept)\n` };
      } else {
        // a data plane is known from the path and host alone, before the body
        const plane = dataPlanes.find((p) => p.matches(req));
        const limit = plane ? EXECUTE_API_BODY_LIMIT : bodyLimit(req);
        const declared = nodeReq.headers['content-length'] === undefined ? undefined : Number(nodeReq.headers['content-length']);
        // a body that will be refused is not invited: the refusal goes out instead of `100 Continue`
        if (expectsContinue && !(declared !== undefined && declared > limit.bytes)) nodeRes.writeContinue();
        const body = await readBody(nodeReq, limit.bytes);
        if (body === undefined && limit.response) {
          closeAfter = true;
          response = { ...limit.response, headers: { ...limit.response.headers } };
        } else if (body === undefined) {
          closeAfter = true;
          const target = resolveService(req);
          if (typeof target !== 'string') {
            service = target;
            codec = CODECS[target.protocol];
          }
          throw limit.error(declared);
        } else if (plane) {
          req = { ...req, body };
          codec = restJson;
          const scoped = scopeOf(req)?.region;
          const region = scoped !== undefined && isRegionName(scoped) ? scoped : defaultRegion;
          response = await plane.handle(req, { requestId, accountId, region, endpoint });
        } else if (RESERVED_DATA_PLANE_PATHS.some((p) => p.test(req.rawPath))) {
          req = { ...req, body };
          codec = restJson;
          throw new AwsError('NotFoundException', 'No API Gateway stage is deployed at this path', { status: 404 });
        } else {
          req = { ...req, body };
          const resolved = resolveService(req);
          if (typeof resolved === 'string') {
            throw new AwsError('UnknownServiceException', `local-cloud does not emulate the service of this request (${resolved}); it serves ${services.map((s) => s.signingName).join(', ')}`);
          }
          service = resolved;
          codec = CODECS[service.protocol];
          response = await call(service, codec, req, requestId, (op) => (operation = op));
        }
      }
    } catch (e) {
      response = errorResponse(e, codec, req, service, requestId, log);
    }
    if (closeAfter) response.headers.connection = 'close';
    send(nodeRes, response, requestId, method, closeAfter ? nodeReq : undefined);
    if (req.rawPath !== HEALTH_PATH) log(`${new Date().toISOString()} ${requestId} ${service?.signingName ?? '-'}.${operation} ${response.status} ${Date.now() - started}ms`);
  };

  /** Authenticate, decode, run the operation, encode: an AWS API call from end to end. */
  const call = async (service: AwsService, codec: ProtocolCodec, raw: HttpRequest, requestId: string, named: (op: string) => void): Promise<HttpResponse> => {
    let req = raw;
    let identity: Identity;
    let auth: SigV4Auth | undefined;
    try {
      // the scope's region names ARNs and state paths: only a region name may get that far, signed or not
      const scopedRegion = scopeOf(req)?.region;
      if (scopedRegion !== undefined && !isRegionName(scopedRegion)) throw invalidRegion(scopedRegion, defaultRegion);
      ({ identity, auth } = await authenticate(req));
      checkContentSha256(req);
    } catch (e) {
      if (e instanceof AuthFailure) throw authError(service.protocol, e);
      throw e;
    }
    if (isAwsChunked(req.headers)) req = decodeChunkedRequest(req);
    const region = auth?.region ?? scopeOf(req)?.region ?? defaultRegion;
    ensureRegion(region);
    const decoded = codec.decode(req, service);
    named(decoded.operation);
    // own properties only: `valueOf` or `constructor` is not an operation
    const operation = Object.hasOwn(service.operations, decoded.operation) ? service.operations[decoded.operation] : undefined;
    if (typeof operation !== 'function') throw codec.unknownOperation(service, decoded.operation);
    service.precheck?.(decoded.operation, decoded.input);
    const invalid = validateInput(service, decoded.operation, decoded.input, { route: decoded.route });
    if (invalid) throw invalid;
    const ctx: CallContext = { requestId, accountId, region, endpoint, ...identity };
    // authorization: after authentication and decoding (and validation), before the operation runs
    await authorizer.authorizeCall(service, decoded.operation, decoded.input, ctx, {}, { method: req.method, path: req.rawPath });
    const output = await operation(decoded.input, ctx);
    return codec.encode(req, service, decoded, output, requestId);
  };

  const server = http.createServer({
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs), // Node requires headers <= request
    requestTimeout: limits.requestTimeoutMs,
    // how often Node looks for requests past those timeouts (its default, 30 s, held half-open sockets ~71 s)
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  }, (req, res) => void handle(req, res));
  server.maxConnections = limits.maxConnections;
  server.on('checkContinue', (req, res) => void handle(req, res, true));
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({ __type: 'BadRequestException', message: 'The HTTP request could not be parsed' });
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\nx-amzn-ErrorType: BadRequestException\r\n`
      + `x-amzn-RequestId: ${randomUUID()}\r\ndate: ${new Date().toUTCString()}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      store.close();
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: stop the other process or pass --port`) : e);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  endpoint = `http://127.0.0.1:${actualPort}`;

  let closing: Promise<void> | undefined;
  return {
    url: endpoint,
    port: actualPort,
    store,
    services,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        // In reverse registry order, so work a later service hands to an earlier one lands first: a
        // deployment creates functions and log groups, Lambda and API Gateway flush lines into Logs.
        for (const service of [...services].reverse()) {
          await service.close?.().catch((e: unknown) => log(`closing ${service.signingName} failed: ${e instanceof Error ? e.message : String(e)}`));
        }
        store.close();
      })();
      return closing;
    },
  };
}

/** The raw path and query of a request target; an absolute-form target (`http://host/p`) keeps its path. */
function requestTarget(url: string): { path: string; query: string } {
  let target = url;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || '/';
  if (!target.startsWith('/')) target = `/${target === '*' ? '' : target}`;
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** Collects the body; `undefined` once it passes `limit` (the rest is drained, not stored). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    if (Number(req.headers['content-length']) > limit) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', () => resolve(over ? undefined : Buffer.concat(chunks)));
  });
}

/** The form `Version` of an unsigned awsQuery request (body or query string). */
function formVersion(req: HttpRequest): string | undefined {
  const fromQuery = req.query.Version?.[0];
  if (fromQuery !== undefined) return fromQuery;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const m = /(?:^|&)Version=([^&]*)/.exec(req.body.toString('utf8'));
  return m ? percentDecode(m[1].replace(/\+/g, ' ')) : undefined;
}

/** The codec for errors raised before a service is known, from the request's look. */
function guessCodec(req: HttpRequest): ProtocolCodec {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (req.headers['x-amz-target'] !== undefined || type.startsWith('application/x-amz-json')) return awsJson;
  if (type.startsWith('application/x-www-form-urlencoded')) return awsQuery;
  return restJson;
}

/** Decodes an `aws-chunked` body; its checksum trailers become headers, as if sent up front. */
function decodeChunkedRequest(req: HttpRequest): HttpRequest {
  const { body, trailers } = decodeAwsChunked(req.body);
  const declared = req.headers['x-amz-decoded-content-length'];
  if (declared !== undefined && Number(declared) !== body.length) {
    throw new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header');
  }
  const headers = withTrailers(req.headers, trailers);
  const encoding = (headers['content-encoding'] ?? '').split(',').map((e) => e.trim()).filter((e) => e && e !== 'aws-chunked');
  if (encoding.length > 0) headers['content-encoding'] = encoding.join(',');
  else delete headers['content-encoding'];
  return { ...req, headers, body };
}

function errorResponse(e: unknown, codec: ProtocolCodec, req: HttpRequest, service: AwsService | undefined, requestId: string, log: (line: string) => void): HttpResponse {
  let error: AwsError;
  if (e instanceof AwsError) error = e;
  else if (e instanceof AuthFailure) error = authError(service?.protocol ?? 'restJson1', e);
  else {
    log(`${requestId} internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    error = new AwsError('InternalFailure', 'local-cloud failed to process the request; see its log', { status: 500 });
  }
  try {
    const response = codec.encodeError(req, service, error, requestId);
    // a HEAD reply has no body to carry the code: say it in a header (clients read only the status here)
    if (req.method === 'HEAD') response.headers['x-amzn-errortype'] ??= error.code;
    return response;
  } catch {
    return { status: error.status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code }, body: JSON.stringify({ __type: error.code, message: error.message }) };
  }
}

function send(res: http.ServerResponse, response: HttpResponse, requestId: string, method: string, drain?: http.IncomingMessage): void {
  const body = response.body === undefined ? undefined : typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  const noBody = method === 'HEAD' || response.status === 204 || response.status === 304;
  try {
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, headerSafe(value));
    res.setHeader('x-amzn-RequestId', requestId);
    if (!noBody && response.headers['content-length'] === undefined) res.setHeader('content-length', body?.length ?? 0);
    res.writeHead(response.status);
  } catch {
    res.removeHeader('content-length');
    res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-RequestId': requestId, 'x-amzn-errortype': 'InternalFailure' });
    res.end(JSON.stringify({ __type: 'InternalFailure', message: 'local-cloud could not encode its reply' }));
    return;
  }
  res.end(noBody ? undefined : body);
  if (drain) {
    // a refused body may still be arriving: let the reply reach the client, then hang up
    res.on('finish', () => setTimeout(() => drain.socket?.destroy(), 1000).unref());
  }
}
