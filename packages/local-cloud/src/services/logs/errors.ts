import { AwsError } from '../../core/aws-error';

/** Longest log group or log stream name. */
export const MAX_NAME_LENGTH = 512;

/** CloudWatch Logs' client error for a bad parameter. */
export function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** AWS's `1 validation error detected: …` for one member, as CloudWatch Logs answers it (InvalidParameterException). */
export function constraint(member: string, value: unknown, text: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return invalid(`1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${text}`);
}

/**
 * A name over 512 characters: Logs answers its own text, not the model's length constraint (recorded on AWS
 * for CreateLogGroup, LocalStack tests/aws/services/logs/test_logs_groups.snapshot.json
 * `test_create_log_group_invalid_name_length`, 2026-02).
 */
export function nameTooLong(): AwsError {
  return invalid(`Invalid LogGroup or LogStream, both must have length less than or equal to ${MAX_NAME_LENGTH}.`);
}

export function groupNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
}

export function streamNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
}

export function tooManyTags(): AwsError {
  return new AwsError('TooManyTagsException', 'A resource can have no more than 50 tags.');
}

export function invalidToken(): AwsError {
  return invalid('The specified nextToken is invalid.');
}
