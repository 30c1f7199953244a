import { AwsError } from '../../core/aws-error';

/** SSM's errors (awsJson1_1), in SSM's words. */
export const invalid = (message: string): AwsError => new AwsError('ValidationException', message);
export const parameterNotFound = (name: string): AwsError => new AwsError('ParameterNotFound', `Parameter ${name} not found.`);
export const parameterVersionNotFound = (name: string, version: string): AwsError =>
  new AwsError('ParameterVersionNotFound', `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`);
export const parameterAlreadyExists = (): AwsError =>
  new AwsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
