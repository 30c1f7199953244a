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
