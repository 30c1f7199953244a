import type { AwsService, ServiceDeps } from '../../core/service';
import type { IamService } from '../iam';
import { identityPoliciesFromIam } from './identity-policies';
import type { IdentityPolicyDecider } from './key-policy';
import { KmsBackend } from './kms-backend';
import { kmsOperations } from './operations';
import { KMS_AUTHORIZATION } from './authorization';

/** What the KMS service needs: the store, and optionally IAM's identity-policy decision for delegated keys. */
export interface KmsServiceDeps extends ServiceDeps {
  /**
   * Decides an IAM principal's identity policies. Asked only when a key policy allows a user or role through
   * the account ("root") statement.
   * @default the roles' policies from the IAM service of `services`; without one, delegation is granted
   */
  readonly identityPolicies?: IdentityPolicyDecider;
}

/** KMS: the wire operations, and the backend that they and other services (CloudWatch Logs) call. */
export interface KmsService extends AwsService {
  readonly backend: KmsBackend;
}

/**
 * AWS KMS (awsJson1_1, `TrentService`).
 *
 * @example
 * const kms = createKmsService({ store });
 * const { KeyMetadata } = await kms.operations.CreateKey({}, ctx);
 * kms.backend.generateDataKey({ ...kms.backend.serviceCaller('logs', ctx), keyId: KeyMetadata.Arn,
 *   encryptionContext: { 'aws:logs:arn': groupArn } });
 */
export function createKmsService(deps: KmsServiceDeps): KmsService {
  const identityPolicies: IdentityPolicyDecider = deps.identityPolicies ?? ((request) => {
    const iam = deps.services?.get<IamService>('iam');
    return iam ? identityPoliciesFromIam(iam.backend)(request) : 'Allow';
  });
  const backend = new KmsBackend(deps.store, identityPolicies);
  return { signingName: 'kms', authorization: KMS_AUTHORIZATION, protocol: 'awsJson1_1', targetPrefix: 'TrentService', operations: kmsOperations(backend), backend };
}
