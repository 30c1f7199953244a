import { validationError } from './errors';
import type { Template } from './template';

/** What `{"Ref": "AWS::NoValue"}` resolves to: the property (or list element) holding it is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/**
 * A value known only once a resource exists (the id of a resource a change set will create). It makes every
 * value built from it unknown too; a change set reports such a property change as `Dynamic`.
 */
export class Unknown {
  constructor(public readonly description: string) {}
  public toString(): string {
    return `{{${this.description}}}`;
  }
}

/** Where an expression is evaluated: what names and attributes mean there. */
export interface EvaluationScope {
  /** The value of a parameter, pseudo parameter or resource (its `Ref`). Throws for an unknown name. */
  ref(name: string): unknown;
  /** `Fn::GetAtt`. Throws for an unknown resource or attribute. */
  getAtt(logicalId: string, attribute: string): unknown;
  /** The value of a named condition. */
  condition(name: string): boolean;
  readonly mappings?: Template['Mappings'];
  readonly region: string;
  /** `Fn::ImportValue`: the value of an export of another stack. */
  importValue?(name: string): unknown;
  /**
   * The functions allowed here; `undefined` = every function of the resources section. Rules allow only
   * And, Contains, EachMemberEquals, EachMemberIn, Equals, If, Not, Or, RefAll, ValueOf, ValueOfAll.
   */
  readonly allowedFunctions?: ReadonlySet<string>;
  /** `Fn::RefAll`: the values of every parameter of a type (rules only). */
  refAll?(parameterType: string): unknown[];
}

/** The functions a rule may use (CloudFormation User Guide, "Rules syntax"). */
export const RULE_FUNCTIONS: ReadonlySet<string> = new Set([
  'Fn::And', 'Fn::Contains', 'Fn::EachMemberEquals', 'Fn::EachMemberIn', 'Fn::Equals', 'Fn::If', 'Fn::Not',
  'Fn::Or', 'Fn::RefAll', 'Fn::ValueOf', 'Fn::ValueOfAll', 'Ref', 'Condition',
]);

const CONDITION_FUNCTIONS = new Set(['Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Equals', 'Condition',
  'Fn::Contains', 'Fn::EachMemberEquals', 'Fn::EachMemberIn']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** The function name when `value` is an intrinsic function call (`{"Ref": …}`, `{"Fn::X": …}`). */
export function intrinsicName(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const k = keys[0];
  return k === 'Ref' || k.startsWith('Fn::') ? k : undefined;
}

/** Whether a resolved value holds anything unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * Resolves every intrinsic function in `value`. `AWS::NoValue` removes the property or list element that
 * holds it; the top-level result may be `NO_VALUE` itself.
 *
 * @example
 * resolveValue({ 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }]] }, scope); // 'a-ap-southeast-1'
 */
export function resolveValue(value: unknown, scope: EvaluationScope): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const r = resolveValue(item, scope);
      if (r !== NO_VALUE) out.push(r);
    }
    return out;
  }
  if (!isPlainObject(value)) return value;
  const fn = intrinsicName(value);
  if (fn) return callFunction(fn, value[fn], scope);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = resolveValue(v, scope);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

function checkAllowed(fn: string, scope: EvaluationScope): void {
  if (scope.allowedFunctions && !scope.allowedFunctions.has(fn)) {
    throw validationError(`Template format error: ${fn} is not a supported intrinsic function in this context`);
  }
}

function callFunction(fn: string, arg: unknown, scope: EvaluationScope): unknown {
  checkAllowed(fn, scope);
  switch (fn) {
    case 'Ref':
      return fnRef(arg, scope);
    case 'Fn::GetAtt':
      return fnGetAtt(arg, scope);
    case 'Fn::Join':
      return fnJoin(arg, scope);
    case 'Fn::Sub':
      return fnSub(arg, scope);
    case 'Fn::Select':
      return fnSelect(arg, scope);
    case 'Fn::Split':
      return fnSplit(arg, scope);
    case 'Fn::If':
      return fnIf(arg, scope);
    case 'Fn::FindInMap':
      return fnFindInMap(arg, scope);
    case 'Fn::GetAZs':
      return fnGetAZs(arg, scope);
    case 'Fn::Base64': {
      const s = resolveValue(arg, scope);
      if (s instanceof Unknown) return s;
      if (typeof s !== 'string') throw validationError('Template error: every Fn::Base64 object must have a String value');
      return Buffer.from(s, 'utf8').toString('base64');
    }
    case 'Fn::ImportValue': {
      const name = resolveValue(arg, scope);
      if (name instanceof Unknown) return name;
      if (typeof name !== 'string') throw validationError('Template error: every Fn::ImportValue object must have a String value');
      if (!scope.importValue) throw validationError(`No export named ${name} found.`);
      return scope.importValue(name);
    }
    case 'Fn::Equals':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not':
    case 'Fn::Contains':
    case 'Fn::EachMemberEquals':
    case 'Fn::EachMemberIn':
      return evaluateCondition({ [fn]: arg }, scope);
    case 'Fn::RefAll': {
      if (typeof arg !== 'string' || !scope.refAll) throw validationError('Template error: Fn::RefAll requires a parameter type');
      return scope.refAll(arg);
    }
    default:
      throw validationError(`Template format error: Unsupported intrinsic function ${fn} (not supported by local-cloud)`);
  }
}

function fnRef(arg: unknown, scope: EvaluationScope): unknown {
  if (typeof arg !== 'string') {
    throw validationError('Template format error: Every Ref object must have a single String value.');
  }
  if (arg === 'AWS::NoValue') return NO_VALUE;
  return scope.ref(arg);
}

/** `[Res, Attr]` or `"Res.Attr"` (the first dot splits); the attribute name may be a `Ref`. */
export function getAttTarget(arg: unknown): { logicalId: string; attribute: unknown } {
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    if (dot > 0) return { logicalId: arg.slice(0, dot), attribute: arg.slice(dot + 1) };
  } else if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string') {
    return { logicalId: arg[0], attribute: arg[1] };
  }
  throw validationError(
    'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
  );
}

function fnGetAtt(arg: unknown, scope: EvaluationScope): unknown {
  const { logicalId, attribute } = getAttTarget(arg);
  const attr = resolveValue(attribute, scope);
  if (attr instanceof Unknown) return attr;
  if (typeof attr !== 'string' || attr === '') {
    throw validationError('Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute');
  }
  return scope.getAtt(logicalId, attr);
}

function scalarString(v: unknown, fn: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw validationError(`Template error: every ${fn} object requires a list of strings`);
}

function fnJoin(arg: unknown, scope: EvaluationScope): unknown {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') {
    throw validationError(
      'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    );
  }
  const list = resolveValue(arg[1], scope);
  if (list instanceof Unknown) return list;
  if (!Array.isArray(list)) {
    throw validationError(
      'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    );
  }
  if (list.some(containsUnknown)) return new Unknown(`Fn::Join`);
  return list.map((v) => scalarString(v, 'Fn::Join')).join(arg[0]);
}

/** The `${…}` references of a `Fn::Sub` string (without `${!Literal}` escapes). */
export function subReferences(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
    if (!m[1].startsWith('!')) names.push(m[1].trim());
  }
  return names;
}

function fnSub(arg: unknown, scope: EvaluationScope): unknown {
  let text: unknown;
  let vars: Record<string, unknown> = {};
  if (typeof arg === 'string') {
    text = arg;
  } else if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isPlainObject(arg[1])) {
    text = arg[0];
    vars = {};
    for (const [k, v] of Object.entries(arg[1])) vars[k] = resolveValue(v, scope);
  } else {
    throw validationError(
      'Template error: One or more Fn::Sub intrinsic functions don\'t specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string',
    );
  }
  let unknown = false;
  const out = (text as string).replace(/\$\{([^}]*)\}/g, (whole: string, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    let v: unknown;
    if (Object.prototype.hasOwnProperty.call(vars, name)) {
      v = vars[name];
    } else if (name.includes('.') && !name.startsWith('AWS::')) {
      const dot = name.indexOf('.');
      v = scope.getAtt(name.slice(0, dot), name.slice(dot + 1));
    } else {
      v = scope.ref(name);
    }
    if (containsUnknown(v)) {
      unknown = true;
      return whole;
    }
    if (Array.isArray(v)) {
      throw validationError(`Template error: variable ${name} in Fn::Sub expression ${text} must resolve to a string`);
    }
    return scalarString(v, 'Fn::Sub');
  });
  return unknown ? new Unknown('Fn::Sub') : out;
}

const SELECT_ERROR = 'Template error: Fn::Select requires a list argument with two elements: an integer index and a list';

function fnSelect(arg: unknown, scope: EvaluationScope): unknown {
  if (!Array.isArray(arg) || arg.length !== 2) throw validationError(SELECT_ERROR);
  const index = resolveValue(arg[0], scope);
  const list = resolveValue(arg[1], scope);
  if (index instanceof Unknown || list instanceof Unknown) return new Unknown('Fn::Select');
  const i = typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : NaN;
  // AWS answers an index out of range with the same message as a malformed call
  if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) throw validationError(SELECT_ERROR);
  return list[i];
}

function fnSplit(arg: unknown, scope: EvaluationScope): unknown {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || arg[0] === '') {
    throw validationError('Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.');
  }
  const s = resolveValue(arg[1], scope);
  if (s instanceof Unknown) return new Unknown('Fn::Split');
  if (typeof s !== 'string') {
    throw validationError('Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.');
  }
  return s.split(arg[0]);
}

function fnIf(arg: unknown, scope: EvaluationScope): unknown {
  if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
    throw validationError('Template error: every Fn::If object requires three parameters, the condition, the value if true and the value if false');
  }
  return resolveValue(scope.condition(arg[0]) ? arg[1] : arg[2], scope);
}

function fnFindInMap(arg: unknown, scope: EvaluationScope): unknown {
  if (!Array.isArray(arg) || arg.length !== 3) {
    throw validationError('Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value');
  }
  const [m, k1, k2] = arg.map((a) => resolveValue(a, scope));
  if ([m, k1, k2].some((v) => v instanceof Unknown)) return new Unknown('Fn::FindInMap');
  const map = scope.mappings?.[String(m)];
  if (!map) throw validationError(`Template error: Unable to get mapping for ${String(m)}::${String(k1)}::${String(k2)}`);
  const top = map[String(k1)];
  if (!isPlainObject(top) || !(String(k2) in top)) {
    throw validationError(`Template error: Unable to get mapping for ${String(m)}::${String(k1)}::${String(k2)}`);
  }
  return top[String(k2)];
}

function fnGetAZs(arg: unknown, scope: EvaluationScope): unknown {
  const region = resolveValue(arg, scope);
  if (region instanceof Unknown) return region;
  if (typeof region !== 'string') throw validationError('Template error: Fn::GetAZs requires a region name');
  if (region !== '' && region !== scope.region) return [];
  return ['a', 'b', 'c'].map((z) => `${scope.region}${z}`);
}

function listOf(v: unknown, fn: string): unknown[] {
  if (!Array.isArray(v)) throw validationError(`Template error: ${fn} requires a list argument`);
  return v;
}

function conditionArgs(fn: string, arg: unknown): unknown[] {
  if (!Array.isArray(arg)) throw validationError(`Template error: every ${fn} object requires a list of conditions`);
  if ((fn === 'Fn::And' || fn === 'Fn::Or') && (arg.length < 2 || arg.length > 10)) {
    throw validationError(`Template error: every ${fn} object requires a list of at least 2 and at most 10 boolean parameters.`);
  }
  if (fn === 'Fn::Not' && arg.length !== 1) {
    throw validationError('Template error: every Fn::Not object requires one boolean parameter.');
  }
  return arg;
}

function sameValue(a: unknown, b: unknown): boolean {
  if ((typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean')
    && (typeof b === 'string' || typeof b === 'number' || typeof b === 'boolean')) {
    return String(a) === String(b);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Evaluates a condition expression: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `{"Condition": name}`, and in
 * rules `Fn::Contains`, `Fn::EachMemberEquals`, `Fn::EachMemberIn`.
 */
export function evaluateCondition(expr: unknown, scope: EvaluationScope): boolean {
  if (typeof expr === 'boolean') return expr;
  if (expr === 'true' || expr === 'false') return expr === 'true';
  if (isPlainObject(expr) && Object.keys(expr).length === 1 && typeof expr.Condition === 'string') {
    checkAllowed('Condition', scope);
    return scope.condition(expr.Condition);
  }
  const fn = intrinsicName(expr);
  if (!fn) throw validationError('Template error: a condition must be a condition function');
  const arg = (expr as Record<string, unknown>)[fn];
  checkAllowed(fn, scope);
  switch (fn) {
    case 'Fn::Equals': {
      if (!Array.isArray(arg) || arg.length !== 2) {
        throw validationError('Template error: every Fn::Equals object requires a list of 2 string parameters.');
      }
      const a = resolveValue(arg[0], scope);
      const b = resolveValue(arg[1], scope);
      return sameValue(a, b);
    }
    case 'Fn::And':
      return conditionArgs(fn, arg).every((c) => evaluateCondition(c, scope));
    case 'Fn::Or':
      return conditionArgs(fn, arg).some((c) => evaluateCondition(c, scope));
    case 'Fn::Not':
      return !evaluateCondition(conditionArgs(fn, arg)[0], scope);
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
        throw validationError('Template error: every Fn::If object requires three parameters');
      }
      return evaluateCondition(scope.condition(arg[0]) ? arg[1] : arg[2], scope);
    }
    case 'Fn::Contains': {
      // `[list, s]`: true when s equals a member of the list
      if (!Array.isArray(arg) || arg.length !== 2) throw validationError('Template error: Fn::Contains requires a list and a string');
      const list = listOf(resolveValue(arg[0], scope), fn);
      const s = resolveValue(arg[1], scope);
      return list.some((m) => sameValue(m, s));
    }
    case 'Fn::EachMemberEquals': {
      if (!Array.isArray(arg) || arg.length !== 2) throw validationError('Template error: Fn::EachMemberEquals requires a list and a string');
      const list = listOf(resolveValue(arg[0], scope), fn);
      const s = resolveValue(arg[1], scope);
      return list.every((m) => sameValue(m, s));
    }
    case 'Fn::EachMemberIn': {
      if (!Array.isArray(arg) || arg.length !== 2) throw validationError('Template error: Fn::EachMemberIn requires two lists');
      const list = listOf(resolveValue(arg[0], scope), fn);
      const allowed = listOf(resolveValue(arg[1], scope), fn);
      return list.every((m) => allowed.some((a) => sameValue(a, m)));
    }
    default: {
      const v = resolveValue(expr, scope);
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw validationError(`Template error: ${fn} does not return a boolean`);
    }
  }
}

/** One reference an expression makes to another template entity. */
export interface Reference {
  readonly kind: 'Ref' | 'GetAtt';
  readonly name: string;
  readonly attribute?: string;
}

/**
 * The references an expression makes, following only the branch of each `Fn::If` its condition picks (a
 * reference in the branch not taken is no dependency).
 */
export function collectReferences(value: unknown, condition: (name: string) => boolean, into: Reference[] = []): Reference[] {
  if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, condition, into);
    return into;
  }
  if (!isPlainObject(value)) return into;
  const fn = intrinsicName(value);
  if (!fn) {
    for (const v of Object.values(value)) collectReferences(v, condition, into);
    return into;
  }
  const arg = value[fn];
  switch (fn) {
    case 'Ref':
      if (typeof arg === 'string') into.push({ kind: 'Ref', name: arg });
      else collectReferences(arg, condition, into);
      return into;
    case 'Fn::GetAtt': {
      const { logicalId, attribute } = getAttTarget(arg);
      into.push({ kind: 'GetAtt', name: logicalId, attribute: typeof attribute === 'string' ? attribute : undefined });
      collectReferences(attribute, condition, into);
      return into;
    }
    case 'Fn::Sub': {
      const text = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : '';
      const vars = Array.isArray(arg) && isPlainObject(arg[1]) ? arg[1] : {};
      for (const name of subReferences(text)) {
        if (Object.prototype.hasOwnProperty.call(vars, name)) continue;
        const dot = name.indexOf('.');
        if (dot > 0 && !name.startsWith('AWS::')) {
          into.push({ kind: 'GetAtt', name: name.slice(0, dot), attribute: name.slice(dot + 1) });
        } else {
          into.push({ kind: 'Ref', name });
        }
      }
      collectReferences(Object.values(vars), condition, into);
      return into;
    }
    case 'Fn::If':
      if (Array.isArray(arg) && arg.length === 3 && typeof arg[0] === 'string') {
        collectReferences(condition(arg[0]) ? arg[1] : arg[2], condition, into);
        return into;
      }
      collectReferences(arg, condition, into);
      return into;
    default:
      if (CONDITION_FUNCTIONS.has(fn)) return into;
      collectReferences(arg, condition, into);
      return into;
  }
}
