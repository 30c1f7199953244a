import { randomInt } from 'node:crypto';
import { parseIamRoleArn } from '../../../core/arns/iam';
import { InvalidRequestError, isNotFound, NotSupportedError, jsonEqual, policyText, ProviderContext, ResourceProvider, reqString } from './provider';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function roles(props: Record<string, unknown>): string[] {
  const v = props.Roles;
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((r) => typeof r !== 'string')) throw new InvalidRequestError('#/Roles: expected type: JSONArray of String');
  // a role may be named by its ARN
  return (v as string[]).map((r) => parseIamRoleArn(r)?.name ?? r);
}

function checkTargets(props: Record<string, unknown>): void {
  const users = Array.isArray(props.Users) && props.Users.length > 0;
  const groups = Array.isArray(props.Groups) && props.Groups.length > 0;
  if (users || groups) {
    throw new NotSupportedError('Users and Groups of AWS::IAM::Policy are not supported by local-cloud (only Roles)');
  }
  if (roles(props).length === 0) throw new InvalidRequestError('At least one of [Groups,Roles,Users] must be non-empty.');
}

/** CloudFormation's id for a policy: `<stack>-<first letters of the policy name>-<13 random>`. */
function policyId(ctx: ProviderContext, policyName: string): string {
  let suffix = '';
  for (let i = 0; i < 13; i++) suffix += UPPER_ALNUM[randomInt(UPPER_ALNUM.length)];
  return `${ctx.stackName.slice(0, 5)}-${policyName.slice(0, 4)}-${suffix}`;
}

async function putAll(ctx: ProviderContext, props: Record<string, unknown>): Promise<void> {
  const name = reqString(props, 'PolicyName');
  const document = policyText(props.PolicyDocument);
  if (document === undefined) throw new InvalidRequestError('#: required key [PolicyDocument] not found');
  for (const role of roles(props)) await ctx.call('iam', 'PutRolePolicy', { RoleName: role, PolicyName: name, PolicyDocument: document });
}

async function deleteFrom(ctx: ProviderContext, policyName: string, roleNames: string[]): Promise<void> {
  for (const role of roleNames) {
    try {
      await ctx.call('iam', 'DeleteRolePolicy', { RoleName: role, PolicyName: policyName });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** `AWS::IAM::Policy`: an inline policy put on each of its roles (PutRolePolicy / DeleteRolePolicy). */
export const iamPolicyProvider: ResourceProvider = {
  type: 'AWS::IAM::Policy',
  replaceOn: [],
  attributes: ['Id'],

  async create(props, ctx) {
    checkTargets(props);
    const id = policyId(ctx, reqString(props, 'PolicyName'));
    // recorded before the first put (deleting a policy never put is a no-op): a failure or a restart part-way
    // through the roles takes off what was put
    ctx.created(id);
    await putAll(ctx, props);
    return { physicalId: id, attributes: { Id: id } };
  },

  async update(_id, before, after, ctx) {
    checkTargets(after);
    const oldName = reqString(before, 'PolicyName');
    const newName = reqString(after, 'PolicyName');
    const newRoles = roles(after);
    const dropped = roles(before).filter((r) => oldName !== newName || !newRoles.includes(r));
    if (!jsonEqual(before, after)) await putAll(ctx, after);
    await deleteFrom(ctx, oldName, dropped);
    return undefined;
  },

  async delete(_id, props, ctx) {
    await deleteFrom(ctx, reqString(props, 'PolicyName'), roles(props));
  },
};
