export { createSsmService } from './ssm-service';
export type { SsmService } from './ssm-service';
export { SsmBackend, CDK_BOOTSTRAP_VERSION, CDK_BOOTSTRAP_VERSION_PARAMETER } from './ssm-backend';
export type { SsmParameter } from './ssm-backend';
