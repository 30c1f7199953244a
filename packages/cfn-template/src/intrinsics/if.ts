import { TemplateError } from '../errors';
import { Unknown } from '../unknown';
import type { EvaluationScope, IntrinsicFunction } from './function';

/**
 * The branch `Fn::If [condition, whenTrue, whenFalse]` takes, unresolved; unknown when the condition is.
 * Shared by `Fn::If` in a value and in a condition.
 */
export function ifBranch(argument: unknown, scope: EvaluationScope): unknown {
  if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
    throw new TemplateError('Template error: every Fn::If object requires three parameters, the condition, the value if true and the value if false');
  }
  const condition = scope.condition(argument[0]);
  if (condition instanceof Unknown) return Unknown.derived('Fn::If', condition);
  return condition ? argument[1] : argument[2];
}

/** `Fn::If [condition, whenTrue, whenFalse]`: the value of the branch its condition picks. */
export const IF: IntrinsicFunction = {
  name: 'Fn::If',
  resolve(argument, { scope, resolve }) {
    const branch = ifBranch(argument, scope);
    return branch instanceof Unknown ? branch : resolve(branch);
  },
};
