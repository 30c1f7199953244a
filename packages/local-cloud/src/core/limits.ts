import { AwsError } from './aws-error';
import type { HttpRequest, HttpResponse } from './http';

/** The listener's limits; each has an env setting and a `startServer` option. */
export interface ServerLimits {
  /** Open connections at most; a connection over the cap is closed at once. */
  readonly maxConnections: number;
  /** Time to receive a request's headers (a half-open socket is closed after it). */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body (then 408 and the socket is closed). */
  readonly requestTimeoutMs: number;
  /** Time an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number;
  /** Largest request body where AWS's own limit is not lower (local-cloud buffers a request in memory). */
  readonly maxBodyBytes: number;
  /** Largest S3 object body (PutObject, UploadPart); AWS's own limit is 5 GiB. */
  readonly maxS3ObjectBytes: number;
}

const MiB = 1024 * 1024;

/** Defaults and the env setting of each limit. */
export const LIMIT_SETTINGS: Readonly<Record<keyof ServerLimits, { env: string; default: number }>> = {
  maxConnections: { env: 'LOCAL_CLOUD_MAX_CONNECTIONS', default: 256 },
  headersTimeoutMs: { env: 'LOCAL_CLOUD_HEADERS_TIMEOUT_MS', default: 10_000 },
  requestTimeoutMs: { env: 'LOCAL_CLOUD_REQUEST_TIMEOUT_MS', default: 120_000 },
  keepAliveTimeoutMs: { env: 'LOCAL_CLOUD_KEEP_ALIVE_TIMEOUT_MS', default: 30_000 },
  // every AWS API call served (S3 objects and Lambda code aside, limited below) takes far less than this
  maxBodyBytes: { env: 'LOCAL_CLOUD_MAX_BODY_BYTES', default: 10 * MiB },
  // room for the largest function code a CDK asset carries (250 MB unzipped), not AWS's 5 GiB: it is buffered
  maxS3ObjectBytes: { env: 'LOCAL_CLOUD_MAX_S3_OBJECT_BYTES', default: 512 * MiB },
};

/** The limits: options first, then env settings, then defaults. Throws on a setting that is not a positive integer. */
export function resolveLimits(opts: Partial<ServerLimits>, env: NodeJS.ProcessEnv = process.env): ServerLimits {
  const out: Record<string, number> = {};
  for (const [key, setting] of Object.entries(LIMIT_SETTINGS) as [keyof ServerLimits, { env: string; default: number }][]) {
    const raw = opts[key] ?? (env[setting.env] ? Number(env[setting.env]) : setting.default);
    if (!Number.isSafeInteger(raw) || raw < 1) throw new Error(`${setting.env} (${key}) must be a positive integer, not '${String(opts[key] ?? env[setting.env])}'`);
    out[key] = raw;
  }
  return out as unknown as ServerLimits;
}

/** The largest body a request may send, and the error AWS answers when it sends more. */
export interface BodyLimit {
  readonly bytes: number;
  /** The refusal; `size` is the declared Content-Length, when there is one. */
  error(size: number | undefined): AwsError;
  /** A refusal that is not an API error (the execute-api gateway's own answer); sent instead of `error`. */
  readonly response?: HttpResponse;
}

/** API Gateway's payload quota for REST APIs (10 MB, not adjustable), as the gateway words its 413. */
const EXECUTE_API_PAYLOAD_BYTES = 10_485_760;
export const EXECUTE_API_BODY_LIMIT: BodyLimit = {
  bytes: EXECUTE_API_PAYLOAD_BYTES,
  error: () => new AwsError('RequestEntityTooLarge', `HTTP content length exceeded ${EXECUTE_API_PAYLOAD_BYTES} bytes.`, { status: 413 }),
  response: { status: 413, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `HTTP content length exceeded ${EXECUTE_API_PAYLOAD_BYTES} bytes.` }) },
};

/** Lambda's request limits: the Invoke payload (6 MB) and the base64 zip in a code upload (50 MB zipped). */
const LAMBDA_LIMITS: readonly { method: string; path: RegExp; operation: string; bytes: number }[] = [
  { method: 'POST', path: /^\/2015-03-31\/functions\/[^/]+\/invocations$/, operation: 'InvokeFunction', bytes: 6_291_456 },
  { method: 'POST', path: /^\/2015-03-31\/functions\/?$/, operation: 'CreateFunction', bytes: 69_905_067 },
  { method: 'PUT', path: /^\/2015-03-31\/functions\/[^/]+\/code$/, operation: 'UpdateFunctionCode', bytes: 69_905_067 },
];

/**
 * The body limit of a request, from what routing knows before the body arrives (the service's signing name,
 * the method and path): AWS's own limit where it has one, else local-cloud's cap.
 */
export function bodyLimitFor(req: HttpRequest, signingName: string | undefined, limits: ServerLimits): BodyLimit {
  if (signingName === 'lambda') {
    const op = LAMBDA_LIMITS.find((l) => l.method === req.method && l.path.test(req.rawPath));
    if (op) {
      return {
        bytes: op.bytes,
        error: () => new AwsError('RequestEntityTooLargeException', `Request must be smaller than ${op.bytes} bytes for the ${op.operation} operation`, { status: 413, fields: { Type: 'User' } }),
      };
    }
  }
  if (signingName === 's3') {
    // an object body: PUT /bucket/key (PutObject, UploadPart); other S3 requests are small XML
    const isObject = req.method === 'PUT' && /^\/[^/]+\/./.test(req.rawPath);
    const bytes = isObject ? limits.maxS3ObjectBytes : Math.min(limits.maxBodyBytes, limits.maxS3ObjectBytes);
    return {
      bytes,
      error: (size) => new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', {
        status: 400,
        fields: { ...(size !== undefined ? { ProposedSize: String(size) } : {}), MaxSizeAllowed: String(bytes) },
      }),
    };
  }
  return {
    bytes: limits.maxBodyBytes,
    error: () => new AwsError('RequestEntityTooLarge', `Your request body is larger than the maximum local-cloud accepts (${limits.maxBodyBytes} bytes); LOCAL_CLOUD_MAX_BODY_BYTES raises it.`, { status: 413 }),
  };
}
