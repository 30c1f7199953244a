import { buildArn, parseArn } from '../arn';
import type { Scope } from '../scope';

/** `arn:aws:ssm:<region>:<account>:parameter/<name>`: the leading `/` of a hierarchical name is dropped. */
export const ssmParameterArn = (scope: Scope, name: string): string => buildArn('ssm', scope.region, scope.accountId, `parameter/${name.replace(/^\//, '')}`);

/** The parameter name an SSM parameter ARN names (a hierarchical one with its leading `/`); `undefined` for any other text. */
export function parseSsmParameterArn(arn: string): string | undefined {
  const parsed = arn.startsWith('arn:') ? parseArn(arn) : undefined;
  if (!parsed || parsed.service !== 'ssm' || !parsed.resource.startsWith('parameter/')) return undefined;
  const rest = parsed.resource.slice('parameter/'.length);
  return rest.includes('/') ? `/${rest}` : rest;
}
