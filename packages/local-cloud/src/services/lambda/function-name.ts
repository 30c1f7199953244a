import { buildArn } from '../../core/arn';
import { invalidParameter, validation } from './errors';

/** Where a call looks for a function: the account and region of the request. */
export interface Where {
  readonly accountId: string;
  readonly region: string;
}

/** A FunctionName taken apart. */
export interface FunctionRef extends Where {
  readonly name: string;
  /** `$LATEST`, a version or an alias; undefined when none was named. */
  readonly qualifier?: string;
}

/** `arn:aws:lambda:<region>:<account>:function:<name>` */
export function functionArn(where: Where, name: string, qualifier?: string): string {
  return buildArn('lambda', where.region, where.accountId, `function:${name}${qualifier ? `:${qualifier}` : ''}`);
}

/** The model's FunctionName pattern (name, partial ARN, full ARN; optional qualifier). */
const FUNCTION_NAME =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?((?:[a-z]{2}(?:-gov)?-[a-z]+-\d{1}):)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const FULL_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):function:([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const NAME_ONLY = /^([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9-_]+)$/;

/**
 * Resolves a FunctionName as Lambda accepts it: `my-function`, `my-function:$LATEST`,
 * `123456789012:function:my-function`, or the full ARN (whose region and account are then used).
 * A separate `Qualifier` must agree with one derived from the name.
 *
 * @throws AwsError ValidationException for a malformed name, InvalidParameterValueException for a
 *   qualifier conflict
 */
export function parseFunctionName(value: string, where: Where, qualifierParam?: string, member = 'functionName'): FunctionRef {
  if (value.length < 1 || value.length > 170 || !FUNCTION_NAME.test(value)) {
    throw validation(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ` +
        '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
    );
  }
  let ref: FunctionRef | undefined;
  let m = FULL_ARN.exec(value);
  if (m) ref = { region: m[1], accountId: m[2], name: m[3], qualifier: m[4] };
  else if ((m = PARTIAL_ARN.exec(value))) ref = { region: where.region, accountId: m[1], name: m[2], qualifier: m[3] };
  else if ((m = NAME_ONLY.exec(value))) ref = { region: where.region, accountId: where.accountId, name: m[1], qualifier: m[2] };
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
