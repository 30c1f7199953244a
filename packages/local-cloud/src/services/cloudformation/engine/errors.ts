import { TemplateError, UnsupportedFunctionError } from '@kms-logs-api/cfn-template';
import { AwsError } from '../../../core/aws-error';

/** CloudFormation's catch-all client error (`ValidationError`, HTTP 400). */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

/** `Template format error: Unresolved resource dependencies [X] in the Resources block of the template`. */
export function unresolvedDependencies(names: readonly string[]): AwsError {
  return validationError(
    `Template format error: Unresolved resource dependencies [${names.join(', ')}] in the Resources block of the template`,
  );
}

/**
 * Runs `fn`, answering a template error of `@kms-logs-api/cfn-template` as CloudFormation does (its text is
 * already AWS's); a function the evaluator does not know is this emulator's refusal, said as such.
 */
export function withValidationErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UnsupportedFunctionError) {
      throw validationError(`Template format error: Unsupported intrinsic function ${e.functionName} (not supported by local-cloud)`);
    }
    if (e instanceof TemplateError) throw validationError(e.message);
    throw e;
  }
}

/** `Stack with id <name> does not exist` (DescribeStacks & co.). */
export function stackNotFound(name: string): AwsError {
  return validationError(`Stack with id ${name} does not exist`);
}

/** `ChangeSetNotFound` (HTTP 404). */
export function changeSetNotFound(name: string): AwsError {
  return new AwsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, { status: 404 });
}

/** A stack whose status (or running operation) allows no update now. */
export function cannotUpdate(stack: { stackId: string; status: string }): AwsError {
  return validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
}

/** `AlreadyExistsException` for a stack or change set name. */
export function alreadyExists(kind: 'Stack' | 'ChangeSet', name: string): AwsError {
  return new AwsError('AlreadyExistsException', `${kind} [${name}] already exists`);
}
