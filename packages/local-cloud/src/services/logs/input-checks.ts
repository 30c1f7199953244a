import { constraint, invalid, MAX_NAME_LENGTH, nameTooLong, tooManyTags } from './errors';

/*
 * The hand-written input checks CloudWatch Logs had before the request pipeline validated input against the
 * service model. They stay until that validation lands (removing them now would change answers); the model
 * will then own required/length/pattern/range/enum, and only the Logs-specific rules below the line remain.
 */

type Input = object;

const member = (input: Input, name: string): unknown => (input as Record<string, unknown>)[name];

export function requiredString(input: Input, name: string): string {
  const value = member(input, name);
  if (value === undefined || value === null) throw constraint(name, value, 'Member must not be null');
  if (typeof value !== 'string') throw invalid(`${name} must be a string`);
  return value;
}

export function optionalString(input: Input, name: string): string | undefined {
  const value = member(input, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${name} must be a string`);
  return value;
}

export function optionalNumber(input: Input, name: string, min?: number, max?: number): number | undefined {
  const value = member(input, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(`${name} must be an integer`);
  if (min !== undefined && value < min) throw constraint(name, value, `Member must have value greater than or equal to ${min}`);
  if (max !== undefined && value > max) throw constraint(name, value, `Member must have value less than or equal to ${max}`);
  return value;
}

export function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw constraint(name, undefined, 'Member must not be null');
  return value as string[];
}

export function checkGroupName(name: string, memberName = 'logGroupName'): string {
  if (name.length > MAX_NAME_LENGTH) throw nameTooLong();
  if (name.length < 1) throw constraint(memberName, name, 'Member must have length between 1 and 512');
  if (!/^[.\-_/#A-Za-z0-9]+$/.test(name)) {
    throw constraint(memberName, name, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
  }
  return name;
}

export function checkStreamName(name: string): string {
  if (name.length > MAX_NAME_LENGTH) throw nameTooLong();
  if (name.length < 1) throw constraint('logStreamName', name, 'Member must have length between 1 and 512');
  if (/[:*]/.test(name)) throw constraint('logStreamName', name, 'Member must satisfy regular expression pattern: [^:*]*');
  return name;
}

export function checkTags(value: unknown, name = 'tags'): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${name} must be a map`);
  const tags = value as Record<string, unknown>;
  const keys = Object.keys(tags);
  if (keys.length > 50) throw tooManyTags();
  for (const k of keys) {
    const v = tags[k];
    if (typeof v !== 'string') throw invalid(`Tag values must be strings`);
    if (k.length < 1 || k.length > 128) throw constraint(name, k, 'Tag keys must have length between 1 and 128');
    if (v.length > 256) throw constraint(name, v, 'Tag values must have length less than or equal to 256');
    // not a model constraint: AWS reserves the prefix
    if (k.toLowerCase().startsWith('aws:')) throw invalid(`Tag keys that begin with 'aws:' are reserved: ${k}`);
  }
  return tags as Record<string, string>;
}
