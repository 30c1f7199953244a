import { TemplateError } from '../errors';
import type { ConditionFunction } from '../intrinsics/function';
import { ifBranch } from '../intrinsics/if';
import { Unknown } from '../unknown';

function conditionList(name: string, argument: unknown): unknown[] {
  if (!Array.isArray(argument)) throw new TemplateError(`Template error: every ${name} object requires a list of conditions`);
  if ((name === 'Fn::And' || name === 'Fn::Or') && (argument.length < 2 || argument.length > 10)) {
    throw new TemplateError(`Template error: every ${name} object requires a list of at least 2 and at most 10 boolean parameters.`);
  }
  if (name === 'Fn::Not' && argument.length !== 1) throw new TemplateError('Template error: every Fn::Not object requires one boolean parameter.');
  return argument;
}

/**
 * `Fn::And` / `Fn::Or` in three-valued logic: one decisive member (false for And, true for Or) decides;
 * otherwise any unknown member makes the result unknown.
 */
function junction(name: 'Fn::And' | 'Fn::Or', decisive: boolean): ConditionFunction {
  return {
    name,
    evaluate(argument, { condition }) {
      const values = conditionList(name, argument).map((c) => condition(c));
      if (values.some((v) => v === decisive)) return decisive;
      const unknown = values.filter((v) => v instanceof Unknown);
      return unknown.length > 0 ? Unknown.derived(name, unknown) : !decisive;
    },
  };
}

export const AND = junction('Fn::And', false);
export const OR = junction('Fn::Or', true);

/** `Fn::Not [condition]`. */
export const NOT: ConditionFunction = {
  name: 'Fn::Not',
  evaluate(argument, { condition }) {
    const value = condition(conditionList('Fn::Not', argument)[0]);
    return value instanceof Unknown ? Unknown.derived('Fn::Not', value) : !value;
  },
};

/** `Fn::If` inside a condition: the branch its condition picks, evaluated as a condition. */
export const CONDITION_IF: ConditionFunction = {
  name: 'Fn::If',
  evaluate(argument, { scope, condition }) {
    const branch = ifBranch(argument, scope);
    return branch instanceof Unknown ? branch : condition(branch);
  },
};
