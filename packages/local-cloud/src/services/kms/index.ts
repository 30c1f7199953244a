export { createKmsService } from './kms-service';
export type { KmsService, KmsServiceDeps, KmsInternalApi, KmsCaller, KeyMetadata } from './kms-service';
export type { KeyPrincipal, IdentityPolicyDecider } from './key-policy';
export { identityPoliciesFromIam } from './identity-policies';
