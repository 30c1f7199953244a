import { buildArn, parseArn } from '../arn';

/** A role session as its ARN names it. */
export interface AssumedRoleReference {
  readonly accountId: string;
  readonly roleName: string;
  readonly sessionName: string;
}

/** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` (no role path, as STS writes it). */
export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string): string =>
  buildArn('sts', '', accountId, `assumed-role/${roleName}/${sessionName}`);

/** The session an assumed-role ARN names; `undefined` for any other text. */
export function parseAssumedRoleArn(arn: string): AssumedRoleReference | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'sts' || !parsed.resource.startsWith('assumed-role/')) return undefined;
  const [roleName, sessionName, ...rest] = parsed.resource.slice('assumed-role/'.length).split('/');
  if (!roleName || !sessionName || rest.length > 0) return undefined;
  return { accountId: parsed.account, roleName, sessionName };
}
