import { ssmParameterArn } from '../../core/arns/ssm';
import type { CallContext } from '../../core/service';
import { one, type AuthorizationTable } from '../../core/operation';

/**
 * SSM's IAM facts per operation (Service Authorization Reference, "Actions, resources, and condition keys for
 * AWS Systems Manager": https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html):
 * each parameter operation acts on `arn:aws:ssm:<r>:<a>:parameter/<name without its leading />`.
 */
type Input = Record<string, unknown>;

const parameterArn = (ctx: CallContext, name: unknown): string => {
  const n = typeof name === 'string' ? name : '';
  return n.startsWith('arn:') ? n : ssmParameterArn(ctx, n);
};
const onParameter = (action: string) => (input: Input, ctx: CallContext) => one(action, parameterArn(ctx, input.Name));

export const SSM_AUTHORIZATION: AuthorizationTable = {
  PutParameter: onParameter('ssm:PutParameter'),
  GetParameter: onParameter('ssm:GetParameter'),
  DeleteParameter: onParameter('ssm:DeleteParameter'),
  GetParameters: (input: Input, ctx) => one('ssm:GetParameters', (Array.isArray(input.Names) ? input.Names : []).map((n) => parameterArn(ctx, n))),
};
