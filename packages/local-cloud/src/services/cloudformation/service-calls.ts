import { AwsError } from '../../core/aws-error';
import { inProcessContext } from '../../core/scope';
import { validateInput } from '../../core/validation';
import { roleSessionIdentity, type IamService } from '../iam';
import type { CallContext, ServiceDirectory } from '../../core/service';
import type { StackRecord } from './engine/model';
import { ProviderContext, ServiceCallError } from './providers/provider';

const DEFAULT_ENDPOINT = 'http://127.0.0.1:4566';
const SERVICE_TITLES: Record<string, string> = {
  kms: 'KMS', logs: 'CloudWatch Logs', iam: 'IAM', lambda: 'Lambda', apigateway: 'API Gateway', s3: 'S3', ssm: 'SSM', sts: 'STS',
};

/** A provider's view of one resource operation, without the crash-safety hooks the engine adds. */
export type ProviderServiceContext = Omit<ProviderContext, 'creating' | 'created'>;

/**
 * How CloudFormation's resource providers reach the other services. They call the services' public
 * **operations** (the same declared operations the wire runs), never their backends: on AWS, CloudFormation
 * calls the public APIs with the caller's credentials or the stack's `RoleARN` role, so each provider call must
 * pass through the same authorization as a client's call (the authorization issue hooks in there).
 */
export class ProviderServiceCalls {
  private endpoint = DEFAULT_ENDPOINT;

  constructor(private readonly directory: ServiceDirectory | undefined) {}

  /** Remembers the endpoint the caller reached, for the URLs providers hand out. */
  public noteEndpoint(ctx: CallContext): void {
    this.endpoint = ctx.endpoint || this.endpoint;
  }

  public contextFor(stack: StackRecord, logicalId: string): ProviderServiceContext {
    const { directory } = this;
    const currentEndpoint = () => this.endpoint;
    return {
      logicalId,
      stackName: stack.stackName,
      stackId: stack.stackId,
      accountId: stack.accountId,
      region: stack.region,
      endpoint: this.endpoint,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      has: (service, operation) => directory?.get(service)?.operations[operation] !== undefined,
      async call(service, operation, input) {
        const svc = directory?.get(service);
        if (!svc) throw new Error(`The ${SERVICE_TITLES[service] ?? service} service is not available yet in local-cloud`);
        const op = svc.operations[operation];
        if (!op) throw new Error(`${SERVICE_TITLES[service] ?? service} ${operation} is not available yet in local-cloud`);
        // CloudFormation acts as the stack's RoleARN session, else with the permissions of whoever started the operation
        const ctx = inProcessContext(stack, currentEndpoint(), stack.roleArn ? roleSessionIdentity(stack.roleArn, stack.accountId) : stack.callerIdentity);
        try {
          // the model's constraints hold for a provider's call as for a wire call
          const invalid = validateInput(svc, operation, input, { inProcess: true });
          if (invalid) throw invalid;
          await directory?.get<IamService>('iam')?.authorizer.authorizeCall(svc, operation, input, ctx, stack.roleArn ? {} : { calledVia: 'cloudformation.amazonaws.com' });
          return await op(input, ctx);
        } catch (e) {
          if (e instanceof AwsError) throw new ServiceCallError(service, e.code, e.message, e.status, ctx.requestId);
          throw e;
        }
      },
    };
  }
}
