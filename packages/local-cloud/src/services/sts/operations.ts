import type * as STS from '@aws-sdk/client-sts';
import { AwsError } from '../../core/aws-error';
import { InputReader } from '../../core/input';
import { declareOperation, type DeclaredOperation } from '../../core/operation';
import { assumeRoleShape } from './shapes';
import type { StsBackend } from './sts-backend';

const invalid = (message: string) => new AwsError('ValidationError', message);

/** STS's operations (2011-06-15), each declared once over the backend with the AWS SDK v3 client's types. */
export function stsOperations(backend: StsBackend): Record<string, DeclaredOperation> {
  return {
    GetCallerIdentity: declareOperation<STS.GetCallerIdentityRequest, STS.GetCallerIdentityResponse>({
      run: (_input, ctx) => {
        const identity = backend.callerIdentity(ctx);
        return { UserId: identity.userId, Account: identity.account, Arn: identity.arn };
      },
    }),

    AssumeRole: declareOperation<STS.AssumeRoleRequest, STS.AssumeRoleResponse>({
      run: (input, ctx) => {
        // awsQuery sends scalars as text: the reader takes them by type
        const r = new InputReader(input as unknown as Record<string, unknown>, invalid);
        // the model states no maximum; AWS refuses a session policy over 2,048 characters
        const policy = r.string('Policy', { max: 2048 });
        const session = backend.assumeRole(ctx, {
          roleArn: r.string('RoleArn', { required: true }),
          roleSessionName: r.string('RoleSessionName', { required: true }),
          durationSeconds: r.integer('DurationSeconds'),
          policy,
          policyArns: r.list('PolicyArns').map((p) => String((p as { arn?: unknown } | undefined)?.arn ?? '')),
        });
        return assumeRoleShape(session, policy);
      },
    }),
  };
}
