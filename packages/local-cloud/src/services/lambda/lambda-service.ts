import type { AwsService } from '../../core/service';
import { codeDownload } from './data-plane';
import type { LambdaBackendDeps } from './backend-api';
import { LambdaBackend } from './lambda-backend';
import { lambdaOperations } from './operations';
import { LAMBDA_ROUTES } from './routes';
import { LAMBDA_AUTHORIZATION } from './authorization';
import { checkRuntimeKnown } from './runtimes';

/** What the Lambda service needs besides the store and the other services. */
export type LambdaServiceDeps = LambdaBackendDeps;

export interface LambdaService extends AwsService {
  /** Lambda's domain: what API Gateway, CloudFormation and tests call in-process. */
  readonly backend: LambdaBackend;
  /** Stops every worker process and writes the queued logs. */
  close(): Promise<void>;
}

/**
 * AWS Lambda (restJson1, 2015-03-31) for Node.js functions: functions and their code in SQLite, resource
 * policies, and Invoke running the code in worker processes (`runtime/`) with Lambda's context,
 * environment, errors, timeouts and log output, written to the function's log group.
 *
 * @example
 * const lambda = createLambdaService({ store, services });
 * await lambda.operations.CreateFunction({ FunctionName: 'fn', Runtime: 'nodejs22.x', Handler: 'index.handler',
 *   Role: 'arn:aws:iam::000000000000:role/fn', Code: { ZipFile: zip } }, ctx);
 * const out = await lambda.backend.invoke({ functionName: 'fn', payload: '{}' }, { accountId, region });
 */
export function createLambdaService(deps: LambdaServiceDeps): LambdaService {
  const backend = new LambdaBackend(deps);
  return {
    signingName: 'lambda',
    authorization: LAMBDA_AUTHORIZATION,
    protocol: 'restJson1',
    operations: lambdaOperations(backend),
    routes: LAMBDA_ROUTES,
    dataPlane: codeDownload(backend),
    // an unknown Runtime gets Lambda's InvalidParameterValueException before the model's enum check
    precheck: (operation, input) => {
      if (operation === 'CreateFunction' || operation === 'UpdateFunctionConfiguration') checkRuntimeKnown(input.Runtime);
    },
    backend,
    close: () => backend.close(),
  };
}
