import { TemplateError } from '../errors';
import type { ConditionFunction } from '../intrinsics/function';
import { containsUnknown, Unknown } from '../unknown';

/** Equality as CloudFormation compares: scalars by their text (`1` equals `"1"`), anything else by structure. */
export function sameValue(a: unknown, b: unknown): boolean {
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (scalar(a) && scalar(b)) return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `Fn::Equals [a, b]`: unknown when either side is. */
export const EQUALS: ConditionFunction = {
  name: 'Fn::Equals',
  evaluate(argument, { resolve }) {
    if (!Array.isArray(argument) || argument.length !== 2) {
      throw new TemplateError('Template error: every Fn::Equals object requires a list of 2 string parameters.');
    }
    const [a, b] = argument.map((v) => resolve(v));
    if (containsUnknown(a) || containsUnknown(b)) return Unknown.derived('Fn::Equals', [a, b]);
    return sameValue(a, b);
  },
};
