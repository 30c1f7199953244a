// Lambda's runtime identifiers: which ones AWS knows, which it no longer lets you create or update with, in its words.
import { MODELS } from '../../models';
import { invalidParameter } from './errors';

/** The Runtime values Lambda's model declares (botocore `lambda/2015-03-31`, shape `Runtime`). */
const MODEL_RUNTIMES: ReadonlySet<string> = new Set(MODELS.lambda.shapes.Runtime.enum);

/**
 * The runtimes AWS names when it refuses a value that is none, in the order it names them (recorded 2026-01:
 * LocalStack tests/aws/services/lambda_/test_lambda_api.snapshot.json, test_create_lambda_exceptions/invalid_runtime_exc).
 */
const AWS_RUNTIMES_NAMED =
  'nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2';

/**
 * Runtimes of other languages than Node.js that AWS answers "no longer supported" for (recorded 2026-01, same file,
 * TestRuntimeValidation::test_create_deprecated_function_runtime_with_validation_enabled[<runtime>]); Node.js majors
 * are decided by `SUPPORTED_NODE_MAJORS` in function-config.ts.
 */
const DEPRECATED_RUNTIMES: ReadonlySet<string> = new Set(['java8', 'go1.x', 'provided', 'ruby2.7', 'python3.7', 'dotnetcore3.1']);

/**
 * A Runtime that is no value of the model: Lambda answers InvalidParameterValueException in its own words (not the
 * model's ValidationException), so CreateFunction / UpdateFunctionConfiguration check it before the model does.
 */
export function checkRuntimeKnown(runtime: unknown): void {
  if (typeof runtime !== 'string' || MODEL_RUNTIMES.has(runtime)) return;
  throw invalidParameter(`Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${AWS_RUNTIMES_NAMED}] or be a valid ARN`);
}

/** AWS's refusal of a runtime it no longer lets you create or update functions with. */
export const runtimeNoLongerSupported = (runtime: string) =>
  invalidParameter(
    `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. ` +
      'We recommend you use a supported runtime while creating or updating functions.',
  );

export const isDeprecatedRuntime = (runtime: string): boolean => DEPRECATED_RUNTIMES.has(runtime);
