import { ContextScalar, scalarToString } from '../context';
import { templateGlob, TemplatePart, templateText } from '../variables';
import { matchGlob } from '../wildcards';
import { anyText, OperatorSpec } from './operator';

function equals(policy: readonly TemplatePart[], request: ContextScalar): boolean {
  return scalarToString(request) === templateText(policy);
}

function equalsIgnoreCase(policy: readonly TemplatePart[], request: ContextScalar): boolean {
  const text = scalarToString(request);
  return text !== undefined && text.toLowerCase() === templateText(policy).toLowerCase();
}

function like(policy: readonly TemplatePart[], request: ContextScalar): boolean {
  const text = scalarToString(request);
  return text !== undefined && matchGlob(templateGlob(policy), text, false);
}

function spec(name: string, negated: boolean, matches: OperatorSpec['matches']): OperatorSpec {
  return { name, negated, variables: true, validate: anyText, matches };
}

/**
 * String operators. Request values that are numbers, booleans or Dates are compared as text
 * (`String(n)`, `"true"`, ISO 8601). `StringEquals` is case-sensitive and has no wildcards;
 * `StringLike` is case-sensitive with `*` and `?`.
 */
export const STRING_OPERATORS: readonly OperatorSpec[] = [
  spec('StringEquals', false, equals),
  spec('StringNotEquals', true, equals),
  spec('StringEqualsIgnoreCase', false, equalsIgnoreCase),
  spec('StringNotEqualsIgnoreCase', true, equalsIgnoreCase),
  spec('StringLike', false, like),
  spec('StringNotLike', true, like),
];
