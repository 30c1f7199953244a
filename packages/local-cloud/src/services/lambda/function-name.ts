import { FUNCTION_NAME_PATTERN, FUNCTION_NAME_PATTERN_TEXT, parseFunctionReference, type FunctionReference } from '../../core/arns/lambda';
import type { Scope } from '../../core/scope';
import { invalidParameter, validation } from './errors';

const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9-_]+)$/;

/**
 * Resolves a FunctionName as Lambda accepts it: `my-function`, `my-function:$LATEST`,
 * `123456789012:function:my-function`, or the full ARN (whose region and account are then used).
 * A separate `Qualifier` must agree with one derived from the name.
 *
 * @throws AwsError ValidationException for a malformed name, InvalidParameterValueException for a
 *   qualifier conflict
 */
export function parseFunctionName(value: string, scope: Scope, qualifierParam?: string, member = 'functionName'): FunctionReference {
  if (value.length < 1 || value.length > 170 || !FUNCTION_NAME_PATTERN.test(value)) {
    throw validation(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN_TEXT}`,
    );
  }
  let ref = parseFunctionReference(value, scope);
  if (!ref || ref.name.length > 64) {
    throw validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to 64`);
  }
  if (qualifierParam !== undefined) {
    if (!QUALIFIER.test(qualifierParam) || qualifierParam.length > 128) {
      throw validation(
        `1 validation error detected: Value '${qualifierParam}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)`,
      );
    }
    if (ref.qualifier !== undefined && ref.qualifier !== qualifierParam) {
      throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
    }
    ref = { ...ref, qualifier: qualifierParam };
  }
  return ref;
}
