import * as http from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  /** raw request target: path and query as they go on the wire */
  target?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Sends bytes as given (no SDK in between) and collects the answer; never rejects on an HTTP status. */
export function rawRequest(endpoint: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(endpoint);
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  // Node frames a GET/HEAD body by closing the connection unless told its length
  const headers = { ...(body && body.length > 0 ? { 'content-length': String(body.length) } : {}), ...req.headers };
  return new Promise((resolve, reject) => {
    const r = http.request({ host: url.hostname, port: url.port, method: req.method ?? 'POST', path: req.target ?? '/', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(body);
  });
}

export interface SignOptions {
  service: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  signingDate?: Date;
}

/** Signs a raw request with SigV4 as an SDK would (S3: path unescaped, payload hash header). */
export async function signedRequest(endpoint: string, req: RawRequest & { path?: string; query?: Record<string, string> }, sign: SignOptions): Promise<RawResponse> {
  const url = new URL(endpoint);
  const body = req.body ?? '';
  const signer = new SignatureV4({
    service: sign.service,
    region: sign.region ?? 'ap-southeast-1',
    credentials: { accessKeyId: sign.accessKeyId ?? 'test', secretAccessKey: sign.secretAccessKey ?? 'test', sessionToken: sign.sessionToken },
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: sign.service !== 's3',
    applyChecksum: sign.service === 's3',
  });
  const signed = await signer.sign(
    { method: req.method ?? 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: req.path ?? '/', query: req.query ?? {}, headers: { host: url.host, ...req.headers }, body },
    { signingDate: sign.signingDate },
  );
  const query = new URLSearchParams(req.query ?? {}).toString().replace(/\+/g, '%20');
  return rawRequest(endpoint, { method: req.method, target: `${req.path ?? '/'}${query ? `?${query}` : ''}`, headers: signed.headers as Record<string, string>, body });
}

/** The error code of an AWS-shaped error reply, whatever its protocol; undefined when it has none. */
export function errorCode(res: RawResponse): string | undefined {
  const header = res.headers['x-amzn-errortype'];
  if (typeof header === 'string' && header) return header.split(':')[0];
  const xml = /<Code>([^<]+)<\/Code>/.exec(res.body);
  if (xml) return xml[1];
  try {
    const json = JSON.parse(res.body);
    return json.__type ?? json.code ?? undefined;
  } catch {
    return undefined;
  }
}
