import { type AuthorizationRequest, one, type AuthorizationTable } from '../../core/operation';
import type { CallContext } from '../../core/service';
import { lambdaFunctionArn, parseFunctionReference } from '../../core/arns/lambda';

/**
 * Lambda's IAM facts per operation (Service Authorization Reference, "Actions, resources, and condition keys for
 * AWS Lambda": https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html):
 * function operations act on the function ARN (qualified when a qualifier is named); ListFunctions has no
 * resource type; CreateFunction and a role change in UpdateFunctionConfiguration also need `iam:PassRole` on the
 * role, with `iam:PassedToService` = `lambda.amazonaws.com`.
 */
type Input = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function arnOf(input: Input, ctx: CallContext, member = 'FunctionName', qualified = false): string {
  // the function the name refers to, read without Lambda's own checks: the operation makes those, in its own words
  const value = str(input[member]) ?? '';
  const ref = parseFunctionReference(value, ctx) ?? { accountId: ctx.accountId, region: ctx.region, name: value, qualifier: undefined };
  return lambdaFunctionArn(ref, ref.name, qualified ? str(input.Qualifier) ?? ref.qualifier : undefined);
}

const onFunction = (action: string, qualified = false) => (input: Input, ctx: CallContext) => one(action, arnOf(input, ctx, 'FunctionName', qualified));
const onResource = (action: string) => (input: Input, ctx: CallContext) => one(action, arnOf(input, ctx, 'Resource'));
const passRole = (role: unknown): AuthorizationRequest[] =>
  str(role) ? one('iam:PassRole', str(role)!, { 'iam:PassedToService': 'lambda.amazonaws.com' }) : [];

export const LAMBDA_AUTHORIZATION: AuthorizationTable = {
  CreateFunction: (input: Input, ctx) => [...one('lambda:CreateFunction', arnOf(input, ctx)), ...passRole(input.Role)],
  UpdateFunctionConfiguration: (input: Input, ctx) => [...one('lambda:UpdateFunctionConfiguration', arnOf(input, ctx)), ...passRole(input.Role)],
  GetFunction: onFunction('lambda:GetFunction', true),
  GetFunctionConfiguration: onFunction('lambda:GetFunctionConfiguration', true),
  UpdateFunctionCode: onFunction('lambda:UpdateFunctionCode'),
  DeleteFunction: onFunction('lambda:DeleteFunction', true),
  ListFunctions: () => one('lambda:ListFunctions', '*'),
  AddPermission: onFunction('lambda:AddPermission', true),
  RemovePermission: onFunction('lambda:RemovePermission', true),
  GetPolicy: onFunction('lambda:GetPolicy', true),
  Invoke: onFunction('lambda:InvokeFunction', true),
  PutFunctionConcurrency: onFunction('lambda:PutFunctionConcurrency'),
  DeleteFunctionConcurrency: onFunction('lambda:DeleteFunctionConcurrency'),
  GetFunctionConcurrency: onFunction('lambda:GetFunctionConcurrency'),
  TagResource: onResource('lambda:TagResource'),
  UntagResource: onResource('lambda:UntagResource'),
  ListTags: onResource('lambda:ListTags'),
};
