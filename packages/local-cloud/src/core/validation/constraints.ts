/**
 * AWS's wording of model-constraint violations, in one place. The texts are the ones AWS services answer (Coral's
 * validator), recorded on AWS in LocalStack's snapshot tests: `tests/aws/services/kms/test_kms.snapshot.json`
 * (length, range, enum, `tags.1.member.tagKey`, a sensitive `Value at 'plaintext'`),
 * `apigateway/test_apigateway_api.snapshot.json` ("2 validation errors detected: …; …", a list's
 * "Member must satisfy constraint: [Member must satisfy enum value set: […]]"), `sts/test_sts.snapshot.json` and
 * `cloudformation/api/test_stacks.snapshot.json` (pattern), `lambda_/test_lambda_api.snapshot.json` (pattern).
 */

export const mustNotBeNull = 'Member must not be null';
export const lengthAtMost = (max: number) => `Member must have length less than or equal to ${max}`;
export const lengthAtLeast = (min: number) => `Member must have length greater than or equal to ${min}`;
export const valueAtMost = (max: number) => `Member must have value less than or equal to ${max}`;
export const valueAtLeast = (min: number) => `Member must have value greater than or equal to ${min}`;
export const matchesPattern = (pattern: string) => `Member must satisfy regular expression pattern: ${pattern}`;
export const inEnum = (values: readonly string[]) => `Member must satisfy enum value set: [${values.join(', ')}]`;
/** A list whose scalar elements break their own constraints. */
export const elementsSatisfy = (inner: readonly string[]) => `Member must satisfy constraint: [${inner.join(', ')}]`;
/** A map whose keys (or values) break their constraints. */
export const mapKeysSatisfy = (inner: readonly string[]) => `Map keys must satisfy constraint: [${inner.join(', ')}]`;
export const mapValuesSatisfy = (inner: readonly string[]) => `Map value must satisfy constraint: [${inner.join(', ')}]`;

/** One violation: where, the value as AWS prints it (`undefined` for a sensitive member), and the constraint text. */
export interface Violation {
  readonly path: string;
  readonly shown: string | undefined;
  readonly constraint: string;
}

/** How AWS prints a value in the message: `'x'`, `null`, `'[a, b]'`, `'{k=v}'` (Java's toString). */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  return `'${javaString(value)}'`;
}

function javaString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}=${javaString(v)}`).join(', ')}}`;
  return String(value);
}

/** "1 validation error detected: …" / "N validation errors detected: …; …". */
export function validationMessage(violations: readonly Violation[]): string {
  const parts = violations.map((v) => `Value ${v.shown === undefined ? '' : `${v.shown} `}at '${v.path}' failed to satisfy constraint: ${v.constraint}`);
  return `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}
