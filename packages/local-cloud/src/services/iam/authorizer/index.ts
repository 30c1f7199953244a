export { Authorizer, enforcementModeFromEnv, type DecisionRecord, type EnforcementMode } from './authorizer';
export type { CallOrigin } from './context';
export { accessDeniedMessage } from './messages';
export { AWS_MANAGED_POLICIES, awsManagedPolicy } from './managed-policies';
export { EXPLAIN_PATH, explainRefusal } from './explain';
export { identityDecision, type IdentityDecision } from './identity-decision';
