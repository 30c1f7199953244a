import { ContextScalar } from '../context';
import { TemplatePart, templateText } from '../variables';
import { OperatorSpec } from './operator';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/**
 * Decodes standard base64 (padding optional; whitespace ignored). Returns the bytes, or
 * undefined when the text is not base64.
 */
export function decodeBase64(text: string): number[] | undefined {
  const clean = text.replace(/\s+/g, '');
  if (!BASE64.test(clean)) return undefined;
  const digits = clean.replace(/=+$/, '');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of digits) {
    buffer = (buffer << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}

/**
 * `BinaryEquals`: the request value, base64 text, decodes to the same bytes as the policy's
 * base64 value (so `QQ==` equals `QQ`).
 */
export const BINARY_OPERATORS: readonly OperatorSpec[] = [
  {
    name: 'BinaryEquals',
    negated: false,
    variables: false,
    validate: (value) => (decodeBase64(value) === undefined ? `"${value}" is not base64` : undefined),
    matches: (policy: readonly TemplatePart[], request: ContextScalar) => {
      if (typeof request !== 'string') return false;
      const p = decodeBase64(templateText(policy));
      const r = decodeBase64(request);
      return p !== undefined && r !== undefined && p.length === r.length && p.every((b, i) => b === r[i]);
    },
  },
];
