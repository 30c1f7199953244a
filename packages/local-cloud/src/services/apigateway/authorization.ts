import type { CallContext } from '../../core/service';
import { one, type AuthorizationEnv, type AuthorizationTable, type OperationFacts } from '../../core/operation';
import { API_GATEWAY_ROUTES } from './routes';

/**
 * API Gateway's IAM facts (Service Authorization Reference, "Actions, resources, and condition keys for Amazon
 * API Gateway Management": https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html):
 * the action is the HTTP method (`apigateway:GET`, `apigateway:POST`, …) and the resource the path,
 * `arn:aws:apigateway:<region>::/restapis/<id>/…`. The path is the request's, or (a call made in-process) the
 * operation's URI template filled from its input. UpdateAccount setting a CloudWatch role also passes it.
 */
type Input = Record<string, unknown>;

const arnOf = (ctx: CallContext, path: string) => `arn:aws:apigateway:${ctx.region}::${path}`;

function facts(operation: string, method: string, template: string): OperationFacts {
  return (input: Input, ctx: CallContext, env: AuthorizationEnv) => {
    const path = env.http ? env.http.path : template.split('?')[0].replace(/\{(\w+)\+?\}/g, (_m, name: string) => String(input[name] ?? ''));
    const requests = one(`apigateway:${env.http?.method ?? method}`, arnOf(ctx, path));
    if (operation === 'UpdateAccount') {
      const ops = Array.isArray(input.patchOperations) ? (input.patchOperations as Array<Record<string, unknown>>) : [];
      const role = ops.find((o) => o.path === '/cloudwatchRoleArn' && typeof o.value === 'string' && o.value !== '');
      if (role) requests.push(...one('iam:PassRole', role.value as string, { 'iam:PassedToService': 'apigateway.amazonaws.com' }));
    }
    return requests;
  };
}

export const APIGATEWAY_AUTHORIZATION: AuthorizationTable = Object.fromEntries(
  API_GATEWAY_ROUTES.map((route) => [route.operation, facts(route.operation, route.method, route.path)]),
);
