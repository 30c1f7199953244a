/**
 * @kms-logs-api/iam-policy: the one IAM policy evaluator of this project.
 * Pure TypeScript, no runtime dependencies, no I/O.
 */
export type { ContextScalar, ContextValue } from './context';
export type { Decision, DecidingStatement, EvaluationResult, PolicyRequest } from './evaluate';
export { evaluatePolicies, evaluatePolicy } from './evaluate';
export type { ConditionElement, PolicyDocument, Statement } from './policy';
export { MalformedPolicyDocumentError, parsePolicy, POLICY_VERSIONS } from './policy';
export type { PrincipalElement, PrincipalType, RequestPrincipal } from './principals';
export { matchesArnPattern, matchesWildcard } from './wildcards';
