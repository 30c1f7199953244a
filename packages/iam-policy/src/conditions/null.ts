import { ContextScalar } from '../context';
import { parseBool } from './bool';

/** Checks a `Null` policy value: "true" or "false" (or a JSON boolean). */
export function validateNullValue(value: string): string | undefined {
  return parseBool(value) === undefined ? `"${value}" is not "true" or "false"` : undefined;
}

/**
 * `Null`: `"true"` holds when the key is absent from the request, `"false"` when it is
 * present. Several values for one key are OR'ed like every other operator.
 */
export function evaluateNull(policyValues: readonly string[], requestValues: readonly ContextScalar[] | undefined): boolean {
  const absent = requestValues === undefined;
  return policyValues.some((v) => parseBool(v) === absent);
}
