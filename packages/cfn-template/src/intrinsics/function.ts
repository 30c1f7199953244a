import type { Mappings } from '../template';
import { Unknown } from '../unknown';

/**
 * What names mean where an expression is evaluated: the values a caller knows. local-cloud's engine gives
 * the real ids of the resources it created; the synth guard gives {@link Unknown} for what only a deploy
 * decides.
 */
export interface EvaluationScope {
  /** The value of a parameter, pseudo parameter or resource (its `Ref`); may be {@link Unknown}. Throws for an undefined name. */
  ref(name: string): unknown;
  /** `Fn::GetAtt`; may be {@link Unknown}. Throws for an undefined resource or attribute. */
  getAtt(logicalId: string, attribute: string): unknown;
  /** The value of a named condition; {@link Unknown} when it depends on a value known only at deploy. */
  condition(name: string): boolean | Unknown;
  /** The region `Fn::GetAZs ""` lists the zones of. */
  readonly region: string;
  readonly mappings?: Mappings;
  /** `Fn::ImportValue`: the value of an export of another stack. Without it, every import fails. */
  importValue?(name: string): unknown;
  /** The functions allowed here; `undefined` = every function of the resources section. */
  readonly allowedFunctions?: ReadonlySet<string>;
  /** `Fn::RefAll`: the values of every parameter of a type (rules only). */
  refAll?(parameterType: string): unknown[];
}

/** One evaluation in progress: its scope, and how a function resolves what it nests. */
export interface Evaluation {
  readonly scope: EvaluationScope;
  /** Resolves a nested value (intrinsics inside it included) in the same scope. */
  resolve(value: unknown): unknown;
  /** Evaluates a nested condition expression in the same scope. */
  condition(expression: unknown): boolean | Unknown;
}

/** One intrinsic function that yields a value (`Fn::Join`, `Ref`, …). */
export interface IntrinsicFunction {
  /** The long-form name, as a template's key writes it. */
  readonly name: string;
  /** The function's value for its (unresolved) argument. */
  resolve(argument: unknown, evaluation: Evaluation): unknown;
}

/** One condition function (`Fn::Equals`, `Fn::And`, …): yields true, false or, at synth, unknown. */
export interface ConditionFunction {
  readonly name: string;
  evaluate(argument: unknown, evaluation: Evaluation): boolean | Unknown;
}

/** A scalar as text, as `Fn::Join` and `Fn::Sub` write it. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}
