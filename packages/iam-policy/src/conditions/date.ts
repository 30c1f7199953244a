import { ContextScalar } from '../context';
import { OperatorSpec, orderedOperators } from './operator';

const EPOCH_SECONDS = /^[+-]?\d+(?:\.\d+)?$/;
// W3C profile of ISO 8601: YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.s+]][Z|±hh:mm]
const ISO_EXTENDED =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}:?\d{2})?)?)?$/;
// ISO 8601 basic format with time: YYYYMMDDThhmmss[Z|±hhmm]
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})()([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a date as IAM accepts it: ISO 8601 (W3C profile, e.g. `2020-01-01T00:00:00Z`; no
 * zone means UTC) or epoch seconds (`1577836800`). Returns epoch milliseconds, or undefined.
 * A bare four-digit number is epoch seconds, not a year.
 */
export function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (EPOCH_SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  const m = ISO_EXTENDED.exec(trimmed) ?? ISO_BASIC.exec(trimmed);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? (i === 3 ? 1 : 0)));
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0-99 to 1900-1999
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime() + fraction - offsetMinutes(m[8]) * 60_000;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return zone[0] === '-' ? -minutes : minutes;
}

function requestDate(value: ContextScalar): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value === 'string') return parseDate(value);
  return undefined;
}

/**
 * Date operators. Request values may be Dates, epoch seconds (numbers or numeric text) or
 * ISO 8601 text; "less than" means earlier.
 */
export const DATE_OPERATORS: readonly OperatorSpec[] = orderedOperators('Date', parseDate, requestDate, 'an ISO 8601 date or epoch seconds');
