import { compileGlob, GlobElement, literalGlob } from './wildcards';

/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, and the escapes
 * `${*}`, `${?}`, `${$}` for a literal `*`, `?`, `$`.
 *
 * Variables are only expanded in policies with `Version: "2012-10-17"`; in `2008-10-17`
 * (the default when Version is missing) the text is taken literally.
 */

/** A run of policy text after variable expansion. */
export interface TemplatePart {
  readonly text: string;
  /** True when the text came from a variable: its `*` and `?` are not wildcards. */
  readonly literal: boolean;
}

/** Looks a context key up for a variable; undefined when it has no single value. */
export type VariableResolver = (key: string) => string | undefined;

const VARIABLE = /^\s*([^\s,'{}]+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/;

/** Text without any variable expansion (Version 2008-10-17, or operators without variables). */
export function plainTemplate(text: string): TemplatePart[] {
  return [{ text, literal: false }];
}

/**
 * Expands the policy variables in `text`.
 *
 * @returns the expanded parts, or undefined when a variable cannot be resolved and has no
 *   default (IAM: the value then matches nothing).
 * @example
 * expandVariables('home/${aws:username}/*', (k) => (k === 'aws:username' ? 'a*b' : undefined));
 * // [{ text: 'home/', literal: false }, { text: 'a*b', literal: true }, { text: '/*', literal: false }]
 */
export function expandVariables(text: string, resolve: VariableResolver): TemplatePart[] | undefined {
  const parts: TemplatePart[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const end = text.startsWith('${', i) ? findClose(text, i + 2) : -1;
    if (end < 0) {
      plain += text[i++];
      continue;
    }
    const value = resolveOne(text.slice(i + 2, end), resolve);
    if (value === undefined) return undefined;
    if (plain) parts.push({ text: plain, literal: false });
    plain = '';
    parts.push({ text: value, literal: true });
    i = end + 1;
  }
  if (plain || parts.length === 0) parts.push({ text: plain, literal: false });
  return parts;
}

/** Joins expanded parts back into text (for operators without wildcards). */
export function templateText(parts: readonly TemplatePart[]): string {
  return parts.map((p) => p.text).join('');
}

/** Index of the `}` closing a variable body starting at `from`, skipping quoted defaults; -1 if none. */
function findClose(text: string, from: number): number {
  let quoted = false;
  for (let j = from; j < text.length; j++) {
    const ch = text[j];
    if (ch === "'") quoted = !quoted;
    else if (ch === '}' && !quoted) return j;
  }
  return -1;
}

function resolveOne(body: string, resolve: VariableResolver): string | undefined {
  const trimmed = body.trim();
  if (trimmed === '*' || trimmed === '?' || trimmed === '$') return trimmed;
  const match = VARIABLE.exec(body);
  if (!match) return undefined;
  const value = resolve(match[1]);
  if (value !== undefined) return value;
  return match[2] === undefined ? undefined : match[2].replace(/''/g, "'");
}

/** Compiles expanded parts into a wildcard pattern: wildcards only in non-variable text. */
export function templateGlob(parts: readonly TemplatePart[]): GlobElement[] {
  return parts.flatMap((p) => (p.literal ? literalGlob(p.text) : compileGlob(p.text)));
}
