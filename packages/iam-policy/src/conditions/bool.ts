import { ContextScalar } from '../context';
import { TemplatePart, templateText } from '../variables';
import { OperatorSpec } from './operator';

/** `true` / `false` from a boolean or from the text "true" / "false" (any case). */
export function parseBool(value: ContextScalar): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** `Bool`: the request value (a boolean or "true"/"false") equals the policy's "true"/"false". */
export const BOOL_OPERATORS: readonly OperatorSpec[] = [
  {
    name: 'Bool',
    negated: false,
    variables: false,
    validate: (value) => (parseBool(value) === undefined ? `"${value}" is not "true" or "false"` : undefined),
    matches: (policy: readonly TemplatePart[], request: ContextScalar) => {
      const r = parseBool(request);
      return r !== undefined && r === parseBool(templateText(policy));
    },
  },
];
