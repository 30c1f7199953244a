export { createKmsService } from './kms-service';
export type { KmsService, KmsServiceDeps } from './kms-service';
export { KmsBackend } from './kms-backend';
export type { CryptoRequest, KeyUseResult, KmsTag, NewKey } from './kms-backend';
export type { KmsCaller } from './key-access';
export type { KeyMetadata } from './shapes';
export type { KeyPrincipal, IdentityPolicyDecider } from './key-policy';
