import { aliasArn, keyArn } from '../../core/arns/kms';

export { aliasArn, keyArn };
import type { Store } from '../../store/store';

/** Key states this emulator produces (symmetric keys in AWS KMS's own key store). */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

/** One KMS key as stored. Times are epoch milliseconds. */
export interface KeyRecord {
  readonly keyId: string;
  readonly accountId: string;
  readonly region: string;
  readonly arn: string;
  readonly description: string;
  readonly keyUsage: string;
  readonly keySpec: string;
  readonly keyState: KeyState;
  readonly creationDate: number;
  readonly deletionDate?: number;
  readonly pendingWindowInDays?: number;
  readonly policy: string;
  readonly rotationEnabled: boolean;
  readonly rotationPeriodInDays?: number;
  /** When automatic rotation was last turned on (epoch ms): its schedule counts from here. */
  readonly rotationEnabledDate?: number;
  /** The 256-bit AES key material: KMS's "HSM" is this database. */
  readonly material: Buffer;
  readonly materialVersion: number;
}

export interface AliasRecord {
  readonly accountId: string;
  readonly region: string;
  readonly aliasName: string;
  readonly keyId: string;
  readonly creationDate: number;
  readonly lastUpdatedDate: number;
}

interface KeyRow {
  key_id: string;
  account_id: string;
  region: string;
  description: string;
  key_usage: string;
  key_spec: string;
  key_state: KeyState;
  creation_date: number;
  deletion_date: number | null;
  pending_window_days: number | null;
  policy: string;
  rotation_enabled: number;
  rotation_period_days: number | null;
  rotation_enabled_date: number | null;
  material: Buffer;
  material_version: number;
}

interface AliasRow {
  account_id: string;
  region: string;
  alias_name: string;
  key_id: string;
  creation_date: number;
  last_updated_date: number;
}

const SCHEMA = `
CREATE TABLE kms_keys (
  key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  description TEXT NOT NULL,
  key_usage TEXT NOT NULL,
  key_spec TEXT NOT NULL,
  key_state TEXT NOT NULL,
  creation_date INTEGER NOT NULL,
  deletion_date INTEGER,
  pending_window_days INTEGER,
  policy TEXT NOT NULL,
  rotation_enabled INTEGER NOT NULL DEFAULT 0,
  rotation_period_days INTEGER,
  material BLOB NOT NULL,
  material_version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX kms_keys_by_account ON kms_keys (account_id, region, key_id);
CREATE TABLE kms_aliases (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  alias_name TEXT NOT NULL,
  key_id TEXT NOT NULL REFERENCES kms_keys (key_id) ON DELETE CASCADE,
  creation_date INTEGER NOT NULL,
  last_updated_date INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, alias_name)
);
CREATE INDEX kms_aliases_by_key ON kms_aliases (key_id);
CREATE TABLE kms_tags (
  key_id TEXT NOT NULL REFERENCES kms_keys (key_id) ON DELETE CASCADE,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (key_id, tag_key)
);
`;

/** When automatic rotation was turned on, for GetKeyRotationStatus's NextRotationDate. */
const ROTATION_ENABLED_DATE = 'ALTER TABLE kms_keys ADD COLUMN rotation_enabled_date INTEGER;';

/**
 * Every key material a key has had, so a ciphertext sealed before a rotation still decrypts (kms_keys keeps the
 * current one). The first material gets its row when the key is first rotated; it has no rotation date or type.
 */
const KEY_MATERIALS = `
CREATE TABLE kms_key_materials (
  key_id TEXT NOT NULL REFERENCES kms_keys (key_id) ON DELETE CASCADE,
  material_version INTEGER NOT NULL,
  material BLOB NOT NULL,
  rotation_date INTEGER,
  rotation_type TEXT,
  PRIMARY KEY (key_id, material_version)
);
`;

/** How a key material came to be: AWS's RotationType (absent for a key's first material). */
export type RotationType = 'AUTOMATIC' | 'ON_DEMAND';

/** One material version of a key. */
export interface KeyMaterialRecord {
  readonly materialVersion: number;
  readonly material: Buffer;
  readonly rotationDate?: number;
  readonly rotationType?: RotationType;
}

/** The KMS tables: keys (with their material and policy), aliases and tags. */
export class KeyStore {
  constructor(private readonly store: Store) {
    store.migrate('kms/001-keys-aliases-tags', SCHEMA);
    store.migrate('kms/002-rotation-enabled-date', ROTATION_ENABLED_DATE);
    store.migrate('kms/003-key-materials', KEY_MATERIALS);
  }


  public insertKey(key: KeyRecord, tags: ReadonlyArray<{ TagKey: string; TagValue: string }>): void {
    this.store.transaction(() => {
      this.store.prepared(
          `INSERT INTO kms_keys (key_id, account_id, region, description, key_usage, key_spec, key_state,
             creation_date, deletion_date, pending_window_days, policy, rotation_enabled, rotation_period_days,
             material, material_version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, 0, NULL, ?, ?)`,
        )
        .run(key.keyId, key.accountId, key.region, key.description, key.keyUsage, key.keySpec, key.keyState,
          key.creationDate, key.policy, key.material, key.materialVersion);
      this.putTags(key.keyId, tags);
    });
  }

  /** The key with this id, anywhere (key ids are UUIDs, unique across accounts and regions). */
  public getKey(keyId: string): KeyRecord | undefined {
    const row = this.store.prepared('SELECT * FROM kms_keys WHERE key_id = ?').get(keyId) as KeyRow | undefined;
    return row && toKey(row);
  }

  public listKeys(accountId: string, region: string): KeyRecord[] {
    const rows = this.store.prepared('SELECT * FROM kms_keys WHERE account_id = ? AND region = ? ORDER BY key_id')
      .all(accountId, region) as KeyRow[];
    return rows.map(toKey);
  }

  public updateKey(keyId: string, change: {
    keyState?: KeyState;
    deletionDate?: number | null;
    pendingWindowInDays?: number | null;
    policy?: string;
    rotationEnabled?: boolean;
    rotationPeriodInDays?: number | null;
    rotationEnabledDate?: number | null;
    description?: string;
  }): void {
    const sets: string[] = [];
    const values: unknown[] = [];
    const column = (name: string, value: unknown) => {
      sets.push(`${name} = ?`);
      values.push(value);
    };
    if (change.keyState !== undefined) column('key_state', change.keyState);
    if (change.deletionDate !== undefined) column('deletion_date', change.deletionDate);
    if (change.pendingWindowInDays !== undefined) column('pending_window_days', change.pendingWindowInDays);
    if (change.policy !== undefined) column('policy', change.policy);
    if (change.rotationEnabled !== undefined) column('rotation_enabled', change.rotationEnabled ? 1 : 0);
    if (change.rotationPeriodInDays !== undefined) column('rotation_period_days', change.rotationPeriodInDays);
    if (change.rotationEnabledDate !== undefined) column('rotation_enabled_date', change.rotationEnabledDate);
    if (change.description !== undefined) column('description', change.description);
    if (sets.length === 0) return;
    this.store.prepared(`UPDATE kms_keys SET ${sets.join(', ')} WHERE key_id = ?`).run(...values, keyId);
  }

  /** Deletes the key, its material, aliases and tags for good (the end of a deletion window). */
  public deleteKey(keyId: string): void {
    this.store.prepared('DELETE FROM kms_keys WHERE key_id = ?').run(keyId);
  }

  /** The material of one version of a key (the current one is on the key itself). */
  public materialOf(key: KeyRecord, materialVersion: number): Buffer | undefined {
    if (materialVersion === key.materialVersion) return key.material;
    const row = this.store.prepared('SELECT material FROM kms_key_materials WHERE key_id = ? AND material_version = ?')
      .get(key.keyId, materialVersion) as { material: Buffer } | undefined;
    return row?.material;
  }

  /** Makes `material` the key's current material; earlier versions stay for decryption. */
  public rotateMaterial(key: KeyRecord, material: Buffer, rotationType: RotationType, rotationDate: number): void {
    this.store.transaction(() => {
      this.store.prepared('INSERT OR IGNORE INTO kms_key_materials (key_id, material_version, material) VALUES (?, ?, ?)')
        .run(key.keyId, key.materialVersion, key.material);
      const next = key.materialVersion + 1;
      this.store.prepared('INSERT INTO kms_key_materials (key_id, material_version, material, rotation_date, rotation_type) VALUES (?, ?, ?, ?, ?)')
        .run(key.keyId, next, material, rotationDate, rotationType);
      this.store.prepared('UPDATE kms_keys SET material = ?, material_version = ? WHERE key_id = ?').run(material, next, key.keyId);
    });
  }

  /** The key's material versions, oldest first (just the current one for a key never rotated). */
  public listMaterials(key: KeyRecord): KeyMaterialRecord[] {
    const rows = this.store.prepared('SELECT * FROM kms_key_materials WHERE key_id = ? ORDER BY material_version').all(key.keyId) as Array<{
      material_version: number; material: Buffer; rotation_date: number | null; rotation_type: RotationType | null;
    }>;
    if (rows.length === 0) return [{ materialVersion: key.materialVersion, material: key.material }];
    return rows.map((r) => ({
      materialVersion: r.material_version,
      material: r.material,
      ...(r.rotation_date !== null ? { rotationDate: r.rotation_date } : {}),
      ...(r.rotation_type !== null ? { rotationType: r.rotation_type } : {}),
    }));
  }

  public getAlias(accountId: string, region: string, aliasName: string): AliasRecord | undefined {
    const row = this.store.prepared('SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?')
      .get(accountId, region, aliasName) as AliasRow | undefined;
    return row && toAlias(row);
  }

  public listAliases(accountId: string, region: string, keyId?: string): AliasRecord[] {
    const rows = (keyId === undefined
      ? this.store.prepared('SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? ORDER BY alias_name')
        .all(accountId, region)
      : this.store.prepared('SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? AND key_id = ? ORDER BY alias_name')
        .all(accountId, region, keyId)) as AliasRow[];
    return rows.map(toAlias);
  }

  public insertAlias(alias: AliasRecord): void {
    this.store.prepared(
        `INSERT INTO kms_aliases (account_id, region, alias_name, key_id, creation_date, last_updated_date)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(alias.accountId, alias.region, alias.aliasName, alias.keyId, alias.creationDate, alias.lastUpdatedDate);
  }

  public deleteAlias(accountId: string, region: string, aliasName: string): void {
    this.store.prepared('DELETE FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?')
      .run(accountId, region, aliasName);
  }

  public putTags(keyId: string, tags: ReadonlyArray<{ TagKey: string; TagValue: string }>): void {
    const put = this.store.prepared(
      'INSERT INTO kms_tags (key_id, tag_key, tag_value) VALUES (?, ?, ?) ON CONFLICT (key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value',
    );
    for (const tag of tags) put.run(keyId, tag.TagKey, tag.TagValue);
  }

  public removeTags(keyId: string, tagKeys: readonly string[]): void {
    const remove = this.store.prepared('DELETE FROM kms_tags WHERE key_id = ? AND tag_key = ?');
    for (const tagKey of tagKeys) remove.run(keyId, tagKey);
  }

  public listTags(keyId: string): Array<{ TagKey: string; TagValue: string }> {
    const rows = this.store.prepared('SELECT tag_key, tag_value FROM kms_tags WHERE key_id = ? ORDER BY tag_key')
      .all(keyId) as Array<{ tag_key: string; tag_value: string }>;
    return rows.map((r) => ({ TagKey: r.tag_key, TagValue: r.tag_value }));
  }
}

function toKey(row: KeyRow): KeyRecord {
  return {
    keyId: row.key_id,
    accountId: row.account_id,
    region: row.region,
    arn: keyArn(row.region, row.account_id, row.key_id),
    description: row.description,
    keyUsage: row.key_usage,
    keySpec: row.key_spec,
    keyState: row.key_state,
    creationDate: row.creation_date,
    deletionDate: row.deletion_date ?? undefined,
    pendingWindowInDays: row.pending_window_days ?? undefined,
    policy: row.policy,
    rotationEnabled: row.rotation_enabled === 1,
    rotationPeriodInDays: row.rotation_period_days ?? undefined,
    rotationEnabledDate: row.rotation_enabled_date ?? undefined,
    material: row.material,
    materialVersion: row.material_version,
  };
}

function toAlias(row: AliasRow): AliasRecord {
  return {
    accountId: row.account_id,
    region: row.region,
    aliasName: row.alias_name,
    keyId: row.key_id,
    creationDate: row.creation_date,
    lastUpdatedDate: row.last_updated_date,
  };
}
