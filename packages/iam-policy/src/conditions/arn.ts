import { ContextScalar } from '../context';
import { templateGlob, TemplatePart } from '../variables';
import { matchArnSegments } from '../wildcards';
import { anyText, OperatorSpec } from './operator';

function matches(policy: readonly TemplatePart[], request: ContextScalar): boolean {
  return typeof request === 'string' && matchArnSegments(templateGlob(policy), request);
}

/**
 * ARN operators. As AWS documents, `ArnEquals` and `ArnLike` behave identically (both take
 * `*` and `?`), and so do `ArnNotEquals` and `ArnNotLike`: the six colon-delimited ARN
 * components are matched separately and case-sensitively.
 */
export const ARN_OPERATORS: readonly OperatorSpec[] = [
  { name: 'ArnEquals', negated: false, variables: true, validate: anyText, matches },
  { name: 'ArnLike', negated: false, variables: true, validate: anyText, matches },
  { name: 'ArnNotEquals', negated: true, variables: true, validate: anyText, matches },
  { name: 'ArnNotLike', negated: true, variables: true, validate: anyText, matches },
];
