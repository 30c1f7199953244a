/**
 * Resolves CloudFormation intrinsic functions in a template value with concrete values, so
 * that a policy in a template can be evaluated as AWS would see it after deployment.
 */

/** What references in a template resolve to. */
export interface IntrinsicValues {
  /** Pseudo parameters by name (`AWS::Region`, …). `AWS::NoValue` is handled by the resolver. */
  readonly pseudoParameters: Readonly<Record<string, string>>;
  /** `Ref` of a template resource or parameter, or undefined if it cannot be known at synth. */
  ref(logicalId: string): string | undefined;
  /** `Fn::GetAtt`, or undefined if it cannot be known at synth. */
  getAtt(logicalId: string, attribute: string): string | undefined;
}

/** The outcome: the value with every resolvable intrinsic replaced, and what could not be. */
export interface Resolution<T = unknown> {
  readonly value: T;
  /** The intrinsics that could not be resolved (each replaced by {@link unresolvedText}). */
  readonly unresolved: string[];
}

/** Removes a property or list element, as `Ref: AWS::NoValue` does. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * The text that stands for an intrinsic the resolver cannot know. It has no wildcard and no
 * ARN meaning, so it matches no policy pattern except `*`.
 */
export function unresolvedText(description: string): string {
  return `{unresolved ${description}}`;
}

/**
 * Resolves every intrinsic function in `value` (deeply).
 * Supported: `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`.
 * Anything else (`Fn::ImportValue`, `Fn::If`, …) is left unresolved and reported.
 *
 * @example
 * resolveIntrinsics({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs']] }, values).value
 * // 'arn:aws:logs'
 */
export function resolveIntrinsics(value: unknown, values: IntrinsicValues): Resolution {
  const unresolved: string[] = [];
  const resolved = resolveValue(value, values, unresolved);
  return { value: resolved === NO_VALUE ? undefined : resolved, unresolved };
}

/** Like {@link resolveIntrinsics}, for a value that must end up a string. */
export function resolveString(value: unknown, values: IntrinsicValues): Resolution<string | undefined> {
  const { value: resolved, unresolved } = resolveIntrinsics(value, values);
  if (resolved === undefined) return { value: undefined, unresolved };
  if (typeof resolved === 'string') return { value: resolved, unresolved };
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return { value: String(resolved), unresolved };
  return { value: undefined, unresolved: [...unresolved, `non-string value ${JSON.stringify(resolved)}`] };
}

function resolveValue(value: unknown, values: IntrinsicValues, unresolved: string[]): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => resolveValue(item, values, unresolved)).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [name, argument] = entries[0];
    if (name === 'Ref' || name.startsWith('Fn::')) return resolveFunction(name, argument, values, unresolved);
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const resolved = resolveValue(item, values, unresolved);
    if (resolved !== NO_VALUE) result[key] = resolved;
  }
  return result;
}

function resolveFunction(name: string, argument: unknown, values: IntrinsicValues, unresolved: string[]): unknown {
  const fail = (description: string): string => {
    unresolved.push(description);
    return unresolvedText(description);
  };
  switch (name) {
    case 'Ref': {
      if (typeof argument !== 'string') return fail(`Ref ${JSON.stringify(argument)}`);
      return ref(argument, values) ?? fail(`Ref ${argument}`);
    }
    case 'Fn::GetAtt': {
      const parts = typeof argument === 'string' ? splitOnce(argument, '.') : argument;
      if (!Array.isArray(parts) || parts.length !== 2) return fail(`Fn::GetAtt ${JSON.stringify(argument)}`);
      const [logicalId, attribute] = parts.map((part) => resolveValue(part, values, unresolved));
      if (typeof logicalId !== 'string' || typeof attribute !== 'string') return fail(`Fn::GetAtt ${JSON.stringify(argument)}`);
      return values.getAtt(logicalId, attribute) ?? fail(`Fn::GetAtt ${logicalId}.${attribute}`);
    }
    case 'Fn::Join': {
      if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string') {
        return fail(`Fn::Join ${JSON.stringify(argument)}`);
      }
      const items = resolveValue(argument[1], values, unresolved);
      if (!Array.isArray(items)) return fail(`Fn::Join ${JSON.stringify(argument)}`);
      return items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(argument[0]);
    }
    case 'Fn::Sub': {
      const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
      if (typeof template !== 'string' || variables === null || typeof variables !== 'object') {
        return fail(`Fn::Sub ${JSON.stringify(argument)}`);
      }
      const resolvedVariables = resolveValue(variables, values, unresolved) as Record<string, unknown>;
      return template.replace(/\$\{([^}]*)\}/g, (_match, expression: string) => {
        if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
        if (expression in resolvedVariables) {
          const variable = resolvedVariables[expression];
          return typeof variable === 'string' ? variable : fail(`Fn::Sub variable ${expression}`);
        }
        const dot = expression.indexOf('.');
        if (dot > 0) {
          return values.getAtt(expression.slice(0, dot), expression.slice(dot + 1)) ?? fail(`Fn::Sub \${${expression}}`);
        }
        const value = ref(expression, values);
        return value === NO_VALUE ? '' : (value ?? fail(`Fn::Sub \${${expression}}`));
      });
    }
    case 'Fn::Select': {
      if (!Array.isArray(argument) || argument.length !== 2) return fail(`Fn::Select ${JSON.stringify(argument)}`);
      const index = Number(resolveValue(argument[0], values, unresolved));
      const list = resolveValue(argument[1], values, unresolved);
      if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) {
        return fail(`Fn::Select ${JSON.stringify(argument)}`);
      }
      return list[index];
    }
    case 'Fn::Split': {
      if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string') {
        return fail(`Fn::Split ${JSON.stringify(argument)}`);
      }
      const source = resolveValue(argument[1], values, unresolved);
      return typeof source === 'string' ? source.split(argument[0]) : fail(`Fn::Split ${JSON.stringify(argument)}`);
    }
    default:
      return fail(`${name} ${JSON.stringify(argument)}`);
  }
}

function ref(name: string, values: IntrinsicValues): string | typeof NO_VALUE | undefined {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name.startsWith('AWS::')) return values.pseudoParameters[name];
  return values.ref(name);
}

function splitOnce(text: string, separator: string): string[] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
