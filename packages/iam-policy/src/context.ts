/** One value a condition key can have in a request. */
export type ContextScalar = string | number | boolean | Date;
/** A condition key's value: one value, or several for a multivalued key. */
export type ContextValue = ContextScalar | ContextScalar[];

/**
 * The request context with case-insensitive key lookup (IAM condition key names are
 * case-insensitive: `aws:SourceArn` is `AWS:sourcearn`).
 */
export class RequestContext {
  private readonly values = new Map<string, ContextValue>();

  constructor(context: Record<string, ContextValue | undefined> | undefined) {
    for (const [key, value] of Object.entries(context ?? {})) {
      if (value !== undefined && value !== null) this.values.set(key.toLowerCase(), value);
    }
  }

  /**
   * The key's values as a list, or undefined when the key is absent. An empty list counts
   * as absent (IAM: a key that resolves to an empty data set).
   */
  list(key: string): ContextScalar[] | undefined {
    const value = this.values.get(key.toLowerCase());
    if (value === undefined) return undefined;
    const list = Array.isArray(value) ? value : [value];
    return list.length === 0 ? undefined : list;
  }

  /**
   * The text a policy variable `${key}` resolves to, or undefined when the key is absent
   * or multivalued (IAM cannot use a multivalued key as a variable).
   */
  variable(key: string): string | undefined {
    const value = this.values.get(key.toLowerCase());
    if (value === undefined || Array.isArray(value)) return undefined;
    return scalarToString(value);
  }
}

/** A context value as text: Dates as ISO 8601 (undefined when invalid), the rest via String(). */
export function scalarToString(value: ContextScalar): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return String(value);
}
