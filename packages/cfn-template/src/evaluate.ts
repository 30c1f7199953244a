import { TemplateError, UnsupportedFunctionError } from './errors';
import { CONDITION_FUNCTIONS } from './conditions/index';
import { INTRINSIC_FUNCTIONS } from './intrinsics/index';
import { Evaluation, EvaluationScope, isPlainObject } from './intrinsics/function';
import { NO_VALUE, Unknown } from './unknown';

/** The functions a rule may use (CloudFormation User Guide, "Rules syntax"). */
export const RULE_FUNCTIONS: ReadonlySet<string> = new Set([
  'Fn::And', 'Fn::Contains', 'Fn::EachMemberEquals', 'Fn::EachMemberIn', 'Fn::Equals', 'Fn::If', 'Fn::Not',
  'Fn::Or', 'Fn::RefAll', 'Fn::ValueOf', 'Fn::ValueOfAll', 'Ref', 'Condition',
]);

/** The function name when `value` is an intrinsic function call (`{"Ref": …}`, `{"Fn::X": …}`). */
export function intrinsicName(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0];
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

function evaluation(scope: EvaluationScope): Evaluation {
  return {
    scope,
    resolve: (value) => resolveValue(value, scope),
    condition: (expression) => evaluateCondition(expression, scope),
  };
}

function checkAllowed(name: string, scope: EvaluationScope): void {
  if (scope.allowedFunctions && !scope.allowedFunctions.has(name)) {
    throw new TemplateError(`Template format error: ${name} is not a supported intrinsic function in this context`);
  }
}

/**
 * Resolves every intrinsic function in `value`, deeply. `AWS::NoValue` removes the property or list element
 * that holds it; the top-level result may be {@link NO_VALUE} itself. What the scope does not know yet stays
 * {@link Unknown}, and so does everything built from it. Throws {@link TemplateError} for a malformed call.
 *
 * @example
 * resolveValue({ 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }]] }, scope); // 'a-ap-southeast-1'
 */
export function resolveValue(value: unknown, scope: EvaluationScope): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const resolved = resolveValue(item, scope);
      if (resolved !== NO_VALUE) out.push(resolved);
    }
    return out;
  }
  if (!isPlainObject(value)) return value;
  const name = intrinsicName(value);
  if (name) return callFunction(name, value[name], scope);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolveValue(item, scope);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function callFunction(name: string, argument: unknown, scope: EvaluationScope): unknown {
  checkAllowed(name, scope);
  const fn = INTRINSIC_FUNCTIONS.get(name);
  if (fn) return fn.resolve(argument, evaluation(scope));
  // a condition function in a value position (`Fn::Equals` in a property) yields its boolean
  if (CONDITION_FUNCTIONS.has(name)) return evaluateCondition({ [name]: argument }, scope);
  throw new UnsupportedFunctionError(name);
}

/**
 * Evaluates a condition expression: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Fn::If`,
 * `{"Condition": name}`, and in rules `Fn::Contains`, `Fn::EachMemberEquals`, `Fn::EachMemberIn`.
 * {@link Unknown} when it depends on a value the scope does not know yet.
 */
export function evaluateCondition(expression: unknown, scope: EvaluationScope): boolean | Unknown {
  if (typeof expression === 'boolean') return expression;
  if (expression === 'true' || expression === 'false') return expression === 'true';
  if (isPlainObject(expression) && Object.keys(expression).length === 1 && typeof expression.Condition === 'string') {
    checkAllowed('Condition', scope);
    return scope.condition(expression.Condition);
  }
  const name = intrinsicName(expression);
  if (!name) throw new TemplateError('Template error: a condition must be a condition function');
  checkAllowed(name, scope);
  const argument = (expression as Record<string, unknown>)[name];
  const fn = CONDITION_FUNCTIONS.get(name);
  if (fn) return fn.evaluate(argument, evaluation(scope));
  const value = resolveValue(expression, scope);
  if (value instanceof Unknown) return value;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new TemplateError(`Template error: ${name} does not return a boolean`);
}
