import { AwsError } from '../../core/aws-error';
import type { LambdaService } from '../lambda';
import type { InvokePermission, LambdaIntegrationTarget } from './execute-api';

/**
 * Lambda's in-process API as the data plane calls it: invoke with the execute-api source, and the
 * function's resource policy asked whether apigateway.amazonaws.com may invoke it from that source.
 */
export function lambdaTargetOf(lambda: Pick<LambdaService, 'internal'> | undefined): LambdaIntegrationTarget | undefined {
  const internal = lambda?.internal;
  if (!internal) return undefined;
  return {
    async invoke({ functionArn, payload, accountId, region }) {
      // the payload is the proxy event execute-api serialised: JSON by construction
      const out = await internal.invoke({ functionName: functionArn, payload, payloadIsJson: true, accountId, region });
      return {
        statusCode: out.statusCode,
        payload: out.payload,
        functionError: out.functionError,
        requestId: out.requestId,
      };
    },
    checkPermission({ functionArn, principal, sourceArn, sourceAccount }): InvokePermission {
      try {
        return internal.allowsInvoke({ functionName: functionArn, principal: { Service: principal }, sourceArn, sourceAccount })
          ? 'allowed'
          : 'denied';
      } catch (error) {
        if (error instanceof AwsError && error.code === 'ResourceNotFoundException') return 'function-not-found';
        throw error;
      }
    },
  };
}
