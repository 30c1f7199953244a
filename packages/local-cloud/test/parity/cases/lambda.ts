// Lambda cases: CreateFunction (and its refusals), GetFunction, Invoke, DeleteFunction, permissions, tags, concurrency.
import { LOCALSTACK, type ParityCase } from '../case';

const API = `${LOCALSTACK}lambda_/test_lambda_api.snapshot.json#`;
const LAMBDA = `${LOCALSTACK}lambda_/test_lambda.snapshot.json#`;
const FN = 'arn:<partition>:lambda:<region>:<account>:function';
const ROLE = 'arn:aws:iam::000000000000:role/parity-function-role';
const CODE = { ZipFile: '{{codeZip}}' };

const error = (status: number, code: string, message: string) => ({ status, error: { code, message } });
const notFound = (message: string) => error(404, 'ResourceNotFoundException', message);
const invalidValue = (message: string) => error(400, 'InvalidParameterValueException', message);
const NO_RESOURCE = notFound('The resource you requested does not exist.');

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
    aws: error(
      400,
      'ValidationException',
      "1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
    ),
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
    request: { op: 'AddPermission', input: { FunctionName: 'doesnotexist', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' } },
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
    request: { op: 'AddPermission', input: { FunctionName: '{{functionName}}', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', Qualifier: '$LATEST' } },
    aws: invalidValue('We currently do not support adding policies for $LATEST.'),
  },
  {
    name: 'AddPermission with a statement id that exists',
    source: `${API}test_permission_exceptions/add_permission_conflicting_statement_id`,
    given: ['permission'],
    request: { op: 'AddPermission', input: { FunctionName: '{{functionName}}', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' } },
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

];
