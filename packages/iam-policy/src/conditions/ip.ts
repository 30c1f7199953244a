import { ContextScalar } from '../context';
import { TemplatePart, templateText } from '../variables';
import { OperatorSpec } from './operator';

/** An address as bytes: 4 for IPv4, 16 for IPv6. */
type Address = number[];

interface Cidr {
  readonly address: Address;
  readonly prefix: number;
}

function parseIpv4(text: string): Address | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function parseIpv6(text: string): Address | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  // an embedded IPv4 address may only end the address
  if (halves.length === 2 && halves[0].includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** Parses an IPv4 or IPv6 address (no prefix). */
export function parseIp(text: string): Address | undefined {
  const trimmed = text.trim();
  return trimmed.includes(':') ? parseIpv6(trimmed) : parseIpv4(trimmed);
}

/**
 * Parses CIDR notation (`203.0.113.0/24`, `2001:DB8::/32`). Without a prefix the range is the
 * single address (/32 or /128). Host bits set beyond the prefix are ignored.
 */
export function parseCidr(text: string): Cidr | undefined {
  const [addressText, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const address = parseIp(addressText);
  if (!address) return undefined;
  const max = address.length * 8;
  if (prefixText === undefined) return { address, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return undefined;
  return { address, prefix: Number(prefixText) };
}

/** An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) as its IPv4 address; others unchanged. */
function unmapIpv4(address: Address): Address {
  const mapped = address.length === 16 && address.slice(0, 10).every((b) => b === 0) && address[10] === 0xff && address[11] === 0xff;
  return mapped ? address.slice(12) : address;
}

/** Whether `address` lies in `range`; IPv4 and IPv6 never match each other (except IPv4-mapped IPv6). */
export function inRange(range: Cidr, address: Address): boolean {
  const candidate = range.address.length === 4 ? unmapIpv4(address) : address;
  if (candidate.length !== range.address.length) return false;
  for (let bit = 0; bit < range.prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((candidate[byte] & mask) !== (range.address[byte] & mask)) return false;
  }
  return true;
}

function matches(policy: readonly TemplatePart[], request: ContextScalar): boolean {
  if (typeof request !== 'string') return false;
  const range = parseCidr(templateText(policy));
  const address = parseIp(request);
  return range !== undefined && address !== undefined && inRange(range, address);
}

const validate = (value: string): string | undefined =>
  parseCidr(value) === undefined ? `"${value}" is not an IPv4 or IPv6 address or CIDR range` : undefined;

/** `IpAddress` / `NotIpAddress`: the request address (e.g. `aws:SourceIp`) is in a CIDR range. */
export const IP_OPERATORS: readonly OperatorSpec[] = [
  { name: 'IpAddress', negated: false, variables: false, validate, matches },
  { name: 'NotIpAddress', negated: true, variables: false, validate, matches },
];
