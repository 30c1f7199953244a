import { isListParameterType, isSsmParameterType, parameterValue, ParameterDeclaration, Template } from '@kms-logs-api/cfn-template';
import { validationError } from './errors';

/** A parameter as the caller sends it (CreateChangeSet, CreateStack, UpdateStack). */
export interface ParameterInput {
  readonly ParameterKey: string;
  readonly ParameterValue?: string;
  readonly UsePreviousValue?: boolean;
}

/** A stack parameter as stored: `value` is what was given (the SSM name for SSM-typed ones). */
export interface StackParameter {
  readonly key: string;
  readonly type: string;
  /** The given value; for `AWS::SSM::Parameter::Value<…>` this is the parameter NAME, never its value. */
  readonly value: string;
  /** The value fetched from Parameter Store (SSM-typed parameters only). */
  readonly resolvedValue?: string;
  readonly noEcho: boolean;
}

/** Reads Parameter Store for SSM-typed parameters: the value, or `undefined` when there is no such parameter. */
export interface ParameterStoreReader {
  getParameterValue(name: string): Promise<string | undefined>;
}

const AWS_SPECIFIC = /^(List<)?AWS::[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+>?$/;

/** Whether `type` is a parameter type this engine knows. */
export function isKnownParameterType(type: string): boolean {
  return ['String', 'Number', 'List<Number>', 'CommaDelimitedList', 'AWS::SSM::Parameter::Name'].includes(type)
    || isSsmParameterType(type) || AWS_SPECIFIC.test(type);
}


function isTrue(v: unknown): boolean {
  return v === true || v === 'true' || v === 'True';
}

function scalarDefault(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String).join(',');
  return String(v);
}

/** The value a `Ref` to the parameter yields: a string, or a list of strings for list types. */
export function parameterRuntimeValue(p: StackParameter): string | string[] {
  return parameterValue(p.type, p.resolvedValue ?? p.value);
}

/** What DescribeStacks shows: `****` for NoEcho. */
export function displayedParameter(p: StackParameter): { ParameterKey: string; ParameterValue: string; ResolvedValue?: string } {
  return {
    ParameterKey: p.key,
    ParameterValue: p.noEcho ? '****' : p.value,
    ...(p.resolvedValue !== undefined ? { ResolvedValue: p.noEcho ? '****' : p.resolvedValue } : {}),
  };
}

function failConstraint(key: string, decl: ParameterDeclaration, message: string): never {
  if (decl.ConstraintDescription) {
    throw validationError(`Parameter '${key}' failed to satisfy constraint: ${decl.ConstraintDescription}`);
  }
  throw validationError(message);
}

function checkConstraints(key: string, decl: ParameterDeclaration, value: string): void {
  const type = decl.Type;
  const values = isListParameterType(type) ? (value === '' ? [] : value.split(',').map((s) => s.trim())) : [value];
  const numeric = type === 'Number' || type === 'List<Number>';
  for (const v of values) {
    if (numeric && (v.trim() === '' || Number.isNaN(Number(v)))) {
      failConstraint(key, decl, `Parameter '${key}' must be a number.`);
    }
    if (decl.AllowedValues && !decl.AllowedValues.map(String).includes(v)) {
      failConstraint(key, decl, `Parameter '${key}' must be one of AllowedValues`);
    }
    if (decl.AllowedPattern !== undefined && !new RegExp(`^(?:${decl.AllowedPattern})$`).test(v)) {
      failConstraint(key, decl, `Parameter '${key}' must match pattern ${decl.AllowedPattern}`);
    }
    if (decl.MinLength !== undefined && v.length < Number(decl.MinLength)) {
      failConstraint(key, decl, `Parameter '${key}' must contain at least ${decl.MinLength} characters`);
    }
    if (decl.MaxLength !== undefined && v.length > Number(decl.MaxLength)) {
      failConstraint(key, decl, `Parameter '${key}' must contain at most ${decl.MaxLength} characters`);
    }
    if (numeric && decl.MinValue !== undefined && Number(v) < Number(decl.MinValue)) {
      failConstraint(key, decl, `Parameter '${key}' must be a number not less than ${decl.MinValue}`);
    }
    if (numeric && decl.MaxValue !== undefined && Number(v) > Number(decl.MaxValue)) {
      failConstraint(key, decl, `Parameter '${key}' must be a number not greater than ${decl.MaxValue}`);
    }
  }
}

/**
 * Decides every declared parameter's value: the given one, the previous one (`UsePreviousValue` keeps the
 * previous GIVEN value — for an SSM-typed parameter its name, which is fetched again), or the default. SSM-typed
 * parameters are fetched from Parameter Store now, as CloudFormation does at CreateStack/UpdateStack/CreateChangeSet.
 *
 * @example
 * await resolveParameters(template, [{ ParameterKey: 'BootstrapVersion', UsePreviousValue: true }], previous, ssm);
 * // [{ key: 'BootstrapVersion', value: '/cdk-bootstrap/hnb659fds/version', resolvedValue: '30', … }]
 */
export async function resolveParameters(
  template: Template,
  inputs: readonly ParameterInput[],
  previous: readonly StackParameter[] | undefined,
  ssm: ParameterStoreReader | undefined,
): Promise<StackParameter[]> {
  const declarations = template.Parameters ?? {};
  const given = new Map<string, ParameterInput>();
  for (const p of inputs) given.set(p.ParameterKey, p);

  const undeclared = [...given.keys()].filter((k) => !(k in declarations));
  if (undeclared.length > 0) throw validationError(`Parameters: [${undeclared.join(', ')}] do not exist in the template`);

  const missing: string[] = [];
  const chosen: Array<{ key: string; decl: ParameterDeclaration; value: string }> = [];
  for (const [key, decl] of Object.entries(declarations)) {
    if (!isKnownParameterType(decl.Type)) {
      throw validationError(`Template format error: Unrecognized parameter type: ${decl.Type}`);
    }
    const input = given.get(key);
    let value: string | undefined;
    if (input && isTrue(input.UsePreviousValue)) {
      const prev = previous?.find((p) => p.key === key);
      if (!prev) {
        throw validationError(`Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
      }
      value = prev.value;
    } else if (input && input.ParameterValue !== undefined) {
      value = input.ParameterValue;
    } else {
      value = scalarDefault(decl.Default);
    }
    if (value === undefined) {
      missing.push(key);
      continue;
    }
    chosen.push({ key, decl, value });
  }
  if (missing.length > 0) throw validationError(`Parameters: [${missing.join(', ')}] must have values`);

  const unfetchable: string[] = [];
  const out: StackParameter[] = [];
  for (const { key, decl, value } of chosen) {
    const noEcho = isTrue(decl.NoEcho);
    if (isSsmParameterType(decl.Type)) {
      const resolved = ssm ? await ssm.getParameterValue(value) : undefined;
      if (resolved === undefined) {
        unfetchable.push(value);
        continue;
      }
      out.push({ key, type: decl.Type, value, resolvedValue: resolved, noEcho });
      continue;
    }
    checkConstraints(key, decl, value);
    out.push({ key, type: decl.Type, value, noEcho });
  }
  if (unfetchable.length > 0) {
    throw validationError(`Unable to fetch parameters [${unfetchable.join(',')}] from parameter store for this account.`);
  }
  return out;
}

/** Whether two parameter sets give the stack the same values. */
export function sameParameters(a: readonly StackParameter[], b: readonly StackParameter[]): boolean {
  if (a.length !== b.length) return false;
  const byKey = new Map(b.map((p) => [p.key, p]));
  return a.every((p) => {
    const q = byKey.get(p.key);
    return q !== undefined && q.value === p.value && q.resolvedValue === p.resolvedValue;
  });
}
