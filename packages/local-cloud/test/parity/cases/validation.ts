// Cases whose answer is AWS's constraint-violation text: they pass since every request is validated against the
// operation's model in the pipeline (issue 13, src/core/validation), and Lambda words its own checks as recorded.
import { LOCALSTACK, type ParityCase, type ParityService } from '../case';

const KMS = `${LOCALSTACK}kms/test_kms.snapshot.json#`;
const LAMBDA_API = `${LOCALSTACK}lambda_/test_lambda_api.snapshot.json#`;
const validationError = (message: string) => ({ status: 400, error: { code: 'ValidationException', message } });
// Lambda answers a few constraint failures as InvalidParameterValueException with the validation text (recorded on AWS)
const lambdaInvalidValue = (message: string) => ({ status: 400, error: { code: 'InvalidParameterValueException', message } });
const createFunction = (extra: Record<string, unknown>) => ({
  FunctionName: 'fn-validation-{{suffix}}',
  Runtime: 'nodejs20.x',
  Handler: 'handler.handler',
  Role: 'arn:aws:iam::000000000000:role/parity-function-role',
  Code: { ZipFile: '{{codeZip}}' },
  ...extra,
});

export const validationCases: Record<ParityService, ParityCase[]> = {
  kms: [
    {
      name: 'CreateKey with a tag value over 256 characters',
      source: `${KMS}test_key_with_long_tag_value_raises_error/too-long-tag-value`,
      request: { op: 'CreateKey', input: { Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }] } },
      aws: validationError(
        `1 validation error detected: Value '${'v'.repeat(257)}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`,
      ),
    },
    {
      name: 'CreateKey with a tag key over 128 characters',
      source: `${KMS}test_create_key_with_invalid_tag_key[too_long_key]/invalid-tag-key`,
      request: { op: 'CreateKey', input: { Tags: [{ TagKey: 'a'.repeat(129), TagValue: 'v' }] } },
      aws: validationError(
        `1 validation error detected: Value '${'a'.repeat(129)}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
      ),
    },
  ],
  logs: [],
  lambda: [
    {
      name: 'CreateFunction of a 65-character name: InvalidParameterValueException',
      source: `${LAMBDA_API}test_function_arns/long_function_name_exc`,
      given: ['role'],
      request: { op: 'CreateFunction', input: createFunction({ FunctionName: 'a'.repeat(65) }) },
      aws: lambdaInvalidValue(`1 validation error detected: Value '${'a'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`),
    },
    {
      name: 'ListFunctions with a FunctionVersion other than ALL',
      source: `${LAMBDA_API}test_list_functions/list_functions_invalid_functionversion`,
      request: { op: 'ListFunctions', input: { FunctionVersion: 'invalid' } },
      aws: validationError("1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]"),
    },
  ],
  apigateway: [],
  cloudformation: [],
};
