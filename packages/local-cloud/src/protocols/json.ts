/**
 * The JSON form of an output value, shared by awsJson1_1 and restJson1: timestamps as epoch seconds
 * (numbers), blobs base64, `Map`s as objects, undefined members omitted.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.getTime() / 1000;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v) ?? null);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = toJsonValue(v);
    return out;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const encoded = toJsonValue(v);
      if (encoded !== undefined) out[k] = encoded;
    }
    return out;
  }
  return value;
}

/** Parses a JSON request body that must be an object; an empty body is `{}`. `undefined` when it is not JSON. */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    const parsed = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
