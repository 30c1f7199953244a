import { buildArn } from '../arn';
import type { Scope } from '../scope';

/** A function as an ARN or FunctionName names it. */
export interface FunctionReference extends Scope {
  readonly name: string;
  /** `$LATEST`, a version or an alias; undefined when none was named. */
  readonly qualifier?: string;
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` */
export const lambdaFunctionArn = (scope: Scope, name: string, qualifier?: string): string =>
  buildArn('lambda', scope.region, scope.accountId, `function:${name}${qualifier ? `:${qualifier}` : ''}`);

/**
 * The Lambda model's pattern of `FunctionName` (a name, a partial ARN or a full ARN, with an optional qualifier),
 * as a RegExp and as the text AWS's validation message quotes.
 */
export const FUNCTION_NAME_PATTERN =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?((?:[a-z]{2}(?:-gov)?-[a-z]+-\d{1}):)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;
export const FUNCTION_NAME_PATTERN_TEXT =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

const FULL_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):function:([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const NAME_ONLY = /^([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;

/** A full function ARN taken apart; `undefined` when `arn` is not one. */
export function parseLambdaFunctionArn(arn: string): FunctionReference | undefined {
  const m = FULL_ARN.exec(arn);
  return m ? { region: m[1], accountId: m[2], name: m[3], qualifier: m[4] } : undefined;
}

/**
 * The function a FunctionName names, as Lambda reads it: the full ARN (its own region and account),
 * `<account>:function:<name>` (the call's region) or a plain name (the call's scope); each with an optional
 * `:<qualifier>`. `undefined` when it is none of these.
 */
export function parseFunctionReference(value: string, scope: Scope): FunctionReference | undefined {
  const full = parseLambdaFunctionArn(value);
  if (full) return full;
  let m = PARTIAL_ARN.exec(value);
  if (m) return { region: scope.region, accountId: m[1], name: m[2], qualifier: m[3] };
  m = NAME_ONLY.exec(value);
  return m ? { region: scope.region, accountId: scope.accountId, name: m[1], qualifier: m[2] } : undefined;
}
