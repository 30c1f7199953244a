import { badRequest } from './errors';
import type { PatchOperation } from './stage-patch';

/**
 * Reading the decoded input's body members by their JSON type where an operation needs them: a wrong type is the
 * caller's BadRequestException. Required members and enums are the model's, checked by the request pipeline before
 * the operation runs (it reads REST values as text, so a body value's JSON type is left to these readers).
 */
type Input = Record<string, unknown>;

export function str(input: object, name: string): string | undefined {
  const v = (input as Input)[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`Invalid value for ${name}: expected a string`);
  return v;
}

export function num(input: object, name: string): number | undefined {
  const v = (input as Input)[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw badRequest(`Invalid value for ${name}: expected a number`);
  return v;
}

export function bool(input: object, name: string): boolean | undefined {
  const v = (input as Input)[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badRequest(`Invalid value for ${name}: expected a boolean`);
  return v;
}

export function obj(input: object, name: string): Input | undefined {
  const v = (input as Input)[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Buffer.isBuffer(v)) {
    throw badRequest(`Invalid value for ${name}: expected a structure`);
  }
  return v as Input;
}

export function strMap(input: object, name: string): Record<string, string> | undefined {
  const v = obj(input, name);
  if (v && Object.values(v).some((x) => typeof x !== 'string')) {
    throw badRequest(`Invalid value for ${name}: expected a map of strings`);
  }
  return v as Record<string, string> | undefined;
}

export function strList(input: object, name: string): string[] | undefined {
  const v = (input as Input)[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw badRequest(`Invalid value for ${name}: expected a list of strings`);
  }
  return v as string[];
}

export function patch(input: object): PatchOperation[] {
  const v = (input as Input).patchOperations;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null)) {
    throw badRequest('Invalid value for patchOperations: expected a list of patch operations');
  }
  return v as PatchOperation[];
}

/** `embed` arrives as a list (`?embed=methods` or `embed=a,b`). */
export function embeds(input: object, what: string): boolean {
  const v = (input as Input).embed;
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list.some((e) => typeof e === 'string' && e.split(',').map((s) => s.trim()).includes(what));
}
