import type * as SSM from '@aws-sdk/client-ssm';
import { declareOperation, type DeclaredOperation } from '../../core/operation';
import { scopeOfCall } from '../../core/scope';
import type { SsmBackend } from './ssm-backend';

/** SSM's operations (AmazonSSM, 2014-11-06), each declared once over the backend with the AWS SDK v3 client's types. */
export function ssmOperations(backend: SsmBackend): Record<string, DeclaredOperation> {
  return {
    PutParameter: declareOperation<SSM.PutParameterRequest, SSM.PutParameterResult>({ run: (input, ctx) => backend.putParameter(input, scopeOfCall(ctx)) }),
    GetParameter: declareOperation<SSM.GetParameterRequest, SSM.GetParameterResult>({
      run: (input, ctx) => ({ Parameter: backend.getParameter(input, scopeOfCall(ctx)) }),
    }),
    GetParameters: declareOperation<SSM.GetParametersRequest, SSM.GetParametersResult>({ run: (input, ctx) => backend.getParameters(input, scopeOfCall(ctx)) }),
    DeleteParameter: declareOperation<SSM.DeleteParameterRequest, SSM.DeleteParameterResult>({
      run: (input, ctx) => {
        backend.deleteParameter(input.Name, scopeOfCall(ctx));
        return {};
      },
    }),
  };
}
