/**
 * Values that exist only once a stack is deployed, and `AWS::NoValue`.
 */

/** What `{"Ref": "AWS::NoValue"}` resolves to: the property (or list element) holding it is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/**
 * A value known only after deploy: the id or an attribute of a resource not created yet, a parameter's
 * value at synth, an export of another stack. Every value built from it (`Fn::Join`, `Fn::Sub`, …) is
 * unknown too, and remembers the leaf unknowns it came from in {@link Unknown.causes}.
 *
 * @example
 * new Unknown('Fn::GetAtt Role.Arn').toString() // '{{Fn::GetAtt Role.Arn}}'
 */
export class Unknown {
  /** The leaf unknowns this value was built from (itself for a leaf), without repeats. */
  public readonly causes: readonly string[];

  constructor(
    public readonly description: string,
    causes?: readonly string[],
  ) {
    this.causes = causes ?? [description];
  }

  /** An unknown built by `functionName` from `inputs`, carrying the causes of every unknown among them. */
  public static derived(functionName: string, inputs: unknown): Unknown {
    return new Unknown(functionName, unknownCauses(inputs));
  }

  public toString(): string {
    return `{{${this.description}}}`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}

/** Whether a resolved value holds anything unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** The leaf causes of every unknown in a resolved value, in order of appearance, without repeats. */
export function unknownCauses(value: unknown): string[] {
  const causes = new Set<string>();
  const visit = (v: unknown): void => {
    if (v instanceof Unknown) v.causes.forEach((cause) => causes.add(cause));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isPlainObject(v)) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...causes];
}

/**
 * A resolved value with each unknown replaced by `replace(unknown)`: how a caller turns a value into plain
 * JSON (local-cloud shows `{{…}}`; the synth guard writes a text no policy pattern but `*` matches).
 */
export function replaceUnknowns(value: unknown, replace: (unknown: Unknown) => unknown): unknown {
  if (value instanceof Unknown) return replace(value);
  if (Array.isArray(value)) return value.map((v) => replaceUnknowns(v, replace));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = replaceUnknowns(v, replace);
    return out;
  }
  return value;
}
