import { ContextScalar, RequestContext } from '../context';
import { expandVariables, plainTemplate, TemplatePart } from '../variables';
import { ARN_OPERATORS } from './arn';
import { BINARY_OPERATORS } from './binary';
import { BOOL_OPERATORS } from './bool';
import { DATE_OPERATORS } from './date';
import { IP_OPERATORS } from './ip';
import { evaluateNull, validateNullValue } from './null';
import { NUMERIC_OPERATORS } from './numeric';
import { OperatorSpec } from './operator';
import { STRING_OPERATORS } from './string';

const OPERATORS = new Map<string, OperatorSpec>(
  [
    ...STRING_OPERATORS,
    ...NUMERIC_OPERATORS,
    ...DATE_OPERATORS,
    ...BOOL_OPERATORS,
    ...BINARY_OPERATORS,
    ...IP_OPERATORS,
    ...ARN_OPERATORS,
  ].map((op) => [op.name, op]),
);

/** Every base operator name this package supports, `Null` included. */
export const CONDITION_OPERATOR_NAMES: readonly string[] = [...OPERATORS.keys(), 'Null'];

/** A condition operator name taken apart: `ForAnyValue:StringLikeIfExists`. */
export interface ParsedOperator {
  /** The set qualifier, if any. */
  readonly qualifier?: 'ForAllValues' | 'ForAnyValue';
  /** The base operator, or `'Null'`. */
  readonly operator: OperatorSpec | 'Null';
  /** Whether the name ends in `IfExists`. */
  readonly ifExists: boolean;
}

/**
 * Takes an operator name apart; undefined when it is not a known operator. Names are
 * case-sensitive, as in IAM (`stringEquals` is rejected). `Null` takes neither `IfExists`
 * nor a set qualifier.
 */
export function parseOperatorName(name: string): ParsedOperator | undefined {
  const m = /^(?:(ForAllValues|ForAnyValue):)?(.+?)(IfExists)?$/.exec(name);
  if (!m) return undefined;
  const qualifier = m[1] as ParsedOperator['qualifier'];
  const ifExists = m[3] !== undefined;
  if (m[2] === 'Null') return qualifier || ifExists ? undefined : { operator: 'Null', ifExists };
  const operator = OPERATORS.get(m[2]);
  return operator ? { qualifier, operator, ifExists } : undefined;
}

/** Checks one policy value for an operator when the policy is parsed; returns an error message or undefined. */
export function validateConditionValue(parsed: ParsedOperator, value: string): string | undefined {
  return parsed.operator === 'Null' ? validateNullValue(value) : parsed.operator.validate(value);
}

/** Policy values as text: condition values are strings, numbers or booleans (one or a list). */
export function conditionValues(raw: unknown): string[] {
  return (Array.isArray(raw) ? raw : [raw]).map((v) => String(v));
}

/** How a condition is evaluated: the request's context and whether variables are expanded. */
export interface ConditionEnvironment {
  readonly context: RequestContext;
  readonly variables: boolean;
}

/**
 * Evaluates a statement's `Condition` element (already validated by parsePolicy): every
 * operator and every key must hold (AND); the values listed for one key are alternatives (OR).
 */
export function evaluateConditions(
  condition: Record<string, Record<string, unknown>> | undefined,
  env: ConditionEnvironment,
): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([name, block]) => {
    const parsed = parseOperatorName(name);
    if (!parsed) return false; // unreachable for parsed policies: parsePolicy rejects unknown operators
    return Object.entries(block).every(([key, raw]) => evaluateKey(parsed, conditionValues(raw), env.context.list(key), env));
  });
}

function evaluateKey(
  parsed: ParsedOperator,
  policyValues: string[],
  requestValues: ContextScalar[] | undefined,
  env: ConditionEnvironment,
): boolean {
  const { operator, qualifier, ifExists } = parsed;
  if (operator === 'Null') return evaluateNull(policyValues, requestValues);
  if (requestValues === undefined) {
    // AWS: a missing key fails a positive operator and satisfies a negated one; IfExists and
    // ForAllValues are true for it; ForAnyValue is false.
    if (ifExists) return true;
    if (qualifier) return qualifier === 'ForAllValues';
    return operator.negated;
  }
  const expanded = expandAll(operator, policyValues, env);
  const single = (value: ContextScalar): boolean => {
    const positive = expanded.some((p) => operator.matches(p, value));
    return operator.negated ? !positive : positive;
  };
  if (qualifier === 'ForAllValues') return requestValues.every(single);
  if (qualifier === 'ForAnyValue') return requestValues.some(single);
  // No qualifier but several request values: a positive operator holds when any value
  // matches, a negated one when no value matches (i.e. NOT the positive operator).
  return operator.negated ? requestValues.every(single) : requestValues.some(single);
}

/** Expands policy variables in each value; values with an unresolved variable are dropped (they match nothing). */
function expandAll(operator: OperatorSpec, values: readonly string[], env: ConditionEnvironment): TemplatePart[][] {
  const out: TemplatePart[][] = [];
  for (const value of values) {
    const parts =
      operator.variables && env.variables ? expandVariables(value, (k) => env.context.variable(k)) : plainTemplate(value);
    if (parts) out.push(parts);
  }
  return out;
}
