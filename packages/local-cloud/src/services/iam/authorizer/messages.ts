import { AwsError } from '../../../core/aws-error';
import type { Protocol } from '../../../core/service';
import type { DenyReason } from './decide';

/**
 * AWS's wording of a refusal (IAM User Guide, "Troubleshoot access denied error messages"):
 * `User: <principal> is not authorized to perform: <action> on resource: <resource> <why>`.
 */
export function accessDeniedMessage(callerArn: string, action: string, resource: string, reason: DenyReason | undefined): string {
  const head = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`;
  switch (reason) {
    case 'explicit-identity': return `${head} with an explicit deny in an identity-based policy`;
    case 'explicit-resource': return `${head} with an explicit deny in a resource-based policy`;
    case 'explicit-session': return `${head} with an explicit deny in a session policy`;
    case 'explicit-boundary': return `${head} with an explicit deny in a permissions boundary`;
    case 'no-identity': return `${head} because no identity-based policy allows the ${action} action`;
    case 'no-resource': return `${head} because no resource-based policy allows the ${action} action`;
    case 'no-session': return `${head} because no session policy allows the ${action} action`;
    case 'no-boundary': return `${head} because no permissions boundary allows the ${action} action`;
    default: return head;
  }
}

/**
 * The refusal in the service's own error shape: `AccessDenied` (403) for the query and XML services (IAM, STS,
 * CloudFormation, S3), `AccessDeniedException` for the JSON ones — 400 for the awsJson services (KMS, Logs,
 * SSM), 403 for the restJson ones (Lambda, API Gateway).
 */
export function accessDenied(protocol: Protocol, message: string): AwsError {
  switch (protocol) {
    case 'awsQuery':
    case 'restXml':
      return new AwsError('AccessDenied', message, { status: 403 });
    case 'awsJson1_1':
      return new AwsError('AccessDeniedException', message, { status: 400 });
    default:
      return new AwsError('AccessDeniedException', message, { status: 403 });
  }
}

/** An operation local-cloud has no IAM facts for is refused, never allowed (fail closed). */
export function missingFactsMessage(service: string, operation: string): string {
  return `local-cloud has no IAM authorization facts for ${service} ${operation} (the action and resources AWS checks), so it refuses the call; `
    + `add an entry for ${operation} to src/services/${service}/authorization.ts`;
}
