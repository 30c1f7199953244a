/**
 * Wildcard (`*`, `?`) and ARN matching, as used by IAM for actions, resources and the
 * `String*Like` / `Arn*` condition operators.
 *
 * A pattern is compiled into a list of elements: one element per character, where the
 * characters that came from policy text keep their wildcard meaning and characters that
 * came from a resolved policy variable (or from `${*}`, `${?}`) are literal.
 */

/** Matches any run of characters, including the empty run. */
export const STAR = 0;
/** Matches exactly one character. */
export const ANY_ONE = 1;

/** One element of a compiled pattern: a literal character, {@link STAR} or {@link ANY_ONE}. */
export type GlobElement = string | typeof STAR | typeof ANY_ONE;

/** Compiles policy text: `*` and `?` are wildcards, every other character is literal. */
export function compileGlob(pattern: string): GlobElement[] {
  return Array.from(pattern, (ch) => (ch === '*' ? STAR : ch === '?' ? ANY_ONE : ch));
}

/** Compiles text in which every character, `*` and `?` included, is literal. */
export function literalGlob(text: string): GlobElement[] {
  return Array.from(text);
}

/**
 * Whether `value` matches the compiled pattern as a whole.
 * Greedy matching with backtracking to the last `*`: O(pattern × value) at worst.
 */
export function matchGlob(pattern: readonly GlobElement[], value: string, caseInsensitive = false): boolean {
  const pat = caseInsensitive ? pattern.map((e) => (typeof e === 'string' ? e.toLowerCase() : e)) : pattern;
  const val = Array.from(caseInsensitive ? value.toLowerCase() : value);
  let p = 0;
  let v = 0;
  let starAt = -1;
  let starValue = 0;
  while (v < val.length) {
    const el = pat[p];
    if (p < pat.length && (el === ANY_ONE || el === val[v])) {
      p++;
      v++;
    } else if (p < pat.length && el === STAR) {
      starAt = p++;
      starValue = v;
    } else if (starAt >= 0) {
      p = starAt + 1;
      v = ++starValue;
    } else {
      return false;
    }
  }
  while (p < pat.length && pat[p] === STAR) p++;
  return p === pat.length;
}

/**
 * IAM wildcard matching of a whole string: `*` matches any run of characters (including none),
 * `?` matches exactly one character, everything else is literal.
 *
 * @param pattern the pattern from the policy, e.g. `kms:GenerateDataKey*`
 * @param value the value from the request, e.g. `kms:GenerateDataKeyWithoutPlaintext`
 * @param caseInsensitive compare ignoring case (IAM does this for actions)
 * @example
 * matchesWildcard('kms:GenerateDataKey*', 'KMS:generatedatakeypair', true); // true
 * matchesWildcard('log-group:/aws/lambda/?n', 'log-group:/aws/lambda/fn');  // true
 */
export function matchesWildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  return matchGlob(compileGlob(pattern), value, caseInsensitive);
}

/**
 * Matches a request ARN against a `Resource` / `NotResource` pattern from a policy.
 *
 * Case-sensitive; `*` and `?` are wildcards and `*` may span `:` and `/`, so
 * `arn:aws:s3:::bucket/*` matches every key in the bucket and `*` matches everything.
 * Service, region and account segments are compared as plain text.
 *
 * @example
 * matchesArnPattern('arn:aws:kms:*:111122223333:key/*', 'arn:aws:kms:us-east-1:111122223333:key/1234'); // true
 * matchesArnPattern('arn:aws:kms:*:111122223333:key/*', 'arn:aws:kms:us-east-1:444455556666:key/1234'); // false
 */
export function matchesArnPattern(pattern: string, arn: string): boolean {
  return matchGlob(compileGlob(pattern), arn, false);
}

/**
 * Splits a list of elements (or characters) into the six ARN components: `arn`, partition,
 * service, region, account and resource. The resource is everything after the fifth colon and
 * may itself contain colons. Returns undefined when there are fewer than five colons.
 */
export function splitArnElements<T>(elements: readonly T[], isColon: (e: T) => boolean): T[][] | undefined {
  const parts: T[][] = [[]];
  for (const e of elements) {
    if (parts.length < 6 && isColon(e)) parts.push([]);
    else parts[parts.length - 1].push(e);
  }
  return parts.length === 6 ? parts : undefined;
}

/**
 * ARN matching as the `ArnEquals` / `ArnLike` condition operators do it: the six
 * colon-delimited components are compared separately and case-sensitively, so a `*` never
 * matches across a colon except inside the resource component (which may contain colons).
 * A pattern with fewer than six components matches only if it is nothing but `*` (which then
 * matches any value); `arn:aws:logs:*` therefore matches no ARN, as the components differ.
 */
export function matchArnSegments(pattern: readonly GlobElement[], value: string): boolean {
  const patternParts = splitArnElements(pattern, (e) => e === ':');
  if (!patternParts) return pattern.length > 0 && pattern.every((e) => e === STAR);
  const valueParts = splitArnElements(Array.from(value), (c) => c === ':');
  if (!valueParts) return false;
  return patternParts.every((part, i) => matchGlob(part, valueParts[i].join(''), false));
}
