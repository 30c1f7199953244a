import { AwsError } from '../../core/aws-error';

/**
 * Input checks in the words AWS uses for model constraints
 * (`1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null`).
 */

/** The model's member name as AWS writes it in validation messages: first letter lower case. */
function wireName(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

/**
 * Members the model marks `sensitive`: AWS never echoes their value, not even `null` ("Value at 'plaintext' failed to
 * satisfy constraint: …", recorded on AWS in LocalStack tests/aws/services/kms/test_kms.snapshot.json).
 */
const SENSITIVE = new Set(['Plaintext']);

export function validationError(member: string, value: unknown, constraint: string): AwsError {
  const shown = SENSITIVE.has(member) ? '' : value === undefined || value === null ? 'null ' : `'${String(value)}' `;
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value ${shown}at '${wireName(member)}' failed to satisfy constraint: ${constraint}`,
  );
}

export function requiredString(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (value === undefined || value === null) throw validationError(member, value, 'Member must not be null');
  if (typeof value !== 'string') throw new AwsError('SerializationException', `${member} must be a string`);
  return value;
}

export function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsError('SerializationException', `${member} must be a string`);
  return value;
}

export function optionalInteger(
  input: Record<string, unknown>,
  member: string,
  min: number,
  max: number,
): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new AwsError('SerializationException', `${member} must be an integer`);
  }
  if (value < min) throw validationError(member, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(member, value, `Member must have value less than or equal to ${max}`);
  return value;
}

/**
 * A blob member: the protocol layer may hand it over decoded (Buffer/Uint8Array) or as the wire's base64 text.
 */
export function optionalBlob(input: Record<string, unknown>, member: string): Buffer | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  throw new AwsError('SerializationException', `${member} must be a blob`);
}

export function requiredBlob(input: Record<string, unknown>, member: string): Buffer {
  const value = optionalBlob(input, member);
  if (value === undefined) throw validationError(member, undefined, 'Member must not be null');
  return value;
}

export function optionalStringMap(input: Record<string, unknown>, member: string): Record<string, string> | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsError('SerializationException', `${member} must be a map of strings`);
  }
  for (const v of Object.values(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new AwsError('SerializationException', `${member} must be a map of strings`);
  }
  return value as Record<string, string>;
}

/** `Limit`/`Marker` paging over an already ordered list; the marker is the next item's position. */
export function page<T>(
  items: readonly T[],
  limit: number,
  marker: string | undefined,
): { items: T[]; nextMarker?: string; truncated: boolean } {
  let start = 0;
  if (marker !== undefined) {
    const decoded = /^[0-9]+$/.test(marker) ? Number(marker) : NaN;
    if (!Number.isSafeInteger(decoded) || decoded > items.length) {
      throw new AwsError('InvalidMarkerException', 'The request was rejected because the marker that specifies where pagination should next begin is not valid.');
    }
    start = decoded;
  }
  const slice = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  return { items: slice, truncated, nextMarker: truncated ? String(start + limit) : undefined };
}
