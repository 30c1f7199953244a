import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Lowercase alphanumerics, the alphabet of every API Gateway identifier. */
export function lowercaseId(length: number): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

/** A REST API id: 10 lowercase alphanumerics (`a1b2c3d4e5`); the root resource id looks the same. */
export const restApiId = (): string => lowercaseId(10);
/** A child resource or deployment id: 6 lowercase alphanumerics. */
export const shortId = (): string => lowercaseId(6);
/** `$context.requestId`: a UUID, also sent back as `x-amzn-RequestId`. */
export const requestId = (): string => randomUUID();
// per-request ids draw from a pool: one randomBytes call per 4 KiB instead of two per request
let pool = Buffer.alloc(0);
let poolOffset = 0;
function pooledRandom(n: number): Buffer {
  if (poolOffset + n > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  poolOffset += n;
  return pool.subarray(poolOffset - n, poolOffset);
}

/** `$context.extendedRequestId` / `x-amz-apigw-id`: 16 characters of base64, like `a1b2c3d4e5f6g7h=`. */
export const extendedRequestId = (): string => pooledRandom(11).toString('base64');
/** An X-Ray trace header value: `Root=1-<epoch seconds hex>-<24 hex>`. */
export const traceId = (now: number): string =>
  `Root=1-${Math.floor(now / 1000).toString(16)}-${pooledRandom(12).toString('hex')}`;
