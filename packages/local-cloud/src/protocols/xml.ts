import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AwsError } from '../core/aws-error';

/**
 * How one member is written in XML when the default does not fit. The default: a member is an element
 * named after it; a list is wrapped (`<Name><member>…</member></Name>`); a `Map` is
 * `<Name><entry><key/><value/></entry></Name>`.
 */
export interface XmlMemberHint {
  /** The element name (S3 `Rules` is written as `<Rule>`). */
  readonly name?: string;
  /** Items repeat without a wrapper (S3 `Contents`, `CommonPrefixes`). */
  readonly flattened?: boolean;
  /** The element name of a wrapped list's items (S3 `Buckets` → `<Bucket>`). */
  readonly member?: string;
}

/** Hints by member name, valid at any depth of any output of one service. */
export type XmlHints = Readonly<Record<string, XmlMemberHint>>;

/** Escapes text for an element body or a double-quoted attribute. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case "'": return '&apos;';
      default: return `&#x${c.charCodeAt(0).toString(16)};`;
    }
  });
}

/** The text of a scalar: ISO 8601 timestamps, `true`/`false`, base64 blobs. */
export function xmlScalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return xmlEscape(String(value));
}

function isStructure(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Uint8Array)
    && !Array.isArray(value) && !(value instanceof Map);
}

/** Writes the members of a structure as child elements (undefined and null members are omitted). */
export function xmlMembers(struct: Record<string, unknown>, hints: XmlHints): string {
  let out = '';
  for (const [key, value] of Object.entries(struct)) out += xmlMember(key, value, hints);
  return out;
}

/** Writes one member, following its hint. Empty structures are omitted (old SDK v3 read them as strings). */
export function xmlMember(key: string, value: unknown, hints: XmlHints): string {
  if (value === undefined || value === null) return '';
  const hint = (Object.hasOwn(hints, key) ? hints[key] : undefined) ?? {};
  const name = hint.name ?? key;
  if (Array.isArray(value)) {
    if (hint.flattened) return value.map((item) => xmlItem(name, item, hints)).join('');
    if (value.length === 0) return `<${name}/>`;
    const item = hint.member ?? 'member';
    return `<${name}>${value.map((v) => xmlItem(item, v, hints)).join('')}</${name}>`;
  }
  if (value instanceof Map) {
    let entries = '';
    for (const [k, v] of value) entries += `<entry>${xmlItem('key', k, hints)}${xmlItem('value', v, hints)}</entry>`;
    return `<${name}>${entries}</${name}>`;
  }
  if (isStructure(value)) {
    const inner = xmlMembers(value, hints);
    return inner ? `<${name}>${inner}</${name}>` : '';
  }
  return `<${name}>${xmlScalar(value)}</${name}>`;
}

/** A list item or map entry part: always written, even when it is an empty structure. */
function xmlItem(name: string, value: unknown, hints: XmlHints): string {
  if (isStructure(value)) return `<${name}>${xmlMembers(value, hints)}</${name}>`;
  if (value === undefined || value === null) return `<${name}/>`;
  return xmlMember(name, value, {});
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses a request's XML body into plain objects (repeated elements become arrays; text stays text).
 * Malformed XML, or any DTD, is the caller's fault: `MalformedXML`.
 */
export function parseXml(body: Buffer | string, errorCode = 'MalformedXML'): Record<string, unknown> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const malformed = () =>
    new AwsError(errorCode, 'The XML you provided was not well-formed or did not validate against our published schema');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw malformed();
  if (XMLValidator.validate(text) !== true) throw malformed();
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch {
    throw malformed();
  }
  if (!isStructure(parsed)) throw malformed();
  return dropLayoutText(parsed) as Record<string, unknown>;
}

/** Removes the whitespace between elements that `trimValues: false` keeps as `#text`. */
function dropLayoutText(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropLayoutText);
  if (!isStructure(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '#text' && typeof v === 'string' && v.trim() === '') continue;
    out[k] = dropLayoutText(v);
  }
  return out;
}

/** A parsed XML element that may occur once or many times, as a list. */
export function xmlList<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}
