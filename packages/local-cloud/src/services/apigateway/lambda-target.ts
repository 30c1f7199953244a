import { AwsError } from '../../core/aws-error';
import type { LambdaBackend } from '../lambda';
import type { InvokePermission, LambdaIntegrationTarget } from './execute-api';

/**
 * Lambda's backend as the data plane calls it: invoke with the execute-api source, and the function's
 * resource policy asked whether apigateway.amazonaws.com may invoke it from that source.
 */
export function lambdaTargetOf(lambda: LambdaBackend | undefined): LambdaIntegrationTarget | undefined {
  if (!lambda) return undefined;
  return {
    async invoke({ functionArn, payload, accountId, region }) {
      // the payload is the proxy event execute-api serialised: JSON by construction
      const out = await lambda.invoke({ functionName: functionArn, payload, payloadIsJson: true }, { accountId, region });
      return {
        statusCode: out.statusCode,
        payload: out.payload,
        functionError: out.functionError,
        requestId: out.requestId,
      };
    },
    checkPermission({ functionArn, principal, sourceArn, sourceAccount, region }): InvokePermission {
      try {
        return lambda.allowsInvoke({ functionName: functionArn, principal: { Service: principal }, sourceArn, sourceAccount }, { accountId: sourceAccount, region })
          ? 'allowed'
          : 'denied';
      } catch (error) {
        if (error instanceof AwsError && error.code === 'ResourceNotFoundException') return 'function-not-found';
        throw error;
      }
    },
  };
}
