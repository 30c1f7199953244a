import { jsonEqual, NotSupportedError, optBool, optInt, optString, policyText, ProviderContext, ResourceProvider, tagMap } from './provider';

interface KeyMetadata {
  KeyId: string;
  Arn: string;
}

const FIXED = ['KeySpec', 'KeyUsage', 'MultiRegion', 'Origin'];

function kmsTags(props: Record<string, unknown>): Array<{ TagKey: string; TagValue: string }> | undefined {
  const tags = tagMap(props.Tags);
  return tags && Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

async function setRotation(ctx: ProviderContext, keyId: string, props: Record<string, unknown>): Promise<void> {
  if (optBool(props, 'EnableKeyRotation')) {
    const period = optInt(props, 'RotationPeriodInDays');
    await ctx.call('kms', 'EnableKeyRotation', { KeyId: keyId, ...(period !== undefined ? { RotationPeriodInDays: period } : {}) });
  } else {
    await ctx.call('kms', 'DisableKeyRotation', { KeyId: keyId });
  }
}

/**
 * `AWS::KMS::Key`: CreateKey with the key policy inside → EnableKeyRotation → DisableKey when `Enabled: false`;
 * updates through PutKeyPolicy, Enable/DisableKey, rotation and UpdateKeyDescription; delete schedules deletion
 * (`PendingWindowInDays`, default 30).
 */
export const kmsKeyProvider: ResourceProvider = {
  type: 'AWS::KMS::Key',
  replaceOn: [],
  attributes: ['Arn', 'KeyId'],

  async create(props, ctx) {
    const out = await ctx.call<{ KeyMetadata: KeyMetadata }>('kms', 'CreateKey', {
      Policy: policyText(props.KeyPolicy),
      Description: optString(props, 'Description'),
      KeyUsage: optString(props, 'KeyUsage'),
      KeySpec: optString(props, 'KeySpec'),
      MultiRegion: optBool(props, 'MultiRegion'),
      Origin: optString(props, 'Origin'),
      BypassPolicyLockoutSafetyCheck: optBool(props, 'BypassPolicyLockoutSafetyCheck'),
      Tags: kmsTags(props),
    });
    const { KeyId, Arn } = out.KeyMetadata;
    ctx.created(KeyId);
    if (optBool(props, 'EnableKeyRotation')) await setRotation(ctx, KeyId, props);
    if (optBool(props, 'Enabled') === false) await ctx.call('kms', 'DisableKey', { KeyId });
    return { physicalId: KeyId, attributes: { Arn, KeyId } };
  },

  async update(keyId, before, after, ctx) {
    const fixed = FIXED.filter((p) => !jsonEqual(before[p], after[p]));
    if (fixed.length > 0) {
      throw new NotSupportedError(`Update of ${fixed.join(', ')} is not supported for AWS::KMS::Key; create a new key instead`);
    }
    const enabled = optBool(after, 'Enabled') !== false;
    if (enabled && optBool(before, 'Enabled') === false) await ctx.call('kms', 'EnableKey', { KeyId: keyId });
    if (!jsonEqual(before.KeyPolicy, after.KeyPolicy) && after.KeyPolicy !== undefined) {
      await ctx.call('kms', 'PutKeyPolicy', {
        KeyId: keyId, PolicyName: 'default', Policy: policyText(after.KeyPolicy),
        BypassPolicyLockoutSafetyCheck: optBool(after, 'BypassPolicyLockoutSafetyCheck'),
      });
    }
    if (!jsonEqual(before.Description, after.Description)) {
      await ctx.call('kms', 'UpdateKeyDescription', { KeyId: keyId, Description: optString(after, 'Description') ?? '' });
    }
    if (!jsonEqual(before.EnableKeyRotation, after.EnableKeyRotation) || !jsonEqual(before.RotationPeriodInDays, after.RotationPeriodInDays)) {
      await setRotation(ctx, keyId, after);
    }
    if (!jsonEqual(before.Tags, after.Tags)) {
      const old = tagMap(before.Tags) ?? {};
      const next = tagMap(after.Tags) ?? {};
      const removed = Object.keys(old).filter((k) => !(k in next));
      if (removed.length > 0) await ctx.call('kms', 'UntagResource', { KeyId: keyId, TagKeys: removed });
      if (Object.keys(next).length > 0) await ctx.call('kms', 'TagResource', { KeyId: keyId, Tags: kmsTags(after) });
    }
    if (!enabled && optBool(before, 'Enabled') !== false) await ctx.call('kms', 'DisableKey', { KeyId: keyId });
    return undefined;
  },

  async delete(keyId, props, ctx) {
    try {
      await ctx.call('kms', 'ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: optInt(props, 'PendingWindowInDays') ?? 30 });
    } catch (e) {
      // already pending deletion: nothing left to do
      if ((e as { code?: string }).code === 'KMSInvalidStateException') return;
      throw e;
    }
  },
};
