import { AwsError } from '../../core/aws-error';

/**
 * Lambda error shapes whose message member is `Message`; every other Lambda error shape names it `message`
 * (botocore `lambda/2015-03-31/service-2.json`). AWS sends the member the shape names: recorded on AWS,
 * ResourceNotFoundException carries top-level `Message`, ResourceConflictException and
 * InvalidParameterValueException `message` (LocalStack tests/aws/services/lambda_/test_lambda_api.snapshot.json,
 * 2025-11). SDK v3 and botocore read the modeled member, so the wrong case leaves `err.Message` empty.
 */
const MESSAGE_CAPITALISED = new Set([
  'ResourceNotFoundException',
  'ServiceException',
  'ResourceInUseException',
  'CodeSigningConfigNotFoundException',
  'InvalidCodeSignatureException',
  'InvalidRuntimeException',
  'InvalidZipFileException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'RecursiveInvocationException',
]);

/**
 * Lambda's errors (restJson1): `X-Amzn-ErrorType` names the shape, the body is `{"Type": …, "Message"|"message": …}`
 * as the shape declares it (wire-protocols.md §3). `Type` is `User` for the caller's faults, `Service` for ours.
 */
export function lambdaError(code: string, message: string, status: number): AwsError {
  const messageMember = MESSAGE_CAPITALISED.has(code) ? 'Message' : 'message';
  return new AwsError(code, message, { status, fields: { Type: status >= 500 ? 'Service' : 'User', [messageMember]: message } });
}

export const resourceNotFound = (message: string): AwsError => lambdaError('ResourceNotFoundException', message, 404);

/** `Function not found: arn:aws:lambda:<region>:<account>:function:<name>` */
export const functionNotFound = (arn: string): AwsError => resourceNotFound(`Function not found: ${arn}`);

export const resourceConflict = (message: string): AwsError => lambdaError('ResourceConflictException', message, 409);

/**
 * Invoke of a function still being created (remotion-dev/remotion#1186; "Lambda function states": invocations fail
 * while Pending).
 */
export const invokeWhilePending = (state: string): AwsError =>
  resourceConflict(`The operation cannot be performed at this time. The function is currently in the following state: ${state}`);

/** An update of a function still being created (aws/serverless-application-model#2356). */
export const updateWhilePending = (arn: string, state: string, reasonCode: string): AwsError =>
  resourceConflict(`The operation cannot be performed at this time. The resource ${arn} is currently in the following state: '${state}'. StateReasonCode: '${reasonCode}'`);

/** A second update (or TagResource) while one is InProgress (recorded on AWS: LocalStack test_lambda_api.snapshot.json). */
export const updateInProgress = (arn: string): AwsError =>
  resourceConflict(`The operation cannot be performed at this time. An update is in progress for resource: ${arn}`);

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
