import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsError } from '../core/aws-error';
import type { HttpRequest } from '../core/http';
import { queryValue } from '../core/http';
import type { Protocol } from '../core/service';

/** Why a request failed authentication; each protocol names it differently (`authError`). */
export type AuthFailureKind =
  | 'missing' // no Authorization header and no presigned query
  | 'incomplete' // a garbled Authorization header or presigned query
  | 'signature' // the signature does not match
  | 'unknown-key' // no such access key
  | 'invalid-token' // a session key without (or with the wrong) session token
  | 'expired-token' // an STS session past its Expiration
  | 'skew' // X-Amz-Date more than 15 minutes from the server's clock
  | 'presign-expired' // a presigned URL past X-Amz-Expires
  | 'presign-not-yet' // a presigned URL dated more than 15 minutes ahead of the server's clock
  | 'content-sha256' // x-amz-content-sha256 is not the body's hash
  | 'unsigned-header' // host, or an x-amz-* header sent, is not in SignedHeaders
  | 'scope-date' // the credential scope's date is not the date of X-Amz-Date
  | 'scope-region'; // the credential scope's region is not a region name

export class AuthFailure extends Error {
  constructor(
    public readonly kind: AuthFailureKind,
    message: string,
    public readonly fields: Record<string, string> = {},
    /** S3's own wording, where it differs from the other services'. */
    public readonly s3Message?: string,
  ) {
    super(message);
  }
}

/** The SigV4 parameters of a request, from its Authorization header or its presigned query. */
export interface SigV4Auth {
  readonly accessKeyId: string;
  /** Credential scope parts. */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** X-Amz-Date as sent (`20250101T120000Z`) and parsed. */
  readonly amzDate: string;
  readonly signingDate: Date;
  /** The session token sent (header or query), if any. */
  readonly sessionToken?: string;
  /** Presigned URLs: seconds the signature stays valid. */
  readonly expiresIn?: number;
}

/** What the verifier needs to know about the access key. */
export interface SigningCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;
/** AWS region names (`us-east-1`, `us-gov-west-1`, `eusc-de-east-1`): nothing else may reach an ARN or a path. */
const REGION_NAME = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
/**
 * `x-amz-*` headers a request may carry unsigned: S3 accepts an unsigned `x-amz-content-sha256` (the verifier
 * then hashes the body itself). Every other one must be signed; the SDKs' unsignable headers (`user-agent`,
 * `expect`, `x-amzn-trace-id`, hop-by-hop headers) are not `x-amz-*`.
 */
const UNSIGNED_AMZ_HEADERS = new Set(['x-amz-content-sha256']);
const Sha256 = Hash.bind(null, 'sha256');
const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token'];

/**
 * The credential scope's service, read leniently (for routing only): `undefined` when absent or garbled.
 */
export function isRegionName(region: string): boolean {
  return REGION_NAME.test(region);
}

/** The refusal of a credential scope whose region is not a region name (`..`, `a/b`). */
export function invalidRegion(region: string, expecting: string): AuthFailure {
  return new AuthFailure('scope-region', 'Credential should be scoped to a valid region.', { Region: expecting },
    `The authorization header is malformed; the region '${region.slice(0, 64)}' is wrong; expecting '${expecting}'`);
}

export function scopeOf(req: HttpRequest): { service: string; region: string; accessKeyId: string } | undefined {
  const credential = /Credential=([^,\s]+)/.exec(req.headers.authorization ?? '')?.[1] ?? queryValue(req.query, 'X-Amz-Credential');
  const parts = credential?.split('/');
  if (!parts || parts.length !== 5 || parts[4] !== 'aws4_request' || !parts[3]) return undefined;
  return { accessKeyId: parts[0], region: parts[2], service: parts[3] };
}

/** Reads the request's SigV4 parameters; `undefined` when it is not signed; throws `incomplete` when garbled. */
export function readAuth(req: HttpRequest): SigV4Auth | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) return readAuthorizationHeader(req, header);
  if (queryValue(req.query, 'X-Amz-Signature') !== undefined || queryValue(req.query, 'X-Amz-Credential') !== undefined) {
    return readPresignedQuery(req);
  }
  return undefined;
}

function readAuthorizationHeader(req: HttpRequest, header: string): SigV4Auth {
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${ALGORITHM} `)) {
    throw new AuthFailure('incomplete', `Authorization header must use the ${ALGORITHM} algorithm`);
  }
  const params: Record<string, string> = {};
  for (const part of trimmed.slice(ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((p) => !params[p]);
  if (missing.length > 0) {
    throw new AuthFailure('incomplete', `Authorization header requires ${missing.map((m) => `'${m}'`).join(', ')} parameter${missing.length > 1 ? 's' : ''}. Authorization=${header.slice(0, 200)}`);
  }
  const amzDate = req.headers['x-amz-date'];
  if (amzDate === undefined) {
    throw new AuthFailure('incomplete', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  return buildAuth(params.Credential, params.SignedHeaders, params.Signature, amzDate, req.headers['x-amz-security-token']);
}

function readPresignedQuery(req: HttpRequest): SigV4Auth {
  const q = (name: string) => queryValue(req.query, name);
  const missing = PRESIGN_PARAMS.slice(0, 6).filter((p) => q(p) === undefined);
  if (missing.length > 0) {
    throw new AuthFailure('incomplete', `Query-string authentication requires the ${missing.join(', ')} parameters`);
  }
  if (q('X-Amz-Algorithm') !== ALGORITHM) throw new AuthFailure('incomplete', `X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const expiresIn = Number(q('X-Amz-Expires'));
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800) {
    throw new AuthFailure('incomplete', 'X-Amz-Expires must be a number of seconds between 1 and 604800');
  }
  const auth = buildAuth(q('X-Amz-Credential')!, q('X-Amz-SignedHeaders')!, q('X-Amz-Signature')!, q('X-Amz-Date')!, q('X-Amz-Security-Token'));
  return { ...auth, expiresIn };
}

function buildAuth(credential: string, signedHeaders: string, signature: string, amzDate: string, sessionToken: string | undefined): SigV4Auth {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((p) => p === '') || parts[4] !== 'aws4_request') {
    throw new AuthFailure('incomplete', `Credential should be scoped to a valid region, service and date: '${credential.slice(0, 200)}'`);
  }
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  const signingDate = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
  if (!signingDate || Number.isNaN(signingDate.getTime())) {
    throw new AuthFailure('incomplete', `Invalid X-Amz-Date '${amzDate.slice(0, 40)}': expected the ISO 8601 basic format YYYYMMDD'T'HHMMSS'Z'`);
  }
  if (!/^[0-9a-f]{64}$/.test(signature)) throw new AuthFailure('signature', SIGNATURE_MISMATCH);
  if (parts[1] !== amzDate.slice(0, 8)) {
    throw new AuthFailure('scope-date',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parts[1].slice(0, 20)}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      {}, 'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.');
  }
  return {
    accessKeyId: parts[0],
    scopeDate: parts[1],
    region: parts[2],
    service: parts[3],
    signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()).filter(Boolean),
    signature,
    amzDate,
    signingDate,
    sessionToken,
  };
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Refuses requests signed more than 15 minutes away from now (presigned URLs: past their expiry). */
export function checkRequestTime(auth: SigV4Auth, now = new Date()): void {
  const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const skew = auth.signingDate.getTime() - now.getTime();
  if (auth.expiresIn !== undefined) {
    const expires = new Date(auth.signingDate.getTime() + auth.expiresIn * 1000);
    if (now > expires) {
      throw new AuthFailure('presign-expired', 'Request has expired', { Expires: expires.toISOString(), ServerTime: now.toISOString(), 'X-Amz-Expires': String(auth.expiresIn) });
    }
    // a URL dated ahead would otherwise stay valid for longer than its X-Amz-Expires
    if (skew > MAX_SKEW_MS) {
      const limit = new Date(now.getTime() + MAX_SKEW_MS);
      throw new AuthFailure('presign-not-yet', `Signature not yet current: ${auth.amzDate} is still later than ${stamp(limit)} (${stamp(now)} + 15 min.)`,
        { 'X-Amz-Date': String(auth.signingDate.getTime()), Expires: expires.toISOString(), ServerTime: now.toISOString() }, 'Request is not yet valid');
    }
    return;
  }
  if (Math.abs(skew) <= MAX_SKEW_MS) return;
  const fields = { RequestTime: auth.amzDate, ServerTime: now.toISOString(), MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS) };
  if (skew < 0) {
    const limit = new Date(now.getTime() - MAX_SKEW_MS);
    throw new AuthFailure('skew', `Signature expired: ${auth.amzDate} is now earlier than ${stamp(limit)} (${stamp(now)} - 15 min.)`, fields);
  }
  const limit = new Date(now.getTime() + MAX_SKEW_MS);
  throw new AuthFailure('skew', `Signature not yet current: ${auth.amzDate} is still later than ${stamp(limit)} (${stamp(now)} + 15 min.)`, fields);
}

/**
 * Refuses a request whose signature does not cover `host` and every `x-amz-*` header it carries, so that a
 * signature cannot be replayed to another host or with another `X-Amz-Target`, `x-amz-trailer`, ….
 */
export function checkSignedHeaders(req: HttpRequest, auth: SigV4Auth): void {
  const signed = new Set(auth.signedHeaders);
  const unsigned = Object.keys(req.headers).filter((h) => h.startsWith('x-amz-') && !signed.has(h) && !UNSIGNED_AMZ_HEADERS.has(h));
  if (!signed.has('host')) unsigned.unshift('host');
  if (unsigned.length === 0) return;
  const s3Message = 'There were headers present in the request which were not signed';
  const fields = { HeadersNotSigned: unsigned.join(', ') };
  if (!signed.has('host')) throw new AuthFailure('unsigned-header', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", fields, s3Message);
  throw new AuthFailure('unsigned-header', `${s3Message}: ${fields.HeadersNotSigned}. Sign every x-amz-* header the request carries.`, fields, s3Message);
}

/**
 * Recomputes the signature with `@smithy/signature-v4` from exactly what the client signed (its signed
 * headers with raw values, the raw path, the decoded query, the raw body or its declared hash) and compares
 * in constant time. S3 paths are signed as sent; other services' paths are normalised and encoded again.
 */
export async function verifySignature(req: HttpRequest, auth: SigV4Auth, credential: SigningCredential): Promise<void> {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    if (name === 'x-amz-security-token' && auth.expiresIn === undefined) continue; // the signer adds it from the credentials
    headers[name] = req.headers[name] ?? '';
  }
  const isS3 = auth.service === 's3';
  // only S3 signs a payload it has not hashed (UNSIGNED-PAYLOAD, STREAMING-…); other services hash the body
  const declared = auth.signedHeaders.includes('x-amz-content-sha256') ? headers['x-amz-content-sha256'] : queryValue(req.query, 'X-Amz-Content-Sha256');
  if (!isS3 && declared !== undefined && !/^[0-9a-fA-F]{64}$/.test(declared)) throw new AuthFailure('signature', SIGNATURE_MISMATCH);
  const tokenSigned = auth.expiresIn !== undefined ? auth.sessionToken !== undefined : auth.signedHeaders.includes('x-amz-security-token');
  const signer = new SignatureV4({
    service: auth.service,
    region: auth.region,
    credentials: {
      accessKeyId: credential.accessKeyId,
      secretAccessKey: credential.secretAccessKey,
      sessionToken: tokenSigned ? auth.sessionToken : undefined,
    },
    sha256: Sha256,
    uriEscapePath: !isS3,
    applyChecksum: false,
  });
  const base = { method: req.method, protocol: 'http:', hostname: req.headers.host ?? 'localhost', path: req.rawPath || '/' };
  const options = { signingDate: auth.signingDate, signingRegion: auth.region, signingService: auth.service, signableHeaders: new Set(auth.signedHeaders) };
  const candidates: string[] = [];

  if (auth.expiresIn === undefined) {
    const query: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(req.query)) query[k] = v;
    const signed = await signer.sign({ ...base, query, headers, body: req.body }, options);
    candidates.push(/Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? '');
  } else {
    // presign() adds the X-Amz-* parameters back itself; a hoisted x-amz-content-sha256 goes back to a header
    const query: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(req.query)) if (!PRESIGN_PARAMS.includes(k) && k !== 'X-Amz-Content-Sha256') query[k] = v;
    const declaredHash = queryValue(req.query, 'X-Amz-Content-Sha256');
    if (declaredHash !== undefined) headers['X-Amz-Content-Sha256'] = declaredHash;
    const unhoistable = new Set(auth.signedHeaders.filter((h) => h.startsWith('x-amz-')));
    // a body that is neither bytes nor a string makes the signer use UNSIGNED-PAYLOAD (what S3 presigning signs)
    const bodies: unknown[] = declaredHash !== undefined ? [undefined] : isS3 ? [{}] : [req.body];
    for (const body of bodies) {
      const presigned = await signer.presign({ ...base, query, headers, body } as never, { ...options, expiresIn: auth.expiresIn, unhoistableHeaders: unhoistable });
      candidates.push(String(presigned.query?.['X-Amz-Signature'] ?? ''));
    }
  }
  if (!candidates.some((c) => constantTimeEqual(c, auth.signature))) throw new AuthFailure('signature', SIGNATURE_MISMATCH);
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A hex `x-amz-content-sha256` must be the body's hash (the sentinels `UNSIGNED-PAYLOAD`, `STREAMING-…` are not checked). */
export function checkContentSha256(req: HttpRequest): void {
  const declared = req.headers['x-amz-content-sha256'];
  if (declared === undefined || !/^[0-9a-fA-F]{64}$/.test(declared)) return;
  const actual = createHash('sha256').update(req.body).digest('hex');
  if (actual !== declared.toLowerCase()) {
    throw new AuthFailure('content-sha256', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
      ClientComputedContentSHA256: declared,
      S3ComputedContentSHA256: actual,
    });
  }
}

type Code = readonly [code: string, status: number];

/** The error each protocol answers for each failure (wire-protocols.md §5). */
const AUTH_ERRORS: Readonly<Record<Protocol, Readonly<Record<AuthFailureKind, Code>>>> = {
  awsQuery: {
    'missing': ['MissingAuthenticationToken', 403],
    'incomplete': ['IncompleteSignature', 400],
    'signature': ['SignatureDoesNotMatch', 403],
    'unknown-key': ['InvalidClientTokenId', 403],
    'invalid-token': ['InvalidClientTokenId', 403],
    'expired-token': ['ExpiredToken', 403],
    'skew': ['SignatureDoesNotMatch', 403],
    'presign-expired': ['SignatureDoesNotMatch', 403],
    'content-sha256': ['XAmzContentSHA256Mismatch', 400],
    'presign-not-yet': ['SignatureDoesNotMatch', 403],
    'unsigned-header': ['IncompleteSignature', 400],
    'scope-date': ['SignatureDoesNotMatch', 403],
    'scope-region': ['SignatureDoesNotMatch', 403],
  },
  awsJson1_1: {
    'missing': ['MissingAuthenticationTokenException', 400],
    'incomplete': ['IncompleteSignatureException', 400],
    'signature': ['InvalidSignatureException', 400],
    'unknown-key': ['UnrecognizedClientException', 400],
    'invalid-token': ['UnrecognizedClientException', 400],
    'expired-token': ['ExpiredTokenException', 400],
    'skew': ['InvalidSignatureException', 400],
    'presign-expired': ['InvalidSignatureException', 400],
    'content-sha256': ['XAmzContentSHA256Mismatch', 400],
    'presign-not-yet': ['InvalidSignatureException', 400],
    'unsigned-header': ['IncompleteSignatureException', 400],
    'scope-date': ['InvalidSignatureException', 400],
    'scope-region': ['InvalidSignatureException', 400],
  },
  restJson1: {
    'missing': ['MissingAuthenticationTokenException', 403],
    'incomplete': ['IncompleteSignatureException', 403],
    'signature': ['InvalidSignatureException', 403],
    'unknown-key': ['UnrecognizedClientException', 403],
    'invalid-token': ['UnrecognizedClientException', 403],
    'expired-token': ['ExpiredTokenException', 403],
    'skew': ['InvalidSignatureException', 403],
    'presign-expired': ['InvalidSignatureException', 403],
    'content-sha256': ['XAmzContentSHA256Mismatch', 400],
    'presign-not-yet': ['InvalidSignatureException', 403],
    'unsigned-header': ['IncompleteSignatureException', 403],
    'scope-date': ['InvalidSignatureException', 403],
    'scope-region': ['InvalidSignatureException', 403],
  },
  restXml: {
    'missing': ['AccessDenied', 403],
    'incomplete': ['AuthorizationHeaderMalformed', 400],
    'signature': ['SignatureDoesNotMatch', 403],
    'unknown-key': ['InvalidAccessKeyId', 403],
    'invalid-token': ['InvalidToken', 400],
    'expired-token': ['ExpiredToken', 400],
    'skew': ['RequestTimeTooSkewed', 403],
    'presign-expired': ['AccessDenied', 403],
    'content-sha256': ['XAmzContentSHA256Mismatch', 400],
    'presign-not-yet': ['AccessDenied', 403],
    'unsigned-header': ['AccessDenied', 403],
    'scope-date': ['AuthorizationHeaderMalformed', 400],
    'scope-region': ['AuthorizationHeaderMalformed', 400],
  },
};

/** Messages that differ from the failure's own for some protocols. */
function messageFor(protocol: Protocol, failure: AuthFailure): string {
  if (protocol === 'restXml') {
    switch (failure.kind) {
      case 'missing': return 'Access Denied';
      case 'unknown-key': return 'The AWS Access Key Id you provided does not exist in our records.';
      case 'skew': return 'The difference between the request time and the current time is too large.';
      case 'invalid-token': return 'The provided token is malformed or otherwise invalid.';
      case 'expired-token': return 'The provided token has expired.';
      default: return failure.s3Message ?? failure.message;
    }
  }
  return failure.message;
}

/** Turns an authentication failure into the AWS error the service's protocol answers. */
export function authError(protocol: Protocol, failure: AuthFailure): AwsError {
  const [code, status] = AUTH_ERRORS[protocol][failure.kind];
  const fields = protocol === 'restXml' ? failure.fields : {};
  return new AwsError(code, messageFor(protocol, failure), { status, fields });
}
