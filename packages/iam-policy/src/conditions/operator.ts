import { ContextScalar } from '../context';
import { TemplatePart } from '../variables';

/**
 * One condition operator (without `IfExists` or a set qualifier).
 *
 * `matches` always answers in the positive sense ("equals", "is like", "is in the range");
 * for a negated operator (`StringNotEquals`, `NotIpAddress`, ...) the evaluator negates it.
 */
export interface OperatorSpec {
  /** The operator's name as written in a policy, e.g. `StringNotEquals`. */
  readonly name: string;
  /** True for the negated operators, whose result is NOT(the positive match). */
  readonly negated: boolean;
  /** Whether `${...}` policy variables are expanded in this operator's policy values. */
  readonly variables: boolean;
  /** Checks one policy value (as text) when the policy is parsed; returns an error message or undefined. */
  validate(value: string): string | undefined;
  /** Whether one request value matches one policy value, in the positive sense. */
  matches(policyValue: readonly TemplatePart[], requestValue: ContextScalar): boolean;
}

/** Policy values of a family that accepts any text. */
export function anyText(): string | undefined {
  return undefined;
}
