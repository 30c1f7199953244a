import { badRequest } from './errors';

/** A parsed access-log format: literal text and `$context.*` names, alternating. */
export interface CompiledFormat {
  readonly literals: readonly string[];
  readonly variables: readonly string[];
}

/** The `$context` values of one request, by name without the `context.` prefix (`identity.sourceIp`). */
export type ContextValues = Readonly<Record<string, string | number | undefined>>;

const VARIABLE = /\$(?:\{context\.([A-Za-z0-9_.]+)\}|context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*))/g;

/** Splits `format` into literal runs and `$context.x` / `${context.x}` references. */
export function compileFormat(format: string): CompiledFormat {
  const literals: string[] = [];
  const variables: string[] = [];
  let last = 0;
  for (const m of format.matchAll(VARIABLE)) {
    literals.push(format.slice(last, m.index));
    variables.push(m[1] ?? m[2]);
    last = m.index! + m[0].length;
  }
  literals.push(format.slice(last));
  return { literals, variables };
}

/**
 * Renders one access-log line. A variable with no value for this request (or an unknown one) is `-`,
 * as API Gateway writes it.
 */
export function renderFormat(compiled: CompiledFormat, values: ContextValues): string {
  let line = compiled.literals[0];
  for (let i = 0; i < compiled.variables.length; i++) {
    const v = values[compiled.variables[i]];
    line += (v === undefined || v === '' ? '-' : String(v)) + compiled.literals[i + 1];
  }
  return line;
}

/**
 * What UpdateStage checks on `/accessLogSettings/format` of a REST API: one line (a final newline is
 * allowed) that names `$context.requestId` or `$context.extendedRequestId` (the control plane takes either;
 * CDK relaxed its own check to match, aws/aws-cdk#22591). Wording as reported from AWS; the request-id one
 * is not verified against a primary source.
 */
export function validateFormat(format: string): void {
  if (/[\r\n]/.test(format.replace(/\r?\n$/, ''))) {
    throw badRequest('Access Log format must be single line, new line character is allowed only at end of the format');
  }
  const names = compileFormat(format).variables;
  if (!names.includes('requestId') && !names.includes('extendedRequestId')) {
    throw badRequest('Access Log format must include either $context.requestId or $context.extendedRequestId');
  }
}
