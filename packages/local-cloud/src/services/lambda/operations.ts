import type * as L from '@aws-sdk/client-lambda';
import { declareOperation, type DeclaredOperation } from '../../core/operation';
import type { LambdaBackend } from './lambda-backend';
import { invocationOutput } from './shapes';

/** Lambda's operations (2015-03-31), each declared once over the backend with the AWS SDK v3 client's types. */
export function lambdaOperations(backend: LambdaBackend): Record<string, DeclaredOperation> {
  return {
    CreateFunction: declareOperation<L.CreateFunctionRequest, L.FunctionConfiguration>({ run: (input, ctx) => backend.createFunction(input, ctx) }),
    GetFunction: declareOperation<L.GetFunctionRequest, L.GetFunctionResponse>({ run: (input, ctx) => backend.getFunction(input, ctx) }),
    GetFunctionConfiguration: declareOperation<L.GetFunctionConfigurationRequest, L.FunctionConfiguration>({
      run: (input, ctx) => backend.getFunctionConfiguration(input, ctx),
    }),
    UpdateFunctionCode: declareOperation<L.UpdateFunctionCodeRequest, L.FunctionConfiguration>({ run: (input, ctx) => backend.updateFunctionCode(input, ctx) }),
    UpdateFunctionConfiguration: declareOperation<L.UpdateFunctionConfigurationRequest, L.FunctionConfiguration>({
      run: (input, ctx) => backend.updateFunctionConfiguration(input, ctx),
    }),
    DeleteFunction: declareOperation<L.DeleteFunctionRequest, L.DeleteFunctionResponse>({
      run: (input, ctx) => {
        backend.deleteFunction(input, ctx);
        return {};
      },
    }),
    ListFunctions: declareOperation<L.ListFunctionsRequest, L.ListFunctionsResponse>({ run: (input, ctx) => backend.listFunctions(input, ctx) }),
    AddPermission: declareOperation<L.AddPermissionRequest, L.AddPermissionResponse>({ run: (input, ctx) => backend.addPermission(input, ctx) }),
    RemovePermission: declareOperation<L.RemovePermissionRequest, object>({
      run: (input, ctx) => {
        backend.removePermission(input, ctx);
        return {};
      },
    }),
    GetPolicy: declareOperation<L.GetPolicyRequest, L.GetPolicyResponse>({ run: (input, ctx) => backend.getPolicy(input.FunctionName!, input.Qualifier, ctx) }),
    Invoke: declareOperation<L.InvocationRequest, L.InvocationResponse>({
      run: async (input, ctx) =>
        invocationOutput(
          await backend.invoke(
            {
              functionName: input.FunctionName!,
              qualifier: input.Qualifier,
              invocationType: input.InvocationType,
              logType: input.LogType,
              clientContext: input.ClientContext,
              payload: input.Payload,
            },
            backend.scopeOf(ctx),
          ),
        ),
    }),
    PutFunctionConcurrency: declareOperation<L.PutFunctionConcurrencyRequest, L.Concurrency>({
      run: (input, ctx) => backend.putFunctionConcurrency(input.FunctionName!, input.ReservedConcurrentExecutions, ctx),
    }),
    DeleteFunctionConcurrency: declareOperation<L.DeleteFunctionConcurrencyRequest, object>({
      run: (input, ctx) => {
        backend.deleteFunctionConcurrency(input.FunctionName!, ctx);
        return {};
      },
    }),
    GetFunctionConcurrency: declareOperation<L.GetFunctionConcurrencyRequest, L.GetFunctionConcurrencyResponse>({
      run: (input, ctx) => {
        const reserved = backend.getFunctionConcurrency(input.FunctionName!, ctx);
        return reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved };
      },
    }),
    TagResource: declareOperation<L.TagResourceRequest, object>({
      run: (input, ctx) => {
        backend.tagResource(input.Resource!, input.Tags, ctx);
        return {};
      },
    }),
    UntagResource: declareOperation<L.UntagResourceRequest, object>({
      run: (input, ctx) => {
        backend.untagResource(input.Resource!, input.TagKeys, ctx);
        return {};
      },
    }),
    ListTags: declareOperation<L.ListTagsRequest, L.ListTagsResponse>({ run: (input, ctx) => ({ Tags: backend.listTags(input.Resource!, ctx) }) }),
  };
}
