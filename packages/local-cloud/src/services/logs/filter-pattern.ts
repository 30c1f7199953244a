/**
 * CloudWatch Logs filter patterns (FilterLogEvents' `filterPattern`), in their three forms:
 *
 * - terms: `ERROR`, `"exact phrase"`, `ERROR Exception` (AND), `?ERROR ?WARN` (OR), `ERROR -Retry` (exclusion),
 *   `%regex%`; case-sensitive, matched anywhere in the message;
 * - JSON: `{ $.level = "ERROR" && ($.latency > 100 || $.user.id = 2) }`, `!=`, `<`, `>`, `<=`, `>=`, `*`
 *   wildcards in strings, `%regex%` values, `IS NULL`, `NOT EXISTS`, `IS TRUE`, `IS FALSE`, arrays `$.a[0].b`;
 * - space-delimited: `[ip, user, ..., status = 4*, bytes > 1000, agent = %curl%]`.
 *
 * An empty pattern matches every event. Matching is linear in the event's length: regular expressions and
 * wildcards run on RE2 (`filter-regex.ts`), never on a backtracking `RegExp`.
 */
import { compileFilterRegex, compileWildcard, FilterRegexError, MAX_REGEX_PER_FILTER_PATTERN } from './filter-regex';

/** A compiled pattern. */
export interface FilterPattern {
  readonly kind: 'all' | 'terms' | 'json' | 'delimited';
  matches(message: string): boolean;
}

/**
 * The pattern cannot be parsed. CloudWatch Logs answers `InvalidParameterException` with `awsMessage` when its
 * wording for the case is known, else `Invalid filter pattern`.
 */
export class FilterPatternError extends Error {
  constructor(message: string, readonly awsMessage?: string) {
    super(message);
  }
}

/** Compiles a `%regex%` body, counting it against AWS's limit for one filter pattern. */
type RegexCompiler = (body: string) => (text: string) => boolean;

function regexCompiler(): RegexCompiler {
  let count = 0;
  return (body) => {
    if (++count > MAX_REGEX_PER_FILTER_PATTERN) {
      throw new FilterPatternError(`A filter pattern may contain at most ${MAX_REGEX_PER_FILTER_PATTERN} regular expressions`);
    }
    try {
      return compileFilterRegex(body);
    } catch (e) {
      if (e instanceof FilterRegexError) throw new FilterPatternError(e.message, e.awsMessage);
      throw e;
    }
  };
}

/**
 * Parses a filter pattern.
 *
 * @throws FilterPatternError when the pattern is not valid
 * @example
 * parseFilterPattern('{ $.level = "ERROR" }').matches('{"level":"ERROR"}') // true
 * parseFilterPattern('?timeout ?refused').matches('connection refused')  // true
 */
export function parseFilterPattern(pattern: string | undefined): FilterPattern {
  const text = (pattern ?? '').trim();
  if (text === '') return { kind: 'all', matches: () => true };
  const regex = regexCompiler();
  if (text.startsWith('{')) return jsonPattern(text, regex);
  if (text.startsWith('[')) return delimitedPattern(text, regex);
  return termPattern(text, regex);
}

// ---------------------------------------------------------------- terms

type TermTest = (message: string) => boolean;

function termPattern(text: string, compileRegex: RegexCompiler): FilterPattern {
  const required: TermTest[] = [];
  const optional: TermTest[] = [];
  const excluded: TermTest[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    let list = required;
    if (text[i] === '?' || text[i] === '-') {
      list = text[i] === '?' ? optional : excluded;
      i++;
      if (i >= text.length || /\s/.test(text[i])) throw new FilterPatternError(`Term operator '${text[i - 1]}' has no term`);
    }
    let test: TermTest;
    if (text[i] === '"') {
      const { value, end } = readQuoted(text, i);
      i = end;
      test = (m) => m.includes(value);
    } else if (text[i] === '%') {
      const end = text.indexOf('%', i + 1);
      if (end < 0 || end === i + 1) throw new FilterPatternError('Unterminated regular expression term');
      test = compileRegex(text.slice(i + 1, end));
      i = end + 1;
    } else {
      const start = i;
      while (i < text.length && !/\s/.test(text[i]) && text[i] !== '"') i++;
      const value = text.slice(start, i);
      if (/[{}[\]()]/.test(value)) throw new FilterPatternError(`Invalid character in term '${value}'`);
      test = (m) => m.includes(value);
    }
    list.push(test);
  }
  // "If you combine ? with other filter patterns [include or exclude terms], all question mark terms will be ignored"
  const ignoreOptional = optional.length === 0 || required.length > 0 || excluded.length > 0;
  return {
    kind: 'terms',
    matches: (m) => required.every((t) => t(m)) && (ignoreOptional || optional.some((t) => t(m))) && !excluded.some((t) => t(m)),
  };
}

/** Reads `"..."` starting at `start` (the quote); `\"` and `\\` are escapes. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '"') return { value, end: i + 1 };
    value += c;
    i++;
  }
  throw new FilterPatternError('Unterminated quoted string');
}

// ---------------------------------------------------------------- JSON

type Token =
  | { t: 'lparen' | 'rparen' | 'and' | 'or' }
  | { t: 'op'; op: ComparisonOperator }
  | { t: 'selector'; path: PathStep[]; text: string }
  | { t: 'string'; value: string }
  | { t: 'regex'; body: string }
  | { t: 'word'; value: string };

type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';
type PathStep = string | number;
type JsonTest = (doc: unknown) => boolean;

const MISSING = Symbol('missing');

function jsonPattern(text: string, compileRegex: RegexCompiler): FilterPattern {
  if (!text.endsWith('}')) throw new FilterPatternError('JSON filter pattern must end with }');
  const tokens = tokenizeJson(text.slice(1, -1));
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];

  const parseOr = (): JsonTest => {
    const parts = [parseAnd()];
    while (peek()?.t === 'or') {
      next();
      parts.push(parseAnd());
    }
    return parts.length === 1 ? parts[0] : (d) => parts.some((p) => p(d));
  };
  const parseAnd = (): JsonTest => {
    const parts = [parsePrimary()];
    while (peek()?.t === 'and') {
      next();
      parts.push(parsePrimary());
    }
    return parts.length === 1 ? parts[0] : (d) => parts.every((p) => p(d));
  };
  const parsePrimary = (): JsonTest => {
    const token = next();
    if (!token) throw new FilterPatternError('Unexpected end of JSON filter pattern');
    if (token.t === 'lparen') {
      const inner = parseOr();
      if (next()?.t !== 'rparen') throw new FilterPatternError('Missing )');
      return inner;
    }
    if (token.t !== 'selector') throw new FilterPatternError('Expected a selector such as $.field');
    return parsePredicate(token.path);
  };
  const parsePredicate = (path: PathStep[]): JsonTest => {
    const token = next();
    if (token?.t === 'op') return comparison(path, token.op, next(), compileRegex);
    if (token?.t === 'word' && token.value.toUpperCase() === 'IS') {
      const what = next();
      const word = what?.t === 'word' ? what.value.toUpperCase() : '';
      if (word === 'NULL') return (d) => resolve(d, path) === null;
      if (word === 'TRUE') return (d) => resolve(d, path) === true;
      if (word === 'FALSE') return (d) => resolve(d, path) === false;
      throw new FilterPatternError('IS must be followed by NULL, TRUE or FALSE');
    }
    if (token?.t === 'word' && token.value.toUpperCase() === 'NOT') {
      const what = next();
      if (what?.t === 'word' && what.value.toUpperCase() === 'EXISTS') return (d) => resolve(d, path) === MISSING;
      throw new FilterPatternError('NOT must be followed by EXISTS');
    }
    throw new FilterPatternError('Expected a comparison after the selector');
  };

  const test = parseOr();
  if (pos !== tokens.length) throw new FilterPatternError('Unexpected text in JSON filter pattern');
  return {
    kind: 'json',
    matches: (message) => {
      const trimmed = message.trimStart();
      if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
      let doc: unknown;
      try {
        doc = JSON.parse(message);
      } catch {
        return false;
      }
      return test(doc);
    },
  };
}

function comparison(path: PathStep[], op: ComparisonOperator, value: Token | undefined, compileRegex: RegexCompiler): JsonTest {
  if (value?.t === 'regex') {
    if (op !== '=' && op !== '!=') throw new FilterPatternError(`Operator ${op} needs a number`);
    const regex = compileRegex(value.body);
    const matches = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && regex(String(v));
    return (d) => {
      const v = resolve(d, path);
      if (v === MISSING) return false;
      return op === '=' ? matches(v) : !matches(v);
    };
  }
  if (!value || (value.t !== 'string' && value.t !== 'word')) throw new FilterPatternError('Expected a value after the operator');
  const literal = value.value;
  const number = value.t === 'word' && isNumber(literal) ? Number(literal) : undefined;
  if (op !== '=' && op !== '!=') {
    if (number === undefined) throw new FilterPatternError(`Operator ${op} needs a number`);
    return (d) => {
      const v = resolve(d, path);
      return typeof v === 'number' && compareNumbers(v, op, number);
    };
  }
  const glob = value.t === 'string' || number === undefined ? wildcard(literal) : undefined;
  const equals = (v: unknown): boolean => {
    if (number !== undefined) return typeof v === 'number' ? v === number : typeof v === 'string' && v === literal;
    if (typeof v === 'string') return glob!(v);
    if (typeof v === 'number' || typeof v === 'boolean') return glob!(String(v));
    return false;
  };
  return (d) => {
    const v = resolve(d, path);
    if (v === MISSING) return false;
    return op === '=' ? equals(v) : !equals(v);
  };
}

function resolve(doc: unknown, path: PathStep[]): unknown {
  let current: unknown = doc;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return MISSING;
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return MISSING;
      if (!Object.prototype.hasOwnProperty.call(current, step)) return MISSING;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

function tokenizeJson(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ t: c === '(' ? 'lparen' : 'rparen' });
      i++;
    } else if (body.startsWith('&&', i) || body.startsWith('||', i)) {
      tokens.push({ t: c === '&' ? 'and' : 'or' });
      i += 2;
    } else if (c === '"') {
      const { value, end } = readQuoted(body, i);
      tokens.push({ t: 'string', value });
      i = end;
    } else if (c === '%') {
      const end = body.indexOf('%', i + 1);
      if (end < 0 || end === i + 1) throw new FilterPatternError('Unterminated regular expression value');
      tokens.push({ t: 'regex', body: body.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '$') {
      const { path, end } = readSelector(body, i);
      tokens.push({ t: 'selector', path, text: body.slice(i, end) });
      i = end;
    } else if ('=!<>'.includes(c)) {
      const two = body.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ t: 'op', op: two });
        i += 2;
      } else if (c === '!') {
        throw new FilterPatternError('Unexpected !');
      } else {
        tokens.push({ t: 'op', op: c as ComparisonOperator });
        i++;
      }
    } else {
      const start = i;
      while (i < body.length && !/[\s()"=!<>&|{}]/.test(body[i])) i++;
      if (i === start) throw new FilterPatternError(`Unexpected character '${c}'`);
      tokens.push({ t: 'word', value: body.slice(start, i) });
    }
  }
  return tokens;
}

/** `$.a.b[0].c`: names and array indexes after `$`. */
function readSelector(body: string, start: number): { path: PathStep[]; end: number } {
  const path: PathStep[] = [];
  let i = start + 1;
  while (i < body.length) {
    if (body[i] === '.') {
      const from = ++i;
      while (i < body.length && /[A-Za-z0-9_\-@:$]/.test(body[i])) i++;
      if (i === from) throw new FilterPatternError('Selector has an empty property name');
      path.push(body.slice(from, i));
    } else if (body[i] === '[') {
      const close = body.indexOf(']', i);
      const index = close < 0 ? '' : body.slice(i + 1, close).trim();
      if (!/^\d+$/.test(index)) throw new FilterPatternError('Array index must be a number');
      path.push(Number(index));
      i = close + 1;
    } else {
      break;
    }
  }
  if (path.length === 0) throw new FilterPatternError('Selector must name a property: $.field');
  return { path, end: i };
}

// ---------------------------------------------------------------- space-delimited

interface DelimitedField {
  readonly name?: string;
  readonly ellipsis: boolean;
}

type FieldTest = (fields: Map<string, string>) => boolean;

function delimitedPattern(text: string, compileRegex: RegexCompiler): FilterPattern {
  if (!text.endsWith(']')) throw new FilterPatternError('Space-delimited filter pattern must end with ]');
  const fields: DelimitedField[] = [];
  const tests: FieldTest[] = [];
  for (const rawPart of splitTopLevel(text.slice(1, -1), ',')) {
    const part = rawPart.trim();
    if (part === '') throw new FilterPatternError('Empty field in space-delimited filter pattern');
    if (part === '...') {
      fields.push({ ellipsis: true });
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(part)?.[0];
    if (!name) throw new FilterPatternError(`Invalid field '${part}'`);
    fields.push({ name, ellipsis: false });
    const rest = part.slice(name.length).trim();
    if (rest !== '') tests.push(parseFieldConditions(part, compileRegex));
  }
  return {
    kind: 'delimited',
    matches: (message) => {
      const values = splitMessage(message);
      const bound = bindFields(fields, values);
      return bound !== undefined && tests.every((t) => t(bound));
    },
  };
}

/** `a = 1 && b != x* || c > 3` on one field, with && binding tighter than ||. */
function parseFieldConditions(text: string, compileRegex: RegexCompiler): FieldTest {
  const alternatives = splitTopLevel(text, '||').map((alt) =>
    splitTopLevel(alt, '&&').map((cond) => {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(!=|<=|>=|=|<|>)\s*(.+?)\s*$/.exec(cond);
      if (!m) throw new FilterPatternError(`Invalid condition '${cond.trim()}'`);
      const [, field, op, rawValue] = m;
      if (rawValue.length > 2 && rawValue.startsWith('%') && rawValue.endsWith('%')) {
        if (op !== '=' && op !== '!=') throw new FilterPatternError(`Operator ${op} needs a number`);
        const regex = compileRegex(rawValue.slice(1, -1));
        return (fields: Map<string, string>) => {
          const v = fields.get(field);
          return v !== undefined && (op === '=' ? regex(v) : !regex(v));
        };
      }
      const quoted = rawValue.startsWith('"');
      const value = quoted ? readQuoted(rawValue, 0).value : rawValue;
      const number = !quoted && isNumber(value) ? Number(value) : undefined;
      if (op !== '=' && op !== '!=' && number === undefined) throw new FilterPatternError(`Operator ${op} needs a number`);
      const glob = wildcard(value);
      return (fields: Map<string, string>) => {
        const v = fields.get(field);
        if (v === undefined) return false;
        if (number !== undefined) {
          if (!isNumber(v)) return op === '!=';
          return compareNumbers(Number(v), op as ComparisonOperator, number);
        }
        return op === '=' ? glob(v) : !glob(v);
      };
    }),
  );
  return (fields) => alternatives.some((all) => all.every((t) => t(fields)));
}

/** Splits on `separator` outside quotes. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (!quoted && text.startsWith(separator, i)) {
      parts.push(current);
      current = '';
      i += separator.length - 1;
      continue;
    }
    current += text[i];
  }
  if (quoted) throw new FilterPatternError('Unterminated quoted string');
  parts.push(current);
  return parts;
}

/** A log line's fields: split on spaces; `"..."` and `[...]` are one field each (without the delimiters). */
function splitMessage(message: string): string[] {
  const values: string[] = [];
  // once a closing delimiter is known to be absent from the rest, do not search for it again (keeps this linear)
  const absent = new Set<string>();
  let i = 0;
  while (i < message.length) {
    const c = message[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const close = c === '"' ? '"' : c === '[' ? ']' : undefined;
    if (close && !absent.has(close)) {
      const end = message.indexOf(close, i + 1);
      if (end > 0) {
        values.push(message.slice(i + 1, end));
        i = end + 1;
        continue;
      }
      absent.add(close);
    }
    const start = i;
    while (i < message.length && message[i] !== ' ' && message[i] !== '\t') i++;
    values.push(message.slice(start, i));
  }
  return values;
}

/**
 * Binds the named fields to the message's values. Named fields take one value each; the first `...` takes every
 * value the named fields leave over and later ones none (the first alignment a left-to-right search would find),
 * computed directly rather than searched (a search over several `...` grows with the number of values to the power
 * of the number of `...`).
 */
function bindFields(fields: DelimitedField[], values: string[]): Map<string, string> | undefined {
  const named = fields.filter((f) => !f.ellipsis).length;
  const hasEllipsis = named < fields.length;
  if (hasEllipsis ? values.length < named : values.length !== named) return undefined;
  let spare = values.length - named;
  const bound = new Map<string, string>();
  let v = 0;
  for (const field of fields) {
    if (field.ellipsis) {
      v += spare;
      spare = 0;
    } else {
      if (field.name) bound.set(field.name, values[v]);
      v++;
    }
  }
  return bound;
}

// ---------------------------------------------------------------- shared

function isNumber(text: string): boolean {
  return /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text);
}

function compareNumbers(a: number, op: ComparisonOperator, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

/** A `*` wildcard string as a whole-value test (RE2: linear in the value's length). */
function wildcard(value: string): (text: string) => boolean {
  return compileWildcard(value);
}
