import { parseLambdaFunctionArn } from '../../core/arns/lambda';
import { AwsError } from '../../core/aws-error';
import type { Scope } from '../../core/scope';
import type { LambdaBackend } from '../lambda';
import type { InvokePermission, LambdaIntegrationTarget } from './execute-api';

/**
 * Lambda's backend as the data plane calls it: invoke with the execute-api source, and the function's
 * resource policy asked whether apigateway.amazonaws.com may invoke it from that source.
 */
/** API Gateway calls Lambda in the function's own region (an integration may name another region's function). */
const functionScope = (functionArn: string, api: Scope): Scope => {
  const ref = parseLambdaFunctionArn(functionArn);
  return ref ? { accountId: ref.accountId, region: ref.region } : api;
};

export function lambdaTargetOf(lambda: LambdaBackend | undefined): LambdaIntegrationTarget | undefined {
  if (!lambda) return undefined;
  return {
    async invoke({ functionArn, payload, accountId, region }) {
      // the payload is the proxy event execute-api serialised: JSON by construction
      const out = await lambda.invoke({ functionName: functionArn, payload, payloadIsJson: true }, functionScope(functionArn, { accountId, region }));
      return {
        statusCode: out.statusCode,
        payload: out.payload,
        functionError: out.functionError,
        requestId: out.requestId,
      };
    },
    checkPermission({ functionArn, principal, sourceArn, sourceAccount, region }): InvokePermission {
      try {
        return lambda.allowsInvoke({ functionName: functionArn, principal: { Service: principal }, sourceArn, sourceAccount }, functionScope(functionArn, { accountId: sourceAccount, region }))
          ? 'allowed'
          : 'denied';
      } catch (error) {
        if (error instanceof AwsError && error.code === 'ResourceNotFoundException') return 'function-not-found';
        throw error;
      }
    },
  };
}
