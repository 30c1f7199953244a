import { ContextScalar } from '../context';
import { TemplatePart, templateText } from '../variables';

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

/**
 * The six ordered comparisons of a family whose values parse to numbers (`<prefix>Equals`,
 * `<prefix>NotEquals`, `<prefix>LessThan`, …): Numeric and Date. A value that does not parse never
 * matches, so the negated `<prefix>NotEquals` is true for it.
 *
 * @param parsePolicy parses a policy value (text); undefined when it is not one of the family's values
 * @param parseRequest reads a request value; undefined when it is not one
 * @param what the family's values, for the parse-time error ("a number")
 */
export function orderedOperators(
  prefix: string,
  parsePolicy: (text: string) => number | undefined,
  parseRequest: (value: ContextScalar) => number | undefined,
  what: string,
): OperatorSpec[] {
  const spec = (suffix: string, negated: boolean, compare: (request: number, policy: number) => boolean): OperatorSpec => ({
    name: `${prefix}${suffix}`,
    negated,
    variables: false,
    validate: (value) => (parsePolicy(value) === undefined ? `"${value}" is not ${what}` : undefined),
    matches: (policy, request) => {
      const p = parsePolicy(templateText(policy));
      const r = parseRequest(request);
      return p !== undefined && r !== undefined && compare(r, p);
    },
  });
  return [
    spec('Equals', false, (r, p) => r === p),
    spec('NotEquals', true, (r, p) => r === p),
    spec('LessThan', false, (r, p) => r < p),
    spec('LessThanEquals', false, (r, p) => r <= p),
    spec('GreaterThan', false, (r, p) => r > p),
    spec('GreaterThanEquals', false, (r, p) => r >= p),
  ];
}
