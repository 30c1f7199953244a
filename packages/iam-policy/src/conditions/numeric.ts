import { ContextScalar } from '../context';
import { OperatorSpec, orderedOperators } from './operator';

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

/**
 * Numeric operators: integers or decimals. A request value that is not a number never
 * matches (so the negated `NumericNotEquals` is true for it).
 */
export const NUMERIC_OPERATORS: readonly OperatorSpec[] = orderedOperators('Numeric', parseNumber, requestNumber, 'a number');
