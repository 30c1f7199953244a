export { createStsService } from './sts-service';
export type { StsService } from './sts-service';
export { StsBackend } from './sts-backend';
export type { AssumeRoleRequest, CallerIdentity, ServiceAssumeRoleRequest, StsCaller } from './sts-backend';
export type { StsSession } from './session-store';
