import { AwsError } from '../aws-error';

/**
 * How each service answers a request that breaks its model's constraints: the error code, status and extra members
 * AWS sends, recorded on AWS (LocalStack snapshot tests, `tests/aws/services/…`):
 * - KMS `ValidationException` 400 (`kms/test_kms.snapshot.json`), SSM `ValidationException` (the code of its
 *   "1 validation error detected" answers, as `services/ssm` had it);
 * - CloudWatch Logs `InvalidParameterException` 400 for its classic operations (`logs/test_logs_events.snapshot.json`,
 *   `test_logs_filter_events.snapshot.json`: "Value '10001' at 'limit' …");
 * - Lambda `ValidationException` 400 with `Type: User` (`lambda_/test_lambda_api.snapshot.json`);
 * - API Gateway `ValidationException` 400, body members named from its input shape
 *   (`createRestApiInput.endpointConfiguration.types`, `apigateway/test_apigateway_api.snapshot.json`);
 * - STS, IAM, CloudFormation (awsQuery) `ValidationError` 400, `Type` Sender (`sts/test_sts.snapshot.json`,
 *   `iam/test_iam.snapshot.json`, `cloudformation/api/test_stacks.snapshot.json`).
 * S3 has no entry: S3 does not answer model violations this way (it has its own codes, checked by the service).
 */
export interface ValidationAnswer {
  readonly code: string;
  readonly status: number;
  readonly fields?: Readonly<Record<string, string>>;
  /** Body members' paths start with `<operation>Input.` (camel case), as API Gateway prints them. */
  readonly bodyPrefixFromOperation?: boolean;
}

export const VALIDATION_ANSWERS: Readonly<Record<string, ValidationAnswer>> = {
  kms: { code: 'ValidationException', status: 400 },
  ssm: { code: 'ValidationException', status: 400 },
  logs: { code: 'InvalidParameterException', status: 400 },
  lambda: { code: 'ValidationException', status: 400, fields: { Type: 'User' } },
  apigateway: { code: 'ValidationException', status: 400, bodyPrefixFromOperation: true },
  sts: { code: 'ValidationError', status: 400 },
  iam: { code: 'ValidationError', status: 400 },
  cloudformation: { code: 'ValidationError', status: 400 },
};

export function validationError(answer: ValidationAnswer, message: string): AwsError {
  return new AwsError(answer.code, message, { status: answer.status, fields: { ...answer.fields } });
}

/**
 * A value of the wrong JSON type (awsJson). AWS answers `SerializationException` (its text names Java classes, which
 * local-cloud does not imitate): this one names the member and the type its model wants.
 */
export function serializationError(path: string, expected: string): AwsError {
  return new AwsError('SerializationException', `The value of '${path}' is not a ${expected}, as the service model requires`);
}
