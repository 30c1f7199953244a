import { parseKmsArn } from '../../../core/arns/kms';
import { logGroupArn, logGroupWildcardArn } from '../../../core/arns/logs';
import {
  generatedName,
  InvalidRequestError,
  jsonEqual,
  optInt,
  optString,
  ResourceProvider,
  tagMap,
} from './provider';

/** The resource schema's `KmsKeyId` pattern, as its refusal quotes it: a key or alias ARN, never a bare key id. */
const KMS_KEY_ARN_PATTERN = '^arn:[a-z0-9-]+:kms:[a-z0-9-]+:\\d{12}:(key|alias)\\/.+$';

function kmsKeyOf(props: Record<string, unknown>): string | undefined {
  const key = optString(props, 'KmsKeyId');
  if (key !== undefined && !parseKmsArn(key)) {
    throw new InvalidRequestError(`#/KmsKeyId: string [${key}] does not match pattern ${KMS_KEY_ARN_PATTERN}`);
  }
  return key;
}

/**
 * `AWS::Logs::LogGroup`: CreateLogGroup with its KMS key and tags (so a key policy that does not let CloudWatch
 * Logs use the key fails here, as on AWS) → PutRetentionPolicy. `Arn` ends in `:*`.
 */
export const logGroupProvider: ResourceProvider = {
  type: 'AWS::Logs::LogGroup',
  replaceOn: ['LogGroupName', 'LogGroupClass'],
  attributes: ['Arn'],
  nameProperty: 'LogGroupName',

  async create(props, ctx) {
    const name = optString(props, 'LogGroupName') ?? generatedName(ctx.stackName, ctx.logicalId, 512);
    const kmsKeyId = kmsKeyOf(props);
    await ctx.creating(name, () => ctx.call('logs', 'CreateLogGroup', {
      logGroupName: name,
      ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
      ...(tagMap(props.Tags) ? { tags: tagMap(props.Tags) } : {}),
      ...(optString(props, 'LogGroupClass') ? { logGroupClass: optString(props, 'LogGroupClass') } : {}),
    }));
    const retention = optInt(props, 'RetentionInDays');
    if (retention !== undefined) await ctx.call('logs', 'PutRetentionPolicy', { logGroupName: name, retentionInDays: retention });
    return { physicalId: name, attributes: { Arn: logGroupWildcardArn(ctx, name) } };
  },

  async update(name, before, after, ctx) {
    const beforeKey = optString(before, 'KmsKeyId');
    const afterKey = kmsKeyOf(after);
    if (beforeKey !== afterKey) {
      if (afterKey !== undefined) await ctx.call('logs', 'AssociateKmsKey', { logGroupName: name, kmsKeyId: afterKey });
      else await ctx.call('logs', 'DisassociateKmsKey', { logGroupName: name });
    }
    const retention = optInt(after, 'RetentionInDays');
    if (retention !== optInt(before, 'RetentionInDays')) {
      if (retention !== undefined) await ctx.call('logs', 'PutRetentionPolicy', { logGroupName: name, retentionInDays: retention });
      else await ctx.call('logs', 'DeleteRetentionPolicy', { logGroupName: name });
    }
    if (!jsonEqual(before.Tags, after.Tags)) {
      const old = tagMap(before.Tags) ?? {};
      const next = tagMap(after.Tags) ?? {};
      const removed = Object.keys(old).filter((k) => !(k in next));
      if (removed.length > 0) await ctx.call('logs', 'UntagResource', { resourceArn: logGroupArn(ctx, name), tagKeys: removed });
      if (Object.keys(next).length > 0) await ctx.call('logs', 'TagResource', { resourceArn: logGroupArn(ctx, name), tags: next });
    }
    return undefined;
  },

  async delete(name, _props, ctx) {
    await ctx.call('logs', 'DeleteLogGroup', { logGroupName: name });
  },
};
