import {
  generatedName,
  InvalidRequestError,
  isNotFound,
  jsonEqual,
  optInt,
  optString,
  policyText,
  ProviderContext,
  requireOperations,
  ResourceProvider,
  tagMap,
} from './provider';

interface InlinePolicy {
  readonly name: string;
  readonly document: string;
}

function inlinePolicies(props: Record<string, unknown>): InlinePolicy[] {
  const v = props.Policies;
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new InvalidRequestError('#/Policies: expected type: JSONArray');
  return v.map((p: { PolicyName?: unknown; PolicyDocument?: unknown }) => {
    if (typeof p?.PolicyName !== 'string' || p.PolicyDocument === undefined) {
      throw new InvalidRequestError('#/Policies: required keys [PolicyName, PolicyDocument] not found');
    }
    return { name: p.PolicyName, document: policyText(p.PolicyDocument)! };
  });
}

function managedPolicyArns(props: Record<string, unknown>): string[] {
  const v = props.ManagedPolicyArns;
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((a) => typeof a !== 'string')) throw new InvalidRequestError('#/ManagedPolicyArns: expected type: JSONArray of String');
  return v as string[];
}

async function attachAll(ctx: ProviderContext, roleName: string, props: Record<string, unknown>): Promise<void> {
  for (const p of inlinePolicies(props)) {
    await ctx.call('iam', 'PutRolePolicy', { RoleName: roleName, PolicyName: p.name, PolicyDocument: p.document });
  }
  for (const arn of managedPolicyArns(props)) await ctx.call('iam', 'AttachRolePolicy', { RoleName: roleName, PolicyArn: arn });
}

/**
 * `AWS::IAM::Role`: CreateRole → PutRolePolicy per inline policy → AttachRolePolicy per managed policy; delete
 * detaches and deletes them, then DeleteRole. `Ref` is the role name.
 */
export const iamRoleProvider: ResourceProvider = {
  type: 'AWS::IAM::Role',
  replaceOn: ['RoleName', 'Path'],
  attributes: ['Arn', 'RoleId'],
  nameProperty: 'RoleName',

  async create(props, ctx) {
    const roleName = optString(props, 'RoleName') ?? generatedName(ctx.stackName, ctx.logicalId, 64);
    if (props.AssumeRolePolicyDocument === undefined) throw new InvalidRequestError('#: required key [AssumeRolePolicyDocument] not found');
    const tags = Array.isArray(props.Tags) ? props.Tags : undefined;
    const out = await ctx.creating(roleName, () => ctx.call<{ Role: { Arn: string; RoleId: string } }>('iam', 'CreateRole', {
      RoleName: roleName,
      AssumeRolePolicyDocument: policyText(props.AssumeRolePolicyDocument),
      ...(optString(props, 'Path') ? { Path: optString(props, 'Path') } : {}),
      ...(optString(props, 'Description') ? { Description: optString(props, 'Description') } : {}),
      ...(optInt(props, 'MaxSessionDuration') !== undefined ? { MaxSessionDuration: String(optInt(props, 'MaxSessionDuration')) } : {}),
      ...(tags ? { Tags: tags } : {}),
    }));
    await attachAll(ctx, roleName, props);
    return { physicalId: roleName, attributes: { Arn: out.Role.Arn, RoleId: out.Role.RoleId } };
  },

  async update(roleName, before, after, ctx) {
    if (!jsonEqual(before.Description, after.Description) || !jsonEqual(before.MaxSessionDuration, after.MaxSessionDuration)) {
      requireOperations(ctx, 'iam', ['UpdateRole'], 'Changing Description or MaxSessionDuration of AWS::IAM::Role');
    }
    if (!jsonEqual(before.Tags, after.Tags)) requireOperations(ctx, 'iam', ['TagRole', 'UntagRole'], 'Changing Tags of AWS::IAM::Role');
    if (!jsonEqual(before.AssumeRolePolicyDocument, after.AssumeRolePolicyDocument)) {
      await ctx.call('iam', 'UpdateAssumeRolePolicy', { RoleName: roleName, PolicyDocument: policyText(after.AssumeRolePolicyDocument) });
    }
    if (!jsonEqual(before.Description, after.Description) || !jsonEqual(before.MaxSessionDuration, after.MaxSessionDuration)) {
      await ctx.call('iam', 'UpdateRole', {
        RoleName: roleName,
        Description: optString(after, 'Description') ?? '',
        ...(optInt(after, 'MaxSessionDuration') !== undefined ? { MaxSessionDuration: String(optInt(after, 'MaxSessionDuration')) } : {}),
      });
    }
    if (!jsonEqual(before.Tags, after.Tags)) {
      const old = tagMap(before.Tags) ?? {};
      const next = tagMap(after.Tags) ?? {};
      const removed = Object.keys(old).filter((k) => !(k in next));
      if (removed.length > 0) await ctx.call('iam', 'UntagRole', { RoleName: roleName, TagKeys: removed });
      if (Object.keys(next).length > 0) await ctx.call('iam', 'TagRole', { RoleName: roleName, Tags: after.Tags });
    }
    const oldInline = inlinePolicies(before);
    const newInline = inlinePolicies(after);
    for (const p of oldInline) {
      if (!newInline.some((q) => q.name === p.name)) await ctx.call('iam', 'DeleteRolePolicy', { RoleName: roleName, PolicyName: p.name });
    }
    for (const p of newInline) {
      const old = oldInline.find((q) => q.name === p.name);
      if (!old || old.document !== p.document) {
        await ctx.call('iam', 'PutRolePolicy', { RoleName: roleName, PolicyName: p.name, PolicyDocument: p.document });
      }
    }
    const oldManaged = managedPolicyArns(before);
    const newManaged = managedPolicyArns(after);
    for (const arn of oldManaged) if (!newManaged.includes(arn)) await ctx.call('iam', 'DetachRolePolicy', { RoleName: roleName, PolicyArn: arn });
    for (const arn of newManaged) if (!oldManaged.includes(arn)) await ctx.call('iam', 'AttachRolePolicy', { RoleName: roleName, PolicyArn: arn });
    return undefined;
  },

  async delete(roleName, _props, ctx) {
    try {
      const attached = await ctx.call<{ AttachedPolicies?: Array<{ PolicyArn: string }> }>('iam', 'ListAttachedRolePolicies', { RoleName: roleName });
      for (const p of attached.AttachedPolicies ?? []) await ctx.call('iam', 'DetachRolePolicy', { RoleName: roleName, PolicyArn: p.PolicyArn });
      const inline = await ctx.call<{ PolicyNames?: string[] }>('iam', 'ListRolePolicies', { RoleName: roleName });
      for (const name of inline.PolicyNames ?? []) await ctx.call('iam', 'DeleteRolePolicy', { RoleName: roleName, PolicyName: name });
      await ctx.call('iam', 'DeleteRole', { RoleName: roleName });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
  },
};

