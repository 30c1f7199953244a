import { AwsError } from '../../core/aws-error';

/**
 * Lambda's errors (restJson1): `X-Amzn-ErrorType` names the shape, the body carries `Type` and `message`
 * (wire-protocols.md §3). `Type` is `User` for the caller's faults, `Service` for ours.
 */
export function lambdaError(code: string, message: string, status: number): AwsError {
  return new AwsError(code, message, { status, fields: { Type: status >= 500 ? 'Service' : 'User' } });
}

export const resourceNotFound = (message: string): AwsError => lambdaError('ResourceNotFoundException', message, 404);

/** `Function not found: arn:aws:lambda:<region>:<account>:function:<name>` */
export const functionNotFound = (arn: string): AwsError => resourceNotFound(`Function not found: ${arn}`);

export const resourceConflict = (message: string): AwsError => lambdaError('ResourceConflictException', message, 409);

export const invalidParameter = (message: string): AwsError => lambdaError('InvalidParameterValueException', message, 400);

/** A model constraint (pattern, length, range): `1 validation error detected: …`. */
export const validation = (message: string): AwsError => lambdaError('ValidationException', message, 400);

export const preconditionFailed = (): AwsError =>
  lambdaError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    412,
  );

export const invalidRequestContent = (message: string): AwsError => lambdaError('InvalidRequestContentException', message, 400);

export const requestTooLarge = (message: string): AwsError => lambdaError('RequestTooLargeException', message, 413);

export const serviceException = (message: string): AwsError => lambdaError('ServiceException', message, 500);
