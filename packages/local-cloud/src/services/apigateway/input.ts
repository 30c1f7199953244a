import { badRequest } from './errors';
import type { PatchOperation } from './stage-patch';

/**
 * Reading the decoded input's body members by their JSON type where an operation needs them: a wrong type is the
 * caller's BadRequestException. Required members and enums are the model's, checked by the request pipeline before
 * the operation runs (it reads REST values as text, so a body value's JSON type is left to these readers).
 */
type Input = Record<string, unknown>;

/** Member `name` of the input (null reads as absent); a value `is` refuses is the caller's BadRequestException. */
function member<T>(input: object, name: string, is: (v: unknown) => boolean, expected: string): T | undefined {
  const v = (input as Input)[name];
  if (v === undefined || v === null) return undefined;
  if (!is(v)) throw badRequest(`Invalid value for ${name}: expected ${expected}`);
  return v as T;
}

export const str = (input: object, name: string): string | undefined => member(input, name, (v) => typeof v === 'string', 'a string');

export const num = (input: object, name: string): number | undefined => member(input, name, (v) => typeof v === 'number', 'a number');

export const bool = (input: object, name: string): boolean | undefined => member(input, name, (v) => typeof v === 'boolean', 'a boolean');

export const obj = (input: object, name: string): Input | undefined =>
  member(input, name, (v) => typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v), 'a structure');

export function strMap(input: object, name: string): Record<string, string> | undefined {
  const v = obj(input, name);
  if (v && Object.values(v).some((x) => typeof x !== 'string')) {
    throw badRequest(`Invalid value for ${name}: expected a map of strings`);
  }
  return v as Record<string, string> | undefined;
}

export const strList = (input: object, name: string): string[] | undefined =>
  member(input, name, (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), 'a list of strings');

export const patch = (input: object): PatchOperation[] =>
  member<PatchOperation[]>(input, 'patchOperations', (v) => Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null), 'a list of patch operations') ?? [];

/** `embed` arrives as a list (`?embed=methods` or `embed=a,b`). */
export function embeds(input: object, what: string): boolean {
  const v = (input as Input).embed;
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list.some((e) => typeof e === 'string' && e.split(',').map((s) => s.trim()).includes(what));
}
