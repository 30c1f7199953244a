import { TemplateError } from '../errors';
import type { ConditionFunction, Evaluation } from '../intrinsics/function';
import { containsUnknown, Unknown } from '../unknown';
import { sameValue } from './equals';

function pair(name: string, argument: unknown, what: string): [unknown, unknown] {
  if (!Array.isArray(argument) || argument.length !== 2) throw new TemplateError(`Template error: ${name} requires ${what}`);
  return [argument[0], argument[1]];
}

function list(name: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new TemplateError(`Template error: ${name} requires a list argument`);
  return value;
}

/** A rule function over `[list, other]`, unknown when either resolves to anything unknown. */
function membership(
  name: string,
  what: string,
  decide: (members: unknown[], other: unknown) => boolean,
  otherIsList: boolean,
): ConditionFunction {
  return {
    name,
    evaluate(argument, { resolve }: Evaluation) {
      const [first, second] = pair(name, argument, what);
      const members = resolve(first);
      const other = resolve(second);
      if (containsUnknown(members) || containsUnknown(other)) return Unknown.derived(name, [members, other]);
      return decide(list(name, members), otherIsList ? list(name, other) : other);
    },
  };
}

/** Rules: `Fn::Contains [list, value]`: the value equals a member. */
export const CONTAINS = membership('Fn::Contains', 'a list and a string', (members, value) => members.some((m) => sameValue(m, value)), false);

/** Rules: `Fn::EachMemberEquals [list, value]`: every member equals the value. */
export const EACH_MEMBER_EQUALS = membership(
  'Fn::EachMemberEquals',
  'a list and a string',
  (members, value) => members.every((m) => sameValue(m, value)),
  false,
);

/** Rules: `Fn::EachMemberIn [list, allowed]`: every member is among the allowed. */
export const EACH_MEMBER_IN = membership(
  'Fn::EachMemberIn',
  'two lists',
  (members, allowed) => members.every((m) => (allowed as unknown[]).some((a) => sameValue(a, m))),
  true,
);
