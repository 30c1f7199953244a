import { ContextValue, Decision, evaluatePolicy, PolicyRequest, Statement } from '../src';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** A 2012-10-17 policy with the given statements. */
export function policyOf(...statements: Array<Partial<Statement>>): object {
  return { Version: '2012-10-17', Statement: statements.map((s) => ({ Effect: 'Allow', ...s })) };
}

/**
 * Decision of a single-statement Allow policy: any principal, `kms:*`, Resource `"*"`, with the
 * given elements replacing those defaults (NotX replaces X).
 */
export function decide(statement: Partial<Statement>, request: Partial<PolicyRequest> = {}): Decision {
  const defaults: Partial<Statement> = {};
  if (!statement.NotPrincipal) defaults.Principal = '*';
  if (!statement.NotAction) defaults.Action = 'kms:*';
  if (!statement.NotResource) defaults.Resource = '*';
  const policy = policyOf({ ...defaults, ...statement });
  return evaluatePolicy(policy, { action: 'kms:Encrypt', resource: KEY_ARN, ...request }).decision;
}

/**
 * Whether a Condition element holds for a context: evaluates an Allow statement carrying only
 * that condition, so Allow means "holds" and ImplicitDeny means "does not hold".
 */
export function holds(condition: Record<string, Record<string, unknown>>, context: Record<string, ContextValue | undefined>): boolean {
  const decision = decide({ Condition: condition }, { context });
  if (decision === 'ExplicitDeny') throw new Error('unexpected ExplicitDeny');
  return decision === 'Allow';
}

/** The context for one key, or no context when the value is undefined (key missing). */
export function contextFor(key: string, value: ContextValue | undefined): Record<string, ContextValue | undefined> {
  return value === undefined ? {} : { [key]: value };
}
