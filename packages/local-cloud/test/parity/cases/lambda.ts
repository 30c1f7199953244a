// Lambda cases: CreateFunction (and its refusals), GetFunction, Invoke, DeleteFunction, permissions, tags, concurrency.
import { LOCALSTACK, type ParityCase } from '../case';

const API = `${LOCALSTACK}lambda_/test_lambda_api.snapshot.json#`;
const LAMBDA = `${LOCALSTACK}lambda_/test_lambda.snapshot.json#`;
const FN = 'arn:<partition>:lambda:<region>:<account>:function';
const ROLE = 'arn:aws:iam::000000000000:role/parity-function-role';
const CODE = { ZipFile: '{{codeZip}}' };

const error = (status: number, code: string, message: string) => ({ status, error: { code, message } });
const validation = (message: string) => error(400, 'ValidationException', message);
const notFound = (message: string) => error(404, 'ResourceNotFoundException', message);
const invalidValue = (message: string) => error(400, 'InvalidParameterValueException', message);
const NO_RESOURCE = notFound('The resource you requested does not exist.');
/** The runtimes Lambda let you create functions with when the refusals below were recorded (2026-01), in the order AWS lists them. */
const RECORDED_RUNTIMES =
  'nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2';
const unknownRuntime = (runtime: string) => `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${RECORDED_RUNTIMES}] or be a valid ARN`;
const deprecatedRuntime = (runtime: string) =>
  `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`;

/** A new Node function's configuration as CreateFunction answers it (recorded 2025-11: Pending, StateReason(Code)). */
const createdFunction = {
  Architectures: ['x86_64'],
  CodeSha256: '<any>',
  CodeSize: '<number>',
  Description: '',
  EphemeralStorage: { Size: 512 },
  FunctionArn: '<any>',
  FunctionName: '<any>',
  Handler: 'handler.handler',
  LastModified: '<any>',
  LoggingConfig: { LogFormat: 'Text', LogGroup: '<any>' },
  MemorySize: 256,
  PackageType: 'Zip',
  RevisionId: '<uuid>',
  Role: 'arn:<partition>:iam::<account>:role/parity-function-role',
  Runtime: 'nodejs20.x',
  RuntimeVersionConfig: { RuntimeVersionArn: '<any>' },
  SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
  State: 'Pending',
  StateReason: 'The function is being created.',
  StateReasonCode: 'Creating',
  Timeout: 5,
  TracingConfig: { Mode: 'PassThrough' },
  Version: '$LATEST',
};

const { StateReason, StateReasonCode, ...activeFunction } = createdFunction;

/** AddPermission's input letting S3 invoke `functionName`, as the recorded permission tests send it. */
const s3Permission = (functionName: string, extra: Record<string, unknown> = {}) => ({
  FunctionName: functionName,
  StatementId: 's3',
  Action: 'lambda:InvokeFunction',
  Principal: 's3.amazonaws.com',
  ...extra,
});

const createInput = (extra: Record<string, unknown> = {}) => ({
  FunctionName: 'fn-created-{{suffix}}',
  Runtime: 'nodejs20.x',
  Handler: 'handler.handler',
  Role: ROLE,
  MemorySize: 256,
  Timeout: 5,
  Code: CODE,
  ...extra,
});

export const lambdaCases: ParityCase[] = [
  {
    name: 'CreateFunction answers Pending, "The function is being created."',
    source: `${API}test_function_lifecycle/create_response`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput() },
    aws: { status: 201, body: createdFunction },
  },
  {
    name: 'CreateFunction of a zip that is no zip',
    source: `${API}test_create_lambda_exceptions/invalid_zip_exc`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput({ Code: { ZipFile: Buffer.from('this is not a zip file') } }) },
    aws: invalidValue('Could not unzip uploaded file. Please check your file, then try to upload again.'),
  },
  {
    name: 'CreateFunction with a role that is no role ARN',
    source: `${API}test_create_lambda_exceptions/invalid_role_arn_exc`,
    request: { op: 'CreateFunction', input: createInput({ Role: 'r1' }) },
    aws: validation("1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"),
  },
  {
    name: 'CreateFunction with environment variables over 4 KB',
    source: `${API}test_large_environment_variables_fails/failed_create_fn_result`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput({ Environment: { Variables: { LARGE_VAR: 'x'.repeat(4097) } } }) },
    aws: invalidValue(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {"LARGE_VAR":"${'x'.repeat(4097)}"}`,
    ),
  },
  {
    name: 'GetFunction of a function that does not exist',
    source: `${API}test_ops_on_nonexisting_fn[get_function]/not_found_exception`,
    request: { op: 'GetFunction', input: { FunctionName: 'doesnotexist' } },
    aws: notFound(`Function not found: ${FN}:doesnotexist`),
  },
  {
    name: 'GetFunctionConfiguration of a function that does not exist',
    source: `${API}test_ops_on_nonexisting_fn[get_function_configuration]/not_found_exception`,
    request: { op: 'GetFunctionConfiguration', input: { FunctionName: 'doesnotexist' } },
    aws: notFound(`Function not found: ${FN}:doesnotexist`),
  },
  {
    name: 'GetFunction of a missing function by ARN and Qualifier $LATEST',
    source: `${API}test_ops_with_arn_qualifier_mismatch[get_function]/match_exception`,
    request: { op: 'GetFunction', input: { FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:some-function:$LATEST', Qualifier: '$LATEST' } },
    aws: notFound(`Function not found: ${FN}:some-function:$LATEST`),
  },
  {
    name: 'GetFunction of a version that does not exist',
    source: `${API}test_ops_on_nonexisting_version[get_function]/version_not_found_exception`,
    given: ['function'],
    request: { op: 'GetFunction', input: { FunctionName: '{{functionName}}', Qualifier: '1221' } },
    aws: notFound(`Function not found: ${FN}:{{functionName}}:1221`),
  },
  {
    name: 'GetFunction by the ARN of another region',
    source: `${API}test_function_arns/function_arn_other_region_exc`,
    given: ['function'],
    request: { op: 'GetFunction', input: { FunctionName: 'arn:aws:lambda:eu-west-1:000000000000:function:{{functionName}}' } },
    aws: notFound("Functions from '<region>' are not reachable in this region ('<region>')"),
  },
  {
    name: 'GetFunction of an active function',
    source: `${API}test_function_lifecycle/get_function_response (Code and Configuration; Tags absent without tags)`,
    given: ['function'],
    request: { op: 'GetFunction', input: { FunctionName: '{{functionName}}' } },
    aws: {
      status: 200,
      body: {
        Code: { Location: '<any>', RepositoryType: 'S3' },
        Configuration: {
          ...activeFunction,
          Handler: 'index.handler',
          MemorySize: 128,
          Timeout: 3,
          State: 'Active',
          LastUpdateStatus: 'Successful',
        },
      },
    },
  },
  {
    name: 'Invoke of a function that does not exist names $LATEST',
    source: `${LAMBDA}test_invoke_exceptions/invoke_function_doesnotexist`,
    request: { op: 'Invoke', input: { FunctionName: 'doesnotexist', Payload: Buffer.from('{}') } },
    aws: notFound(`Function not found: ${FN}:doesnotexist:$LATEST`),
  },
  {
    name: 'Invoke of an active function answers StatusCode, ExecutedVersion and the payload',
    source: `${LAMBDA}test_lambda_cache_local[nodejs]/first_invoke_result`,
    given: ['function'],
    request: { op: 'Invoke', input: { FunctionName: '{{functionName}}', Payload: Buffer.from('{}') } },
    aws: { status: 200, body: { ExecutedVersion: '$LATEST', Payload: '<blob>', StatusCode: 200 } },
  },
  {
    name: 'Invoke by the ARN of another region',
    source: `${API}test_get_function_wrong_region[invoke]/wrong_region_exception`,
    given: ['function'],
    request: { op: 'Invoke', input: { FunctionName: 'arn:aws:lambda:eu-west-1:000000000000:function:{{functionName}}', Payload: Buffer.from('{}') } },
    aws: notFound("Functions from '<region>' are not reachable in this region ('<region>')"),
  },
  {
    name: 'DeleteFunction of a function that does not exist',
    source: `${API}test_ops_on_nonexisting_fn[delete_function]/not_found_exception`,
    request: { op: 'DeleteFunction', input: { FunctionName: 'doesnotexist' } },
    aws: notFound(`Function not found: ${FN}:doesnotexist`),
  },
  {
    name: 'DeleteFunction of $LATEST alone',
    source: `${API}test_ops_with_arn_qualifier_mismatch[delete_function]/match_exception`,
    request: { op: 'DeleteFunction', input: { FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:some-function:$LATEST', Qualifier: '$LATEST' } },
    aws: invalidValue('$LATEST version cannot be deleted without deleting the function.'),
  },
  {
    name: 'GetFunction whose ARN qualifier differs from Qualifier',
    source: `${API}test_ops_with_arn_qualifier_mismatch[get_function]/not_match_exception`,
    request: { op: 'GetFunction', input: { FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:some-function:1', Qualifier: '$LATEST' } },
    aws: invalidValue('The derived qualifier from the function name does not match the specified qualifier.'),
  },
  {
    name: 'AddPermission to a function that does not exist',
    source: `${API}test_permission_exceptions/add_permission_fn_doesnotexist`,
    request: { op: 'AddPermission', input: s3Permission('doesnotexist') },
    aws: notFound(`Function not found: ${FN}:doesnotexist`),
  },
  {
    name: 'AddPermission with a principal that is none',
    source: `${API}test_permission_exceptions/add_permission_principal_invalid`,
    given: ['function'],
    request: { op: 'AddPermission', input: { FunctionName: '{{functionName}}', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 'invalid.nonaws.com' } },
    aws: invalidValue('The provided principal was invalid. Please check the principal and try again.'),
  },
  {
    name: 'AddPermission for $LATEST',
    source: `${API}test_permission_exceptions/add_permission_fn_qualifier_latest`,
    given: ['function'],
    request: { op: 'AddPermission', input: s3Permission('{{functionName}}', { Qualifier: '$LATEST' }) },
    aws: invalidValue('We currently do not support adding policies for $LATEST.'),
  },
  {
    name: 'AddPermission with a statement id that exists',
    source: `${API}test_permission_exceptions/add_permission_conflicting_statement_id`,
    given: ['permission'],
    request: { op: 'AddPermission', input: s3Permission('{{functionName}}') },
    aws: error(409, 'ResourceConflictException', 'The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.'),
  },
  {
    name: 'GetPolicy of a function that does not exist',
    source: `${API}test_permission_exceptions/get_policy_fn_doesnotexist`,
    request: { op: 'GetPolicy', input: { FunctionName: 'doesnotexist' } },
    aws: NO_RESOURCE,
  },
  {
    name: 'GetPolicy of a function without a policy',
    source: `${API}test_remove_multi_permissions/get_policy_exception_removed_all`,
    given: ['function'],
    request: { op: 'GetPolicy', input: { FunctionName: '{{functionName}}' } },
    aws: NO_RESOURCE,
  },
  {
    name: 'RemovePermission of a function without a policy',
    source: `${API}test_permission_exceptions/remove_permission_policy_doesnotexist`,
    given: ['function'],
    request: { op: 'RemovePermission', input: { FunctionName: '{{functionName}}', StatementId: 'non-existent' } },
    aws: notFound('No policy is associated with the given resource.'),
  },
  {
    name: 'RemovePermission of a statement that does not exist',
    source: `${API}test_remove_multi_permissions/remove_permission_exception_nonexisting_sid`,
    given: ['permission'],
    request: { op: 'RemovePermission', input: { FunctionName: '{{functionName}}', StatementId: 'non-existent' } },
    aws: notFound('Statement non-existent is not found in resource policy.'),
  },
  {
    name: 'RemovePermission of a function that does not exist',
    source: `${API}test_permission_exceptions/remove_permission_fn_doesnotexist`,
    request: { op: 'RemovePermission', input: { FunctionName: 'doesnotexist', StatementId: 's3' } },
    aws: notFound(`No policy found for: ${FN}:doesnotexist`),
  },
  {
    name: 'TagResource of a function that does not exist',
    source: `${API}test_tag_exceptions/tag_lambda_doesnotexist`,
    request: { op: 'TagResource', input: { Resource: 'arn:aws:lambda:ap-southeast-1:000000000000:function:doesnotexist', Tags: { a: 'b' } } },
    aws: notFound(`Function not found: ${FN}:doesnotexist`),
  },
  {
    name: 'TagResource with 51 tags',
    source: `${API}test_tag_limits/tag_lambda_too_many_tags`,
    given: ['function'],
    request: { op: 'TagResource', input: { Resource: '{{functionArn}}', Tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`${i}_key`, `${i}_value`])) } },
    aws: invalidValue('Number of tags exceeds resource tag limit.'),
  },
  {
    name: 'PutFunctionConcurrency of a function that does not exist names $LATEST',
    source: `${API}test_function_concurrency_exceptions/put_function_concurrency_with_function_name_doesnotexist`,
    request: { op: 'PutFunctionConcurrency', input: { FunctionName: 'doesnotexist', ReservedConcurrentExecutions: 1 } },
    aws: notFound(`Function not found: ${FN}:doesnotexist:$LATEST`),
  },
  {
    name: 'CreateFunction of a runtime that is none: InvalidParameterValueException listing the runtimes',
    source: `${API}test_create_lambda_exceptions/invalid_runtime_exc`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput({ Runtime: 'non-existent-runtime' }) },
    aws: invalidValue(unknownRuntime('non-existent-runtime')),
  },
  {
    name: 'CreateFunction of a runtime in upper case',
    source: `${API}test_create_lambda_exceptions/uppercase_runtime_exc`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput({ Runtime: 'PYTHON3.9' }) },
    aws: invalidValue(unknownRuntime('PYTHON3.9')),
  },
  {
    name: 'CreateFunction of nodejs8.x (no such runtime: Node 8 was nodejs8.10)',
    source: `${API}test_create_lambda_exceptions/invalid_runtime_exc (any value outside the runtimes gets this text; the issue-16 question)`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput({ Runtime: 'nodejs8.x' }) },
    aws: invalidValue(unknownRuntime('nodejs8.x')),
  },
  {
    name: 'CreateFunction of python9',
    source: `${API}test_create_lambda_exceptions/invalid_runtime_exc (any value outside the runtimes gets this text; the issue-16 question)`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput({ Runtime: 'python9' }) },
    aws: invalidValue(unknownRuntime('python9')),
  },
  {
    name: 'CreateFunction of a deprecated Node runtime',
    source: `${API}TestRuntimeValidation::test_create_deprecated_function_runtime_with_validation_enabled[nodejs14.x]/deprecation_error`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput({ Runtime: 'nodejs14.x' }) },
    aws: invalidValue(deprecatedRuntime('nodejs14.x')),
  },
  {
    name: 'CreateFunction of a deprecated runtime of another language',
    source: `${API}TestRuntimeValidation::test_create_deprecated_function_runtime_with_validation_enabled[java8]/deprecation_error`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput({ Runtime: 'java8' }) },
    aws: invalidValue(deprecatedRuntime('java8')),
  },
  {
    name: 'CreateFunction with two architectures',
    source: `${API}test_create_lambda_exceptions/multiple_architectures`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput({ Architectures: ['x86_64', 'arm64'] }) },
    aws: validation("1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1"),
  },
  {
    name: 'CreateFunction with 51 tags',
    source: `${API}test_tag_limits/create_function_invalid_tags`,
    given: ['role'],
    request: { op: 'CreateFunction', input: createInput({ Tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`${i}_key`, `${i}_value`])) }) },
    aws: invalidValue('Number of tags exceeds resource tag limit.'),
  },
  {
    name: 'UpdateFunctionConfiguration with a role that is no role ARN',
    source: `${API}test_update_lambda_exceptions/invalid_role_arn_exc`,
    given: ['function'],
    request: { op: 'UpdateFunctionConfiguration', input: { FunctionName: '{{functionName}}', Role: 'r1' } },
    aws: validation("1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"),
  },
  {
    name: 'UpdateFunctionConfiguration of a runtime that is none',
    source: `${API}test_update_lambda_exceptions/invalid_runtime_exc`,
    given: ['function'],
    request: { op: 'UpdateFunctionConfiguration', input: { FunctionName: '{{functionName}}', Runtime: 'non-existent-runtime' } },
    aws: invalidValue(unknownRuntime('non-existent-runtime')),
  },
  {
    name: 'UpdateFunctionConfiguration of a runtime in upper case',
    source: `${API}test_update_lambda_exceptions/uppercase_runtime_exc`,
    given: ['function'],
    request: { op: 'UpdateFunctionConfiguration', input: { FunctionName: '{{functionName}}', Runtime: 'PYTHON3.9' } },
    aws: invalidValue(unknownRuntime('PYTHON3.9')),
  },
  {
    name: 'GetFunctionConfiguration of a version that does not exist',
    source: `${API}test_ops_on_nonexisting_version[get_function_configuration]/version_not_found_exception`,
    given: ['function'],
    request: { op: 'GetFunctionConfiguration', input: { FunctionName: '{{functionName}}', Qualifier: '1221' } },
    aws: notFound(`Function not found: ${FN}:{{functionName}}:1221`),
  },
  {
    name: 'GetFunctionConfiguration by the ARN of another region',
    source: `${API}test_get_function_wrong_region[get_function_configuration]/wrong_region_exception`,
    given: ['function'],
    request: { op: 'GetFunctionConfiguration', input: { FunctionName: 'arn:aws:lambda:eu-west-1:000000000000:function:{{functionName}}' } },
    aws: notFound("Functions from '<region>' are not reachable in this region ('<region>')"),
  },
  {
    name: 'GetFunctionConfiguration whose ARN qualifier differs from Qualifier',
    source: `${API}test_ops_with_arn_qualifier_mismatch[get_function_configuration]/not_match_exception`,
    request: { op: 'GetFunctionConfiguration', input: { FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:some-function:1', Qualifier: '$LATEST' } },
    aws: invalidValue('The derived qualifier from the function name does not match the specified qualifier.'),
  },
  {
    name: 'GetFunctionConfiguration of a missing function by ARN and Qualifier $LATEST',
    source: `${API}test_ops_with_arn_qualifier_mismatch[get_function_configuration]/match_exception`,
    request: { op: 'GetFunctionConfiguration', input: { FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:some-function:$LATEST', Qualifier: '$LATEST' } },
    aws: notFound(`Function not found: ${FN}:some-function:$LATEST`),
  },
  {
    name: 'DeleteFunction whose ARN qualifier differs from Qualifier',
    source: `${API}test_ops_with_arn_qualifier_mismatch[delete_function]/not_match_exception`,
    request: { op: 'DeleteFunction', input: { FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:some-function:1', Qualifier: '$LATEST' } },
    aws: invalidValue('The derived qualifier from the function name does not match the specified qualifier.'),
  },
  {
    name: 'DeleteFunction by the ARN of another region',
    source: `${API}test_get_function_wrong_region[delete_function]/wrong_region_exception`,
    given: ['function'],
    request: { op: 'DeleteFunction', input: { FunctionName: 'arn:aws:lambda:eu-west-1:000000000000:function:{{functionName}}' } },
    aws: notFound("Functions from '<region>' are not reachable in this region ('<region>')"),
  },
  {
    name: 'GetFunctionConcurrency of a function that does not exist',
    source: `${API}test_ops_on_nonexisting_fn[get_function_concurrency]/not_found_exception`,
    request: { op: 'GetFunctionConcurrency', input: { FunctionName: 'doesnotexist' } },
    aws: notFound(`Function not found: ${FN}:doesnotexist`),
  },
  {
    name: 'AddPermission with a statement id that does not match the pattern',
    source: `${API}test_permission_exceptions/add_permission_invalid_statement_id`,
    given: ['function'],
    request: { op: 'AddPermission', input: { FunctionName: '{{functionName}}', StatementId: 'example.com', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' } },
    aws: validation("1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"),
  },
  {
    name: 'AddPermission whose name qualifier differs from Qualifier',
    source: `${API}test_permission_exceptions/add_permission_fn_qualifier_mismatch`,
    given: ['function'],
    request: { op: 'AddPermission', input: s3Permission('{{functionName}}:alias-not-42', { Qualifier: '42' }) },
    aws: invalidValue('The derived qualifier from the function name does not match the specified qualifier.'),
  },
  {
    name: 'AddPermission to a version that does not exist',
    source: `${API}test_permission_exceptions/add_permission_fn_version_doesnotexist`,
    given: ['function'],
    request: { op: 'AddPermission', input: s3Permission('{{functionName}}', { Qualifier: '42' }) },
    aws: notFound(`Function not found: ${FN}:{{functionName}}:42`),
  },
  {
    name: 'AddPermission with a qualifier that does not match the pattern',
    source: `${API}test_permission_exceptions/add_permission_fn_qualifier_invalid`,
    given: ['function'],
    request: {
      op: 'AddPermission',
      input: s3Permission('{{functionName}}', { Qualifier: 'invalid-qualifier-with-?-char' }),
    },
    aws: validation("1 validation error detected: Value 'invalid-qualifier-with-?-char' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+"),
  },
  {
    name: 'GetPolicy of a version that does not exist',
    source: `${API}test_permission_exceptions/get_policy_fn_version_doesnotexist`,
    given: ['function'],
    request: { op: 'GetPolicy', input: { FunctionName: '{{functionName}}', Qualifier: '77' } },
    aws: NO_RESOURCE,
  },
  {
    name: 'ListTags of a function without tags',
    source: `${API}TestLambdaTags::test_tag_exceptions/list_tag_lambda_empty`,
    given: ['function'],
    request: { op: 'ListTags', input: { Resource: '{{functionArn}}' } },
    aws: { status: 200, body: { Tags: {} } },
  },
  {
    name: 'ListTags of a function that does not exist',
    source: `${API}test_tag_nonexisting_resource/not_found_exception_list`,
    request: { op: 'ListTags', input: { Resource: 'arn:aws:lambda:ap-southeast-1:000000000000:function:doesnotexist' } },
    aws: notFound(`Function not found: ${FN}:doesnotexist`),
  },
  {
    name: 'UntagResource of a function that does not exist',
    source: `${API}test_tag_nonexisting_resource/not_found_exception_untag`,
    request: { op: 'UntagResource', input: { Resource: 'arn:aws:lambda:ap-southeast-1:000000000000:function:doesnotexist', TagKeys: ['A'] } },
    aws: notFound(`Function not found: ${FN}:doesnotexist`),
  },
  {
    name: 'UntagResource of a tag key the function lacks: 204',
    source: `${API}TestLambdaTags::test_tag_exceptions/untag_nomatch`,
    given: ['function'],
    request: { op: 'UntagResource', input: { Resource: '{{functionArn}}', TagKeys: ['somekey'] } },
    aws: { status: 204, body: {} },
  },
  {
    name: 'UntagResource without tag keys',
    source: `${API}TestLambdaTags::test_tag_exceptions/untag_empty_keys`,
    given: ['function'],
    request: { op: 'UntagResource', input: { Resource: '{{functionArn}}', TagKeys: [] } },
    aws: validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"),
  },
  {
    name: 'TagResource without tags',
    source: `${API}TestLambdaTags::test_tag_exceptions/tag_empty_tags`,
    given: ['function'],
    request: { op: 'TagResource', input: { Resource: '{{functionArn}}', Tags: {} } },
    aws: invalidValue('An error occurred and the request cannot be processed.'),
  },
  {
    name: 'TagResource of a version ARN',
    source: `${API}TestLambdaTags::test_tag_exceptions/tag_lambda_qualifier_doesnotexist`,
    given: ['function'],
    request: { op: 'TagResource', input: { Resource: '{{functionArn}}:v1', Tags: { key_a: 'value_a' } } },
    aws: invalidValue('Tags on function aliases and versions are not supported. Please specify a function ARN.'),
  },
];
