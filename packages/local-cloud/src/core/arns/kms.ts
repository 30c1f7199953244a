import { buildArn, parseArn } from '../arn';

/** `arn:aws:kms:<region>:<account>:key/<id>`. */
export function keyArn(region: string, accountId: string, keyId: string): string {
  return buildArn('kms', region, accountId, `key/${keyId}`);
}

/** `arn:aws:kms:<region>:<account>:alias/<name>` for an alias name that already starts with `alias/`. */
export function aliasArn(region: string, accountId: string, aliasName: string): string {
  return buildArn('kms', region, accountId, aliasName);
}

/** What a KMS key or alias ARN names; `undefined` for anything else. */
export type KmsArn =
  | { readonly kind: 'key'; readonly region: string; readonly accountId: string; readonly keyId: string }
  | { readonly kind: 'alias'; readonly region: string; readonly accountId: string; readonly aliasName: string };

export function parseKmsArn(arn: string): KmsArn | undefined {
  const parsed = parseArn(arn);
  if (!parsed || !parsed.partition.startsWith('aws') || parsed.service !== 'kms' || !parsed.region || !/^\d{12}$/.test(parsed.account)) return undefined;
  if (parsed.resource.startsWith('key/') && parsed.resource.length > 'key/'.length) {
    return { kind: 'key', region: parsed.region, accountId: parsed.account, keyId: parsed.resource.slice('key/'.length) };
  }
  if (parsed.resource.startsWith('alias/') && parsed.resource.length > 'alias/'.length) {
    return { kind: 'alias', region: parsed.region, accountId: parsed.account, aliasName: parsed.resource };
  }
  return undefined;
}
