export { createCloudFormationService, requiredCapability } from './cloudformation-service';
export type { CloudFormationService, CloudFormationDeps } from './cloudformation-service';
export { CloudFormationBackend } from './backend';
