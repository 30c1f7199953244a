import type { ConditionFunction } from '../intrinsics/function';
import { EQUALS } from './equals';
import { AND, CONDITION_IF, NOT, OR } from './logical';
import { CONTAINS, EACH_MEMBER_EQUALS, EACH_MEMBER_IN } from './membership';

/** Every condition function, by name (`Fn::If` here is its condition form). */
export const CONDITION_FUNCTIONS: ReadonlyMap<string, ConditionFunction> = new Map(
  [EQUALS, AND, OR, NOT, CONDITION_IF, CONTAINS, EACH_MEMBER_EQUALS, EACH_MEMBER_IN].map((fn) => [fn.name, fn]),
);

export { sameValue } from './equals';
