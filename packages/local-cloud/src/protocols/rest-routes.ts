import { AwsError } from '../core/aws-error';
import type { HttpRequest } from '../core/http';
import { headerSafe, percentDecode } from '../core/http';

/** Scalar types a query parameter or header is converted to before the service sees it. */
export type BindingType = 'string' | 'integer' | 'boolean' | 'timestamp' | 'list';

/** Where one input member comes from (path labels bind by name from the URI template). */
export type InputBinding =
  | { readonly query: string; readonly type?: BindingType }
  | { readonly header: string; readonly type?: BindingType }
  /** every header starting with the prefix, as a map from the rest of the name (S3 `x-amz-meta-`) */
  | { readonly headerPrefix: string }
  /** the body: raw bytes (`blob`) or a parsed document (`structure`: XML for restXml, JSON for restJson1) */
  | { readonly payload: 'blob' | 'structure' };

/** Where output members go; members not bound here form the body (restXml `xmlRoot`, restJson1 JSON). */
export interface OutputBindings {
  /** HTTP status on success. @default 200 */
  readonly status?: number;
  /** A member carrying the status instead (Lambda Invoke `StatusCode`, S3 GetObject's 206). */
  readonly responseCode?: string;
  /** member → header name; Dates become HTTP dates */
  readonly headers?: Readonly<Record<string, string>>;
  /** member (a map) → header prefix */
  readonly headerPrefix?: Readonly<Record<string, string>>;
  /** The member that is the whole body: bytes/string as is, a structure as XML (root = member name) or JSON. */
  readonly payload?: string;
  /** restXml: root element of a body made of the unbound members (`ListBucketResult`). */
  readonly xmlRoot?: string;
  /** restXml: a member written as the text of `xmlRoot` (S3 GetBucketLocation). */
  readonly xmlText?: string;
}

/**
 * One operation's HTTP binding, as in the model's `http` trait: method, URI template with `{Label}` and
 * greedy `{Label+}` segments and an optional literal query (`/{Bucket}?list-type=2`, `/{Bucket}?location`).
 */
export interface RestRoute {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /** Headers that must be present for this route (S3 CopyObject: `x-amz-copy-source`). */
  readonly requiredHeaders?: readonly string[];
  readonly input?: Readonly<Record<string, InputBinding>>;
  readonly output?: OutputBindings;
}

interface CompiledRoute {
  readonly route: RestRoute;
  readonly segments: ReadonlyArray<{ literal: string } | { label: string; greedy: boolean }>;
  readonly query: ReadonlyArray<[string, string | undefined]>;
}

const compiled = new WeakMap<readonly RestRoute[], CompiledRoute[]>();

function compile(routes: readonly RestRoute[]): CompiledRoute[] {
  let out = compiled.get(routes);
  if (out) return out;
  out = routes.map((route) => {
    const [path, literalQuery = ''] = route.path.split('?');
    const segments = path.split('/').slice(1).filter((s, i, all) => s !== '' || i < all.length - 1).map((s) => {
      const m = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(s);
      return m ? { label: m[1], greedy: m[2] === '+' } : { literal: s };
    });
    const query = literalQuery.split('&').filter(Boolean).map((kv): [string, string | undefined] => {
      const eq = kv.indexOf('=');
      return eq < 0 ? [kv, undefined] : [kv.slice(0, eq), kv.slice(eq + 1)];
    });
    return { route, segments, query };
  });
  // the most specific route first: more literal query requirements, more required headers
  out.sort((a, b) => b.query.length - a.query.length || (b.route.requiredHeaders?.length ?? 0) - (a.route.requiredHeaders?.length ?? 0));
  compiled.set(routes, out);
  return out;
}

/** Matches the raw path against a template; labels come back percent-decoded. */
function matchPath(segments: CompiledRoute['segments'], rawPath: string): Record<string, string> | undefined {
  const parts = rawPath.split('/').slice(1);
  const greedy = segments.some((s) => 'label' in s && s.greedy);
  // a trailing `/` is tolerated, except where it belongs to a greedy label (the S3 key `dir/`)
  if (!greedy && parts.length > 0 && parts[parts.length - 1] === '' && segments.length < parts.length) parts.pop();
  const labels: Record<string, string> = Object.create(null);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if ('literal' in seg) {
      if (parts[i] !== seg.literal) return undefined;
      continue;
    }
    if (seg.greedy) {
      const rest = parts.slice(i).join('/');
      if (rest === '') return undefined;
      labels[seg.label] = percentDecode(rest);
      return labels;
    }
    if (parts[i] === undefined || parts[i] === '') return undefined;
    labels[seg.label] = percentDecode(parts[i]);
  }
  return parts.length === segments.length || (segments.length === 0 && parts.length === 1 && parts[0] === '') ? labels : undefined;
}

export interface RouteMatch {
  readonly route: RestRoute;
  readonly labels: Record<string, string>;
}

/** The route for a request; `undefined` when none matches. A path may end in an extra `/`. */
export function findRoute(routes: readonly RestRoute[], req: HttpRequest): RouteMatch | undefined {
  for (const c of compile(routes)) {
    if (c.route.method !== req.method) continue;
    if (c.query.some(([k, v]) => !(k in req.query) || (v !== undefined && !req.query[k].includes(v)))) continue;
    if (c.route.requiredHeaders?.some((h) => !(h.toLowerCase() in req.headers))) continue;
    const labels = matchPath(c.segments, req.rawPath);
    if (labels) return { route: c.route, labels };
  }
  return undefined;
}

/**
 * Builds the input from labels, query, headers and payload. `parseStructure` turns the body into the
 * payload structure (XML or JSON, per protocol); `bodyMembers` receives a JSON body's remaining members.
 */
export function bindInput(
  match: RouteMatch,
  req: HttpRequest,
  parseStructure: (body: Buffer) => unknown,
  invalid: (message: string) => AwsError,
): Record<string, unknown> {
  const input: Record<string, unknown> = Object.create(null);
  Object.assign(input, match.labels);
  for (const [member, binding] of Object.entries(match.route.input ?? {})) {
    if ('query' in binding) {
      const values = req.query[binding.query];
      if (values === undefined) continue;
      input[member] = binding.type === 'list' ? values : convert(values[0], binding.type, `query parameter ${binding.query}`, invalid);
    } else if ('header' in binding) {
      const value = req.headers[binding.header.toLowerCase()];
      if (value === undefined) continue;
      input[member] = binding.type === 'list' ? value.split(',').map((v) => v.trim()) : convert(value, binding.type, `header ${binding.header}`, invalid);
    } else if ('headerPrefix' in binding) {
      const prefix = binding.headerPrefix.toLowerCase();
      const map: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (name.startsWith(prefix) && name.length > prefix.length) map[name.slice(prefix.length)] = value;
      if (Object.keys(map).length > 0) input[member] = map;
    } else if (binding.payload === 'blob') {
      input[member] = req.body;
    } else if (req.body.length > 0) {
      input[member] = parseStructure(req.body);
    }
  }
  return input;
}

function convert(value: string, type: BindingType | undefined, where: string, invalid: (m: string) => AwsError): unknown {
  switch (type) {
    case 'integer': {
      if (!/^-?\d{1,15}$/.test(value.trim())) throw invalid(`Invalid ${where}: '${value}' is not an integer`);
      return Number(value.trim());
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw invalid(`Invalid ${where}: '${value}' is not a boolean`);
      return value === 'true';
    case 'timestamp': {
      const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
      if (Number.isNaN(date.getTime())) throw invalid(`Invalid ${where}: '${value}' is not a date`);
      return date;
    }
    default:
      return value;
  }
}

/** The members the route binds outside the body. */
export function boundOutputMembers(out: OutputBindings | undefined): Set<string> {
  const set = new Set<string>();
  if (!out) return set;
  for (const m of Object.keys(out.headers ?? {})) set.add(m);
  for (const m of Object.keys(out.headerPrefix ?? {})) set.add(m);
  if (out.responseCode) set.add(out.responseCode);
  if (out.payload) set.add(out.payload);
  if (out.xmlText) set.add(out.xmlText);
  return set;
}

/** Status and headers from the output's bound members (timestamps as HTTP dates). */
export function bindOutputHeaders(out: OutputBindings | undefined, output: Record<string, unknown>): { status: number; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let status = out?.status ?? 200;
  if (out?.responseCode && typeof output[out.responseCode] === 'number') status = output[out.responseCode] as number;
  for (const [member, header] of Object.entries(out?.headers ?? {})) {
    const value = output[member];
    if (value === undefined || value === null) continue;
    headers[header.toLowerCase()] = headerSafe(value instanceof Date ? value.toUTCString() : String(value));
  }
  for (const [member, prefix] of Object.entries(out?.headerPrefix ?? {})) {
    const map = output[member];
    if (!map || typeof map !== 'object') continue;
    for (const [k, v] of Object.entries(map)) if (v !== undefined && v !== null) headers[`${prefix}${k}`.toLowerCase()] = headerSafe(String(v));
  }
  return { status, headers };
}
