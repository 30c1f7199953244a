import { buildArn, parseArn } from '../arn';

/** A role or user as its ARN names it: the account, the path (`/` or `/a/b/`) and the name. */
export interface IamPathReference {
  readonly accountId: string;
  readonly path: string;
  readonly name: string;
}

/** A managed policy as its ARN names it: `aws` for an AWS managed policy, else the owning account. */
export interface IamPolicyReference {
  readonly owner: string;
  readonly path: string;
  readonly name: string;
}

/** `arn:aws:iam::<account>:role<path><name>`, path `/` by default. */
export const iamRoleArn = (accountId: string, name: string, path = '/'): string => buildArn('iam', '', accountId, `role${path}${name}`);

/** `arn:aws:iam::<owner>:policy<path><name>`: owner `aws` for an AWS managed policy, else the account. */
export const iamPolicyArn = (owner: string, name: string, path = '/'): string => buildArn('iam', '', owner, `policy${path}${name}`);

/** `arn:aws:iam::<account>:user<path><name>`, path `/` by default. */
export const iamUserArn = (accountId: string, name: string, path = '/'): string => buildArn('iam', '', accountId, `user${path}${name}`);

/** The IAM resource of `type` (`role`, `user`) an ARN names, its path split from its name (the last segment). */
function parsePathArn(arn: string, type: 'role' | 'user'): IamPathReference | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || !parsed.resource.startsWith(`${type}/`)) return undefined;
  const rest = parsed.resource.slice(type.length);
  const last = rest.lastIndexOf('/');
  return { accountId: parsed.account, path: rest.slice(0, last + 1), name: rest.slice(last + 1) };
}

/** The role a role ARN names; `undefined` for any other text. */
export const parseIamRoleArn = (arn: string): IamPathReference | undefined => parsePathArn(arn, 'role');

/** The user a user ARN names; `undefined` for any other text. */
export const parseIamUserArn = (arn: string): IamPathReference | undefined => parsePathArn(arn, 'user');

/** A managed policy ARN as IAM accepts one (`arn:aws:iam::aws:policy/…` or an account's), name as IAM's `policyNameType`. */
const POLICY_ARN = /^arn:aws:iam::(aws|\d{12}):policy(\/(?:.+\/)?)([\w+=,.@-]+)$/;

/** The managed policy a policy ARN names; `undefined` when IAM would answer "ARN … is not valid." */
export function parseIamPolicyArn(arn: string): IamPolicyReference | undefined {
  const m = POLICY_ARN.exec(arn);
  return m ? { owner: m[1], path: m[2], name: m[3] } : undefined;
}
