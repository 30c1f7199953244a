/**
 * Policy evaluation: which statements match a request, and the decision they add up to.
 */
import { evaluateConditions, ConditionEnvironment } from './conditions';
import { ContextValue, RequestContext } from './context';
import { parsePolicy, PolicyDocument, Statement } from './policy';
import { principalElementMatches, RequestPrincipal } from './principals';
import { expandVariables, plainTemplate, templateGlob } from './variables';
import { matchesWildcard, matchGlob } from './wildcards';

/** The outcome of an evaluation. */
export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** One request to authorise. */
export interface PolicyRequest {
  /** Who makes the request; omit for an anonymous request. */
  principal?: RequestPrincipal;
  /** The action, e.g. `kms:Encrypt` (compared ignoring case). */
  action: string;
  /** The resource ARN, or `*` for actions without a resource. */
  resource: string;
  /**
   * Condition keys and their values, e.g. `aws:SourceArn`, `kms:EncryptionContext:aws:logs:arn`,
   * `kms:ViaService`, `aws:SourceAccount`, `aws:PrincipalArn`, `aws:SourceIp`, `aws:CurrentTime`,
   * `aws:username`. Key lookup ignores case. Nothing is derived: a key is present only if given.
   */
  context?: Record<string, ContextValue | undefined>;
}

/** A statement that decided the outcome. */
export interface DecidingStatement {
  /** The statement's index in its policy's `Statement` array. */
  index: number;
  /** The statement's Sid, if it has one. */
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** The statement itself, as parsed. */
  statement: Statement;
  /** Which policy of an evaluatePolicies call the statement is in (0 for evaluatePolicy). */
  policyIndex?: number;
}

/** A decision and the statements behind it. */
export interface EvaluationResult {
  decision: Decision;
  /**
   * The statements that decided: every matching Deny for `ExplicitDeny`, every matching
   * Allow for `Allow`, none for `ImplicitDeny`.
   */
  statements: DecidingStatement[];
}

/**
 * Evaluates one policy for one request, following the AWS policy evaluation logic:
 * a matching `Deny` statement wins (`ExplicitDeny`); otherwise a matching `Allow` statement
 * allows (`Allow`); otherwise the request is denied by default (`ImplicitDeny`).
 *
 * A statement matches when its principal, action, resource and every condition match.
 * A statement without Principal/NotPrincipal is taken as an identity-policy statement: it
 * applies to whoever makes the request. A statement without Resource/NotResource matches
 * every resource.
 *
 * @param policy the policy as JSON text, an object, or a parsed PolicyDocument
 * @param request the principal, action, resource and context of the request
 * @throws MalformedPolicyDocumentError if the policy is not valid
 * @example
 * const keyPolicy = {
 *   Version: '2012-10-17',
 *   Statement: [{
 *     Sid: 'Allow CloudWatch Logs', Effect: 'Allow',
 *     Principal: { Service: 'logs.ap-southeast-1.amazonaws.com' },
 *     Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*'], Resource: '*',
 *     Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:ap-southeast-1:111122223333:log-group:*' } },
 *   }],
 * };
 * evaluatePolicy(keyPolicy, {
 *   principal: { Service: 'logs.ap-southeast-1.amazonaws.com' },
 *   action: 'kms:GenerateDataKey',
 *   resource: 'arn:aws:kms:ap-southeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 *   context: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:ap-southeast-1:111122223333:log-group:app' },
 * }).decision; // 'Allow'
 */
export function evaluatePolicy(policy: string | object | PolicyDocument, request: PolicyRequest): EvaluationResult {
  return evaluatePolicies([policy], request);
}

/**
 * Evaluates several policies that apply to one request together, e.g. a key policy and an
 * identity policy: any matching `Deny` in any policy wins (`ExplicitDeny`), else any matching
 * `Allow` (`Allow`), else `ImplicitDeny`. Every policy is validated first.
 *
 * @param policies the policies, each as JSON text, an object, or a parsed PolicyDocument
 * @param request the principal, action, resource and context of the request
 * @throws MalformedPolicyDocumentError if a policy is not valid
 * @example
 * const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
 * const denyDelete = { Version: '2012-10-17', Statement: [{ Sid: 'NoDelete', Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }] };
 * const result = evaluatePolicies([allowAll, denyDelete], { action: 'kms:ScheduleKeyDeletion', resource: '*' });
 * result.decision;             // 'ExplicitDeny'
 * result.statements[0].sid;    // 'NoDelete'
 * result.statements[0].policyIndex; // 1
 */
export function evaluatePolicies(policies: Array<string | object | PolicyDocument>, request: PolicyRequest): EvaluationResult {
  const documents = policies.map((p) => parsePolicy(p));
  const context = new RequestContext(request.context);
  const allows: DecidingStatement[] = [];
  const denies: DecidingStatement[] = [];
  documents.forEach((doc, policyIndex) => {
    const env: ConditionEnvironment = { context, variables: doc.Version === '2012-10-17' };
    doc.Statement.forEach((statement, index) => {
      if (!statementMatches(statement, request, env)) return;
      const deciding: DecidingStatement = { index, effect: statement.Effect, statement, policyIndex };
      if (statement.Sid !== undefined) deciding.sid = statement.Sid;
      (statement.Effect === 'Deny' ? denies : allows).push(deciding);
    });
  });
  if (denies.length > 0) return { decision: 'ExplicitDeny', statements: denies };
  if (allows.length > 0) return { decision: 'Allow', statements: allows };
  return { decision: 'ImplicitDeny', statements: [] };
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function statementMatches(statement: Statement, request: PolicyRequest, env: ConditionEnvironment): boolean {
  return (
    principalMatches(statement, request) &&
    actionMatches(statement, request.action) &&
    resourceMatches(statement, request.resource, env) &&
    evaluateConditions(statement.Condition, env)
  );
}

function principalMatches(statement: Statement, request: PolicyRequest): boolean {
  if (statement.Principal !== undefined) return principalElementMatches(statement.Principal, request.principal);
  if (statement.NotPrincipal !== undefined) return !principalElementMatches(statement.NotPrincipal, request.principal);
  return true; // identity-policy statement: applies to the requester
}

function actionMatches(statement: Statement, action: string): boolean {
  const matchesAny = (patterns: string[]) => patterns.some((p) => matchesWildcard(p, action, true));
  if (statement.Action !== undefined) return matchesAny(list(statement.Action));
  return !matchesAny(list(statement.NotAction));
}

function resourceMatches(statement: Statement, resource: string, env: ConditionEnvironment): boolean {
  const matchesAny = (patterns: string[]) =>
    patterns.some((p) => {
      const parts = env.variables ? expandVariables(p, (k) => env.context.variable(k)) : plainTemplate(p);
      return parts !== undefined && matchGlob(templateGlob(parts), resource, false);
    });
  if (statement.Resource !== undefined) return matchesAny(list(statement.Resource));
  if (statement.NotResource !== undefined) return !matchesAny(list(statement.NotResource));
  return true; // no Resource element: every resource (a key policy's Resource is always "*")
}
