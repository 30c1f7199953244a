import { AwsError } from '../core/aws-error';
import type { HttpRequest } from '../core/http';
import { percentDecode } from '../core/http';
import type { ProtocolCodec } from './codec';
import { xmlEscape, xmlMembers } from './xml';

/**
 * awsQuery (STS, IAM, CloudFormation): form-encoded `Action=…&Version=…` in, `<OpResponse><OpResult>` XML out,
 * errors as `<ErrorResponse><Error><Type/><Code/><Message/></Error>`.
 */
export const awsQuery: ProtocolCodec = {
  decode(req, service) {
    const params = queryProtocolParams(req);
    const action = params.find(([k]) => k === 'Action')?.[1];
    if (!action) throw new AwsError('MissingAction', 'Missing Action');
    const input = decodeQueryInput(params.filter(([k]) => k !== 'Action' && k !== 'Version'));
    if (!/^[A-Za-z0-9]+$/.test(action)) throw this.unknownOperation(service, action);
    return { operation: action, input };
  },

  encode(_req, service, call, output, requestId) {
    const op = call.operation;
    const result = output && typeof output === 'object' ? `<${op}Result>${xmlMembers(output as Record<string, unknown>, service.xmlHints ?? {})}</${op}Result>` : '';
    const body = `<${op}Response xmlns="${service.xmlNamespace ?? ''}">${result}`
      + `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml' }, body };
  },

  encodeError(_req, service, error, requestId) {
    const fields = Object.entries(error.fields).map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('');
    const ns = service?.xmlNamespace ? ` xmlns="${service.xmlNamespace}"` : '';
    const body = `<ErrorResponse${ns}><Error><Type>${error.fault}</Type><Code>${xmlEscape(error.code)}</Code>`
      + `<Message>${xmlEscape(error.message)}</Message>${fields}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status: error.status, headers: { 'content-type': 'text/xml', ...error.headers }, body };
  },

  unknownOperation(service, operation) {
    return new AwsError('InvalidAction', `Could not find operation ${operation} for version ${service.apiVersion ?? ''}`);
  },
};

/** The request's parameters: the query string, then a form body (botocore sends `+` for spaces). */
export function queryProtocolParams(req: HttpRequest): Array<[string, string]> {
  const params: Array<[string, string]> = [];
  for (const [k, values] of Object.entries(req.query)) for (const v of values) params.push([k, v]);
  const type = req.headers['content-type'] ?? '';
  if (req.body.length > 0 && (type === '' || type.toLowerCase().startsWith('application/x-www-form-urlencoded'))) {
    for (const part of req.body.toString('utf8').split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const decode = (s: string) => percentDecode(s.replace(/\+/g, ' '));
      params.push([decode(eq < 0 ? part : part.slice(0, eq)), eq < 0 ? '' : decode(part.slice(eq + 1))]);
    }
  }
  return params;
}

type Node = { kind: 'value'; value: string } | { kind: 'struct'; fields: Map<string, Node> } | { kind: 'list'; items: Map<number, Node>; map: boolean };

/**
 * Turns flat awsQuery keys into nested input: `A.B=v` → `{A: {B: 'v'}}`, `L.member.1=v` and flattened `L.1=v`
 * → `{L: ['v']}`, `M.entry.1.key=k&M.entry.1.value=v` → `{M: {k: 'v'}}`, a bare `L=` → `[]`-less `''`.
 * Scalars stay strings: the model types them, and the service reads them as it needs.
 */
export function decodeQueryInput(params: Array<[string, string]>): Record<string, unknown> {
  const root: Node = { kind: 'struct', fields: new Map() };
  for (const [key, value] of params) {
    const segments = key.split('.');
    let node: Node = root;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      const last = i === segments.length - 1;
      if (node.kind === 'list') {
        // inside a list: `member.N` / `entry.N` (or a flattened `N`) picks the item
        let index = seg;
        if ((seg === 'member' || seg === 'entry') && !last && /^\d+$/.test(segments[i + 1])) {
          if (seg === 'entry') node.map = true;
          index = segments[++i];
        }
        if (!/^\d+$/.test(index)) break;
        const n = Number(index);
        if (i === segments.length - 1) {
          node.items.set(n, { kind: 'value', value });
          break;
        }
        let child: Node | undefined = node.items.get(n);
        if (!child || child.kind === 'value') node.items.set(n, child = nextContainer(segments[i + 1], segments[i + 2]));
        node = child;
        continue;
      }
      if (node.kind !== 'struct') break;
      if (last) {
        if (!node.fields.has(seg)) node.fields.set(seg, { kind: 'value', value });
        break;
      }
      let child: Node | undefined = node.fields.get(seg);
      if (!child || child.kind === 'value') node.fields.set(seg, child = nextContainer(segments[i + 1], segments[i + 2]));
      node = child;
    }
  }
  return toValue(root) as Record<string, unknown>;
}

function nextContainer(next: string, after: string | undefined): Node {
  const isList = /^\d+$/.test(next) || ((next === 'member' || next === 'entry') && after !== undefined && /^\d+$/.test(after));
  return isList ? { kind: 'list', items: new Map(), map: next === 'entry' } : { kind: 'struct', fields: new Map() };
}

function toValue(node: Node): unknown {
  if (node.kind === 'value') return node.value;
  if (node.kind === 'struct') {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of node.fields) out[k] = toValue(v);
    return out;
  }
  const items = [...node.items.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => toValue(v));
  if (!node.map) return items;
  const out: Record<string, unknown> = Object.create(null);
  for (const item of items) {
    if (item && typeof item === 'object' && 'key' in item) out[String((item as Record<string, unknown>).key)] = (item as Record<string, unknown>).value;
  }
  return out;
}
