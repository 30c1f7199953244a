import { invalidRequestContent, requestTooLarge, validation } from './errors';

/** Lambda's limits on an Invoke request body: RequestResponse, and Event. */
export const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
export const MAX_ASYNC_PAYLOAD = 1024 * 1024;

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';
export type LogType = 'None' | 'Tail';

/** `X-Amz-Invocation-Type`, RequestResponse by default; the model's enum. */
export function readInvocationType(value: unknown): InvocationType {
  const type = value ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
    throw validation(
      `1 validation error detected: Value '${String(type)}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
    );
  }
  return type;
}

/** `X-Amz-Log-Type`, None by default; the model's enum. */
export function readLogType(value: unknown): LogType {
  const type = value ?? 'None';
  if (type !== 'None' && type !== 'Tail') {
    throw validation(`1 validation error detected: Value '${String(type)}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`);
  }
  return type;
}

/**
 * The event as JSON text: within `limit` bytes, and JSON (empty means `{}`). `isJson`: the caller made it with
 * `JSON.stringify`, so only its size is checked.
 */
export function readPayload(payload: string | Uint8Array | undefined, limit: number, operation: string, isJson = false): string {
  const bytes = typeof payload === 'string' || payload === undefined ? undefined : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const text = bytes ? bytes.toString('utf8') : (payload as string | undefined) ?? '';
  const size = bytes ? bytes.length : Buffer.byteLength(text);
  if (size > limit) throw requestTooLarge(`Request must be smaller than ${limit} bytes for the ${operation} operation`);
  if (isJson && text !== '') return text;
  if (text.trim() === '') return '{}';
  try {
    JSON.parse(text);
  } catch (error) {
    throw invalidRequestContent(`Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`);
  }
  return text;
}

/** `X-Amz-Client-Context`: base64 of a JSON object (the function's `context.clientContext`). */
export function readClientContext(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown;
  } catch {
    throw invalidRequestContent('Client context must be a valid Base64-encoded JSON object.');
  }
}
