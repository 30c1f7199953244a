import { ContextScalar } from '../context';
import { TemplatePart, templateText } from '../variables';
import { OperatorSpec } from './operator';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses an integer or decimal number written in text; undefined when it is not one. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

function requestNumber(value: ContextScalar): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return parseNumber(value);
  return undefined;
}

function spec(name: string, negated: boolean, compare: (request: number, policy: number) => boolean): OperatorSpec {
  return {
    name,
    negated,
    variables: false,
    validate: (value) => (parseNumber(value) === undefined ? `"${value}" is not a number` : undefined),
    matches: (policy: readonly TemplatePart[], request: ContextScalar) => {
      const p = parseNumber(templateText(policy));
      const r = requestNumber(request);
      return p !== undefined && r !== undefined && compare(r, p);
    },
  };
}

/**
 * Numeric operators: integers or decimals. A request value that is not a number never
 * matches (so the negated `NumericNotEquals` is true for it).
 */
export const NUMERIC_OPERATORS: readonly OperatorSpec[] = [
  spec('NumericEquals', false, (r, p) => r === p),
  spec('NumericNotEquals', true, (r, p) => r === p),
  spec('NumericLessThan', false, (r, p) => r < p),
  spec('NumericLessThanEquals', false, (r, p) => r <= p),
  spec('NumericGreaterThan', false, (r, p) => r > p),
  spec('NumericGreaterThanEquals', false, (r, p) => r >= p),
];
