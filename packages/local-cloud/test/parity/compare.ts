// Field-by-field comparison of an actual answer with a recorded AWS answer, after normalising what differs per account and run.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const REGION = /\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?[a-z]+-\d\b/g;
const ACCOUNT = /\b\d{12}\b/g;

/** What differs between accounts, regions and runs, replaced by the placeholders recorded answers use. */
export function normalise(text: string): string {
  return text.replace(/\barn:aws:/g, 'arn:<partition>:').replace(UUID, '<uuid>').replace(REGION, '<region>').replace(ACCOUNT, '<account>');
}

/** One way the actual answer differs from the recorded one, at `path`. */
export type Difference = string;

/** The differences between `actual` and `recorded` (empty when they agree), each naming its path (`a.0.b`). */
export function compareBody(recorded: unknown, actual: unknown, path = ''): Difference[] {
  const at = path || '(body)';
  if (actual === undefined) return [`${at}: missing`];
  if (recorded === '<any>') return [];
  if (recorded === '<datetime>') return actual instanceof Date ? [] : [`${at}: ${show(actual)} is not a timestamp`];
  if (recorded === '<number>') return typeof actual === 'number' ? [] : [`${at}: ${show(actual)} is not a number`];
  if (recorded === '<blob>') return actual instanceof Uint8Array ? [] : [`${at}: ${show(actual)} is not bytes`];
  if (typeof recorded === 'string') {
    return typeof actual === 'string' && normalise(actual) === recorded ? [] : [`${at}: ${show(actual)}, AWS: ${show(recorded)}`];
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual)) return [`${at}: ${show(actual)} is not a list`];
    if (actual.length !== recorded.length) return [`${at}: ${actual.length} items, AWS: ${recorded.length}`];
    return recorded.flatMap((item, i) => compareBody(item, actual[i], join(path, String(i))));
  }
  if (recorded !== null && typeof recorded === 'object') {
    if (actual === null || typeof actual !== 'object' || actual instanceof Date) return [`${at}: ${show(actual)} is not a structure`];
    const want = recorded as Record<string, unknown>;
    const got = actual as Record<string, unknown>;
    const extra = Object.keys(got)
      .filter((k) => got[k] !== undefined && !(k in want))
      .map((k) => `${join(path, k)}: present (${show(got[k])}), AWS has no such key`);
    return [...extra, ...Object.keys(want).flatMap((k) => compareBody(want[k], got[k], join(path, k)))];
  }
  return actual === recorded ? [] : [`${at}: ${show(actual)}, AWS: ${show(recorded)}`];
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const show = (v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : JSON.stringify(v)?.slice(0, 200) ?? String(v));
