import { createHmac } from 'node:crypto';
import type { AliasListEntry, KeyListEntry, KeyMetadata as SdkKeyMetadata, RotationsListEntry, Tag } from '@aws-sdk/client-kms';
import type { AliasRecord, KeyMaterialRecord, KeyRecord } from './key-store';
import { aliasArn } from './key-store';

export const SYMMETRIC_DEFAULT = 'SYMMETRIC_DEFAULT';
const DAY_MS = 24 * 60 * 60 * 1000;

/** DescribeKey's `KeyMetadata`, as local-cloud fills it (symmetric keys in KMS's own key store). */
export type KeyMetadata = SdkKeyMetadata & {
  AWSAccountId: string;
  KeyId: string;
  Arn: string;
  CreationDate: Date;
  Enabled: boolean;
  KeyState: string;
  /** The id of the key material in use (AWS, 2025): 64 hex characters. */
  CurrentKeyMaterialId: string;
};

/**
 * The KeyMaterialId of a key's material version: 64 hex characters as AWS's (BackingKeyIdType), derived one-way
 * from the material so it is stable and reveals nothing.
 */
export function keyMaterialId(material: Buffer, version: number): string {
  return createHmac('sha256', material).update(`local-cloud key material ${version}`).digest('hex');
}

/** The id of the material a key encrypts with now. */
export function currentKeyMaterialId(key: KeyRecord): string {
  return keyMaterialId(key.material, key.materialVersion);
}

/**
 * GetKeyRotationStatus's NextRotationDate: the first whole rotation period after rotation was enabled that is still
 * ahead (automatic rotation is not performed here, so the schedule just moves on; on-demand rotations leave it as is).
 */
export function nextRotationDate(key: KeyRecord, now = Date.now()): Date {
  const start = key.rotationEnabledDate ?? key.creationDate;
  const period = (key.rotationPeriodInDays ?? 365) * DAY_MS;
  return new Date(start + Math.max(1, Math.ceil((now - start) / period)) * period);
}

export function keyMetadata(key: KeyRecord): KeyMetadata {
  const meta: KeyMetadata = {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.creationDate),
    Enabled: key.keyState === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage as KeyMetadata['KeyUsage'],
    KeyState: key.keyState,
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.keySpec as KeyMetadata['CustomerMasterKeySpec'],
    KeySpec: key.keySpec as KeyMetadata['KeySpec'],
    EncryptionAlgorithms: [SYMMETRIC_DEFAULT],
    MultiRegion: false,
    CurrentKeyMaterialId: currentKeyMaterialId(key),
  };
  if (key.keyState === 'PendingDeletion' && key.deletionDate !== undefined) {
    meta.DeletionDate = new Date(key.deletionDate);
    meta.PendingDeletionWindowInDays = key.pendingWindowInDays;
  }
  return meta;
}

export const keyListEntry = (key: KeyRecord): KeyListEntry => ({ KeyId: key.keyId, KeyArn: key.arn });

export const aliasListEntry = (a: AliasRecord): AliasListEntry => ({
  AliasName: a.aliasName,
  AliasArn: aliasArn(a.region, a.accountId, a.aliasName),
  TargetKeyId: a.keyId,
  CreationDate: new Date(a.creationDate),
  LastUpdatedDate: new Date(a.lastUpdatedDate),
});

export const tagEntry = (t: { TagKey: string; TagValue: string }): Tag => ({ TagKey: t.TagKey, TagValue: t.TagValue });

/**
 * A ListKeyRotations entry (RotationsListEntry, kms/2014-11-01): the key id, the material's id and state; a material
 * made by a rotation also has RotationDate and RotationType (the first material has neither).
 */
export function rotationEntry(key: KeyRecord, material: KeyMaterialRecord): RotationsListEntry {
  return {
    KeyId: key.keyId,
    KeyMaterialId: keyMaterialId(material.material, material.materialVersion),
    KeyMaterialState: material.materialVersion === key.materialVersion ? 'CURRENT' : 'NON_CURRENT',
    ...(material.rotationDate !== undefined ? { RotationDate: new Date(material.rotationDate) } : {}),
    ...(material.rotationType !== undefined ? { RotationType: material.rotationType } : {}),
  };
}
