import { BASE64 } from './base64';
import { FIND_IN_MAP } from './find-in-map';
import type { IntrinsicFunction } from './function';
import { GET_ATT } from './get-att';
import { GET_AZS } from './get-azs';
import { IF } from './if';
import { IMPORT_VALUE } from './import-value';
import { JOIN } from './join';
import { REF } from './ref';
import { REF_ALL } from './ref-all';
import { SELECT } from './select';
import { SPLIT } from './split';
import { SUB } from './sub';

/** Every value function this package evaluates, by name. The condition functions are in `conditions/`. */
export const INTRINSIC_FUNCTIONS: ReadonlyMap<string, IntrinsicFunction> = new Map(
  [REF, GET_ATT, JOIN, SUB, SELECT, SPLIT, IF, FIND_IN_MAP, GET_AZS, BASE64, IMPORT_VALUE, REF_ALL].map((fn) => [fn.name, fn]),
);

export { getAttTarget } from './get-att';
export { subReferences } from './sub';
export type { ConditionFunction, Evaluation, EvaluationScope, IntrinsicFunction } from './function';
