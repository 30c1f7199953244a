import type { EventPosition, StoredEventRow } from './log-store';
import { invalidToken } from './errors';

/** Tokens CloudWatch Logs hands out: opaque to clients, decoded only here. */

export function sequenceToken(count: number): string {
  return String(count).padStart(56, '0');
}

export function eventId(id: number): string {
  return String(id).padStart(56, '0');
}

export function position(row: StoredEventRow): EventPosition {
  return { timestamp: row.timestamp, id: row.id };
}

/** GetLogEvents' `nextForwardToken` (`f/…`) and `nextBackwardToken` (`b/…`). */
export function encodeStreamToken(direction: 'f' | 'b', p: EventPosition): string {
  return `${direction}/${encodePosition(p)}`;
}

export function decodeStreamToken(token: string): { direction: 'f' | 'b'; position: EventPosition } {
  const m = /^([fb])\/(.+)$/.exec(token);
  const p = m && decodePosition(m[2]);
  if (!m || !p) throw invalidToken();
  return { direction: m[1] as 'f' | 'b', position: p };
}

/** FilterLogEvents' `nextToken`: the position of the last event scanned. */
export function encodeFilterToken(p: EventPosition): string {
  return Buffer.from(encodePosition(p), 'utf8').toString('base64url');
}

export function decodeFilterToken(token: string): EventPosition {
  const p = decodePosition(Buffer.from(token, 'base64url').toString('utf8'));
  if (!p) throw invalidToken();
  return p;
}

function encodePosition(p: EventPosition): string {
  return `${p.timestamp}.${p.id}`;
}

function decodePosition(text: string): EventPosition | undefined {
  const m = /^(-?\d+)\.(-?\d+)$/.exec(text);
  if (!m) return undefined;
  const timestamp = Number(m[1]);
  const id = Number(m[2]);
  return Number.isSafeInteger(timestamp) && Number.isSafeInteger(id) ? { timestamp, id } : undefined;
}

/** DescribeLogGroups' `nextToken`: the last group name returned. */
export function encodeNameToken(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

export function decodeNameToken(token: string): string {
  return Buffer.from(token, 'base64url').toString('utf8');
}

/** DescribeLogStreams' `nextToken`: an offset into the ordered streams. */
export function encodeOffsetToken(offset: number): string {
  return Buffer.from(`o${offset}`, 'utf8').toString('base64url');
}

export function decodeOffsetToken(token: string): number {
  const m = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw invalidToken();
  return Number(m[1]);
}
