import { evaluatePolicy, RequestPrincipal } from '@kms-logs-api/iam-policy';
import { accountRootArn } from '../../core/arn';
import { lambdaError, resourceConflict, resourceNotFound } from './errors';

/** AddPermission's input, as validated. */
export interface PermissionInput {
  readonly statementId: string;
  readonly action: string;
  readonly principal: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  readonly principalOrgId?: string;
  readonly eventSourceToken?: string;
  readonly functionUrlAuthType?: string;
}

interface PolicyDocument {
  Version: '2012-10-17';
  Id: 'default';
  Statement: Array<Record<string, unknown>>;
}

/** Lambda's limit on a function policy. */
const MAX_POLICY_BYTES = 20_480;

/**
 * The statement AddPermission adds: an account id becomes its root ARN, a service name a `Service`
 * principal, the source ARN an `ArnLike` on `AWS:SourceArn`, the source account a `StringEquals` on
 * `AWS:SourceAccount` (the form GetPolicy shows).
 */
export function permissionStatement(input: PermissionInput, resourceArn: string): Record<string, unknown> {
  let principal: unknown;
  if (input.principal === '*') principal = '*';
  else if (/^\d{12}$/.test(input.principal)) principal = { AWS: accountRootArn(input.principal) };
  else if (input.principal.startsWith('arn:')) principal = { AWS: input.principal };
  else principal = { Service: input.principal };
  const condition: Record<string, Record<string, string>> = {};
  const add = (operator: string, key: string, value: string | undefined): void => {
    if (value === undefined) return;
    (condition[operator] ??= {})[key] = value;
  };
  add('StringEquals', 'AWS:SourceAccount', input.sourceAccount);
  add('StringEquals', 'aws:PrincipalOrgID', input.principalOrgId);
  add('StringEquals', 'lambda:EventSourceToken', input.eventSourceToken);
  add('StringEquals', 'lambda:FunctionUrlAuthType', input.functionUrlAuthType);
  add('ArnLike', 'AWS:SourceArn', input.sourceArn);
  const statement: Record<string, unknown> = {
    Sid: input.statementId,
    Effect: 'Allow',
    Principal: principal,
    Action: input.action,
    Resource: resourceArn,
  };
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  return statement;
}

/** The policy with the statement added. @throws ResourceConflictException for a Sid in use. */
export function addStatement(policy: string | undefined, statement: Record<string, unknown>): string {
  const doc: PolicyDocument = policy ? (JSON.parse(policy) as PolicyDocument) : { Version: '2012-10-17', Id: 'default', Statement: [] };
  if (doc.Statement.some((s) => s.Sid === statement.Sid)) {
    throw resourceConflict(
      `The statement id (${String(statement.Sid)}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
    );
  }
  doc.Statement.push(statement);
  const text = JSON.stringify(doc);
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) {
    throw lambdaError('PolicyLengthExceededException', `The final policy size (${Buffer.byteLength(text)}) is bigger than the limit (${MAX_POLICY_BYTES}).`, 400);
  }
  return text;
}

/** The policy without the statement, or undefined when none is left. @throws ResourceNotFoundException */
export function removeStatement(policy: string | undefined, statementId: string): string | undefined {
  if (!policy) throw resourceNotFound('No policy is associated with the given resource.');
  const doc = JSON.parse(policy) as PolicyDocument;
  const kept = doc.Statement.filter((s) => s.Sid !== statementId);
  if (kept.length === doc.Statement.length) throw resourceNotFound(`Statement ${statementId} is not found in resource policy.`);
  return kept.length === 0 ? undefined : JSON.stringify({ ...doc, Statement: kept });
}

/**
 * Does the function's policy let `principal` invoke it (API Gateway with its execute-api source ARN, say)?
 * Evaluated with the project's one policy evaluator.
 */
export function allowsInvoke(
  policy: string | undefined,
  request: { functionArn: string; principal: RequestPrincipal; sourceArn?: string; sourceAccount?: string },
): boolean {
  if (!policy) return false;
  const context: Record<string, string> = {};
  if (request.sourceArn !== undefined) context['aws:SourceArn'] = request.sourceArn;
  if (request.sourceAccount !== undefined) context['aws:SourceAccount'] = request.sourceAccount;
  const result = evaluatePolicy(policy, {
    principal: request.principal,
    action: 'lambda:InvokeFunction',
    resource: request.functionArn,
    context,
  });
  return result.decision === 'Allow';
}
