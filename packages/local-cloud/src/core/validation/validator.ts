import * as constraint from './constraints';
import type { Violation } from './constraints';
import type { ModelShape, ServiceModel } from './model';

/** How a protocol delivers scalar values, which decides how strictly a value's JSON type is read. */
export type ValueTyping =
  /** awsJson1_1: the body is the input, typed as JSON; a value of the wrong type is a SerializationException. */
  | 'json'
  /** awsQuery, and REST labels/query/headers: scalars may arrive as text (`"3600"`, `"true"`); read by the model's type. */
  | 'text';

export interface ValidatorOptions {
  readonly typing: ValueTyping;
  /**
   * Prefix of body members' paths (API Gateway names them from its input shape: `createRestApiInput.name`);
   * members bound to the URI, query or headers never carry it.
   */
  readonly bodyPrefix?: string;
}

/** A member whose JSON type is not its model type (awsJson only). */
export class ValueTypeError extends Error {
  constructor(public readonly path: string, public readonly expected: string) {
    super(`Value at '${path}' is not of the model's type ${expected}`);
  }
}

/**
 * The violations of one value at `path`, appended to `out` (`body`: where a request's body members are, if apart).
 * Without `out` (the first pass over an input), no path is built and the first violation throws {@link INVALID}.
 */
type Check = (value: unknown, path: string, out: Violation[] | undefined, body?: unknown) => void;

/** Thrown by the first pass at its first violation: the input is then checked again, with paths, to list them all. */
const INVALID = Symbol('invalid');

/** Where a violation goes: `out`, or, in the first pass (no `out`), nowhere: the pass stops. */
function found(out: Violation[] | undefined): Violation[] {
  if (!out) throw INVALID;
  return out;
}

/**
 * An operation's input validator, compiled once from the model. `body` holds the body members when a REST route
 * decodes the body apart from the bound members (API Gateway PutIntegration); by default they are in `input`.
 */
export type InputValidator = (input: Record<string, unknown>, body?: Record<string, unknown>) => Violation[];

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const SCALARS = new Set(['string', 'integer', 'long', 'float', 'double', 'boolean', 'timestamp', 'blob']);

/**
 * Compiles the validator of one operation's input shape: every member checked against its model constraints
 * (required, length, range, pattern, enum, nested lists/maps/structures), all violations collected.
 */
export function compileInputValidator(model: ServiceModel, inputShape: string, options: ValidatorOptions): InputValidator {
  const checks = new Map<string, Check>();
  const strict = options.typing === 'json';

  const checkOf = (name: string): Check => {
    let check = checks.get(name);
    if (check) return check;
    // a placeholder first: recursive shapes refer to themselves
    let compiled: Check | undefined;
    checks.set(name, (v, p, o) => compiled!(v, p, o));
    compiled = compileShape(name, model.shapes[name]);
    checks.set(name, compiled);
    return compiled;
  };

  const compileShape = (name: string, shape: ModelShape | undefined): Check => {
    if (!shape) throw new Error(`model ${model.metadata.signingName}: shape ${name} missing`);
    if (shape.type === 'structure') return compileStructure(shape, false);
    if (shape.type === 'list') return compileList(shape);
    if (shape.type === 'map') return compileMap(shape);
    const scalar = compileScalar(shape);
    const hidden = shape.sensitive === true;
    return (value, path, out) => {
      const texts = scalar(value, path);
      if (texts.length === 0) return;
      for (const text of texts) found(out).push({ path, shown: hidden ? undefined : constraint.showValue(value), constraint: text });
    };
  };

  const compileStructure = (shape: ModelShape, top: boolean): Check => {
    const required = new Set(shape.required ?? []);
    const members = Object.entries(shape.members ?? {}).map(([member, ref]) => {
      // the member's check, looked up on first use (a recursive shape's is still being compiled here)
      let check: Check | undefined;
      return {
        // decoded input keeps body members under their wire name, bound (URI, query, header) ones under the member's
        key: ref.location === undefined ? ref.locationName ?? member : member,
        located: ref.location !== undefined,
        wire: lowerFirst(member),
        required: required.has(member),
        sensitive: model.shapes[ref.shape]?.sensitive === true,
        prefix: top && options.bodyPrefix && ref.location === undefined ? `${options.bodyPrefix}.` : '',
        check: (): Check => (check ??= checkOf(ref.shape)),
      };
    });
    return (value, path, out, body = value) => {
      if (!isObject(value)) {
        if (strict) throw new ValueTypeError(path, 'structure');
        return;
      }
      const bodyMembers = body === value ? value : isObject(body) ? body : {};
      for (const m of members) {
        const source = m.located ? value : bodyMembers;
        const v = Object.hasOwn(source, m.key) ? source[m.key] : undefined;
        // the path is built only when violations are being listed (every member of every element otherwise)
        const at = !out ? '' : path ? `${path}.${m.wire}` : `${m.prefix}${m.wire}`;
        if (v === undefined || v === null) {
          if (m.required) found(out).push({ path: at, shown: m.sensitive ? undefined : 'null', constraint: constraint.mustNotBeNull });
          continue;
        }
        m.check()(v, at, out);
      }
    };
  };

  const compileList = (shape: ModelShape): Check => {
    const element = model.shapes[shape.member ?? ''];
    const scalarElements = element !== undefined && SCALARS.has(element.type);
    const elementScalar = scalarElements ? compileScalar(element) : undefined;
    return (value, path, out) => {
      // awsQuery sends an empty list as a bare `Name=`
      const list = !strict && value === '' ? [] : value;
      if (!Array.isArray(list)) {
        if (strict) throw new ValueTypeError(path, 'list');
        return;
      }
      // the value is printed only for a violation: printing a long list is what costs
      const shown = () => constraint.showValue(list);
      if (shape.max !== undefined && list.length > shape.max) found(out).push({ path, shown: shown(), constraint: constraint.lengthAtMost(shape.max) });
      if (shape.min !== undefined && list.length < shape.min) found(out).push({ path, shown: shown(), constraint: constraint.lengthAtLeast(shape.min) });
      const at = (i: number) => (out ? `${path}.${i + 1}.member` : '');
      if (elementScalar) {
        const inner = new Set<string>();
        for (let i = 0; i < list.length; i++) {
          const item: unknown = list[i];
          if (item !== undefined && item !== null) for (const text of elementScalar(item, at(i))) inner.add(text);
        }
        if (inner.size > 0) found(out).push({ path, shown: element?.sensitive ? undefined : shown(), constraint: constraint.elementsSatisfy([...inner]) });
        return;
      }
      const check = checkOf(shape.member ?? '');
      for (let i = 0; i < list.length; i++) {
        const item: unknown = list[i];
        if (item !== undefined && item !== null) check(item, at(i), out);
      }
    };
  };

  const compileMap = (shape: ModelShape): Check => {
    const keyShape = model.shapes[shape.key ?? ''];
    const valueShape = model.shapes[shape.value ?? ''];
    const keyScalar = keyShape ? compileScalar(keyShape) : undefined;
    const valueScalar = valueShape && SCALARS.has(valueShape.type) ? compileScalar(valueShape) : undefined;
    const hidden = keyShape?.sensitive === true || valueShape?.sensitive === true;
    return (value, path, out) => {
      if (!isObject(value)) {
        if (strict) throw new ValueTypeError(path, 'map');
        return;
      }
      const entries = Object.entries(value);
      const shown = () => (hidden ? undefined : constraint.showValue(value));
      if (shape.max !== undefined && entries.length > shape.max) found(out).push({ path, shown: shown(), constraint: constraint.lengthAtMost(shape.max) });
      if (shape.min !== undefined && entries.length < shape.min) found(out).push({ path, shown: shown(), constraint: constraint.lengthAtLeast(shape.min) });
      const keys = new Set<string>();
      const values = new Set<string>();
      for (const [k, v] of entries) {
        if (keyScalar) for (const text of keyScalar(k, path)) keys.add(text);
        if (v === undefined || v === null) continue;
        if (valueScalar) for (const text of valueScalar(v, out ? `${path}.${k}` : '')) values.add(text);
        else checkOf(shape.value ?? '')(v, out ? `${path}.${k}.member` : '', out);
      }
      if (keys.size > 0) found(out).push({ path, shown: shown(), constraint: constraint.mapKeysSatisfy([...keys]) });
      if (values.size > 0) found(out).push({ path, shown: shown(), constraint: constraint.mapValuesSatisfy([...values]) });
    };
  };

  /** A scalar's own constraints; `path` only names a type error. */
  const compileScalar = (shape: ModelShape): ((value: unknown, path: string) => string[]) => {
    const regex = shape.pattern === undefined ? undefined : new RegExp(`^(?:${shape.jsPattern ?? shape.pattern})$`, shape.patternFlags ?? 'u');
    const enumValues = shape.enum ? new Set(shape.enum) : undefined;
    const { min, max } = shape;
    // every request runs these over each scalar it sends (1,000 events a PutLogEvents): no allocation unless one fails
    const bounds = (n: number, atMost: (m: number) => string, atLeast: (m: number) => string): string[] => {
      if (max !== undefined && n > max) return min !== undefined && n < min ? [atMost(max), atLeast(min)] : [atMost(max)];
      return min !== undefined && n < min ? [atLeast(min)] : NONE;
    };
    /** Reads the value as its type (a mismatch: SerializationException for awsJson, else left to the operation). */
    const typed = <T>(read: (value: unknown) => T | undefined, check: (v: T) => string[]) => (value: unknown, path: string): string[] => {
      const v = read(value);
      if (v !== undefined) return check(v);
      if (strict) throw new ValueTypeError(path, shape.type);
      return NONE;
    };
    switch (shape.type) {
      case 'string':
        return typed((v) => (typeof v === 'string' ? v : undefined), (text) => {
          const badEnum = enumValues !== undefined && !enumValues.has(text);
          const length = bounds(text.length, constraint.lengthAtMost, constraint.lengthAtLeast);
          const badPattern = regex !== undefined && !regex.test(text);
          if (!badEnum && length === NONE && !badPattern) return NONE;
          // AWS's order: enum, length, pattern
          return [...(badEnum ? [constraint.inEnum(shape.enum!)] : []), ...length, ...(badPattern ? [constraint.matchesPattern(shape.pattern!)] : [])];
        });
      case 'blob':
        return typed(blobLength, (length) => bounds(length, constraint.lengthAtMost, constraint.lengthAtLeast));
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return typed(strict ? jsonNumber : textNumber, (n) => bounds(n, constraint.valueAtMost, constraint.valueAtLeast));
      case 'boolean':
        return typed((v) => (typeof v === 'boolean' || !strict ? true : undefined), () => NONE);
      default:
        // timestamps: numbers (epoch seconds) or text; their models carry no constraints
        return () => NONE;
    }
  };

  const top = compileStructure(model.shapes[inputShape] ?? { type: 'structure' }, true);
  return (input, body) => {
    // most inputs are valid: a first pass builds no path and stops at the first violation (or type error); only an
    // invalid input is walked again, collecting every violation with its path (or throwing the type error's)
    try {
      top(input, '', undefined, body ?? input);
      return [];
    } catch (e) {
      if (e !== INVALID && !(e instanceof ValueTypeError)) throw e;
    }
    const out: Violation[] = [];
    top(input, '', out, body ?? input);
    return out;
  };
}

/** No violation: one shared empty list (never written to). */
const NONE: string[] = [];

const jsonNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** awsQuery and REST labels send numbers as text. */
function textNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isNaN(n) ? undefined : n;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date);
}

/** A blob's byte length: decoded bytes, or base64 text (awsJson) measured as the bytes it decodes to. */
function blobLength(value: unknown): number | undefined {
  if (value instanceof Uint8Array) return value.length;
  if (typeof value !== 'string') return undefined;
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((value.length * 3) / 4) - padding);
}
