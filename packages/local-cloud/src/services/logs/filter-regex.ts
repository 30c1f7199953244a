import { RE2JS } from 're2js';

/**
 * The `%regex%` terms of CloudWatch Logs filter patterns, as the "Filter pattern syntax" page of the CloudWatch
 * Logs User Guide defines them, matched by RE2 (re2js): linear in the length of the event whatever the
 * expression, so no pattern can hold the server's only event loop (a backtracking `RegExp` took seconds on
 * `%(\w+\s?)+$%` over 25 bytes, doubling per byte).
 */

/** "There is a limit of 2 regex for each filter pattern" (metric/subscription filters, FilterLogEvents, Live Tail). */
export const MAX_REGEX_PER_FILTER_PATTERN = 2;

/** Letters, digits, the supported symbols `:_#=@/;,-` and operators `^$?[]{}|\*+.`; space as in AWS's own examples. */
const ALLOWED = /^[A-Za-z0-9:_#=@/;,\-^$?[\]{}|\\*+. ]$/;

/** A regex term the filter-pattern parser refuses; `awsMessage` is CloudWatch Logs' own wording when it is known. */
export class FilterRegexError extends Error {
  constructor(message: string, readonly awsMessage?: string) {
    super(message);
  }
}

/**
 * Compiles the body of a `%regex%` term (without the `%`s) into an unanchored "contains a match" test.
 *
 * @throws FilterRegexError for a character AWS does not support (parentheses, `!`, multi-byte characters, ...),
 *   answered by CloudWatch Logs as `Invalid character(s) in term '<character>'`, or for an expression RE2 cannot compile
 * @example
 * compileFilterRegex('user-[0-9]+')('login user-42') // true
 * compileFilterRegex('a{,2}b')('ab')                 // true: `{,n}` is `{0,n}` in CloudWatch Logs
 */
export function compileFilterRegex(body: string): (text: string) => boolean {
  for (const c of body) {
    if (!ALLOWED.test(c)) {
      throw new FilterRegexError(`Unsupported character '${c}' in regular expression %${body}%`, `Invalid character(s) in term '${c}'`);
    }
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(normalizeRepetitions(body));
  } catch (e) {
    throw new FilterRegexError(`Invalid regular expression %${body}%: ${(e as Error).message}`);
  }
  return (text) => compiled.test(text);
}

/** `{m, n}` with spaces, and `{,n}` (minimum omitted), as RE2 writes them: `{m,n}`, `{0,n}`. */
function normalizeRepetitions(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      out += body.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '{') {
      const m = /^\{ *(\d*) *(?:(,) *(\d*) *)?\}/.exec(body.slice(i));
      if (m && (m[1] !== '' || m[3])) {
        out += `{${m[1] || '0'}${m[2] ?? ''}${m[3] ?? ''}}`;
        i += m[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/**
 * A `*` wildcard value (JSON and space-delimited patterns) as a whole-string test, also in linear time:
 * a `RegExp` such as `^.*a.*a.*a.*b$` backtracks polynomially on a long value.
 */
export function compileWildcard(value: string): (text: string) => boolean {
  // the common shapes need no automaton: `x`, `x*`, `*x`, `*x*`
  const parts = value.split('*');
  if (parts.length === 1) return (text) => text === value;
  if (parts.length === 2 && parts[1] === '') return (text) => text.startsWith(parts[0]);
  if (parts.length === 2 && parts[0] === '') return (text) => text.endsWith(parts[1]);
  if (parts.length === 3 && parts[0] === '' && parts[2] === '') return (text) => text.includes(parts[1]);
  const compiled = RE2JS.compile(parts.map((part) => RE2JS.quote(part)).join('.*'), RE2JS.DOTALL);
  return (text) => compiled.testExact(text);
}
