import { createHash, randomBytes, randomInt } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `prefix` + `length` random upper-case letters and digits, as IAM ids look (`AROA…`, `ASIA…`). */
export function awsId(prefix: string, length: number): string {
  let out = prefix;
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[randomInt(UPPER_ALNUM.length)];
  return out;
}

/** The same id for the same seed: for resources that exist without having been created (bootstrap roles). */
export function stableAwsId(prefix: string, length: number, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = prefix;
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[digest[i] % UPPER_ALNUM.length];
  return out;
}

/** A random secret of `length` characters from the base64 alphabet (AWS secret keys are 40). */
export function secretString(length: number): string {
  return randomBytes(length).toString('base64').replace(/[^A-Za-z0-9+/]/g, '').slice(0, length);
}
