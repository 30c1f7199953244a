/** The one place that builds and reads ARNs. The partition is always `aws`. */
export const PARTITION = 'aws';

/** `arn:aws:<service>:<region>:<account>:<resource>`; IAM and S3 ARNs have an empty region (and S3 no account). */
export function buildArn(service: string, region: string, account: string, resource: string): string {
  return `arn:${PARTITION}:${service}:${region}:${account}:${resource}`;
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits an ARN into its parts; `undefined` when it is not one. */
export function parseArn(arn: string): ParsedArn | undefined {
  // five separators, then the resource (which may hold more): read by position, as the authorizer parses every
  // resource of every call
  if (!arn.startsWith('arn:')) return undefined;
  const p = arn.indexOf(':', 4);
  const s = p < 0 ? -1 : arn.indexOf(':', p + 1);
  const r = s < 0 ? -1 : arn.indexOf(':', s + 1);
  const a = r < 0 ? -1 : arn.indexOf(':', r + 1);
  if (a < 0) return undefined;
  return { partition: arn.slice(4, p), service: arn.slice(p + 1, s), region: arn.slice(s + 1, r), account: arn.slice(r + 1, a), resource: arn.slice(a + 1) };
}

export const accountRootArn = (account: string): string => buildArn('iam', '', account, 'root');

/**
 * Whether `arn` names an IAM or STS principal as a policy's `Principal: { AWS }` may: the account root, a user, a
 * role, an assumed-role session or a federated user (no region; a 12-digit account).
 */
export function isPrincipalArn(arn: string): boolean {
  const parsed = parseArn(arn);
  if (!parsed || !parsed.partition.startsWith(PARTITION) || parsed.region !== '' || !/^\d{12}$/.test(parsed.account)) return false;
  if (parsed.service === 'iam') return /^(root|user\/.+|role\/.+)$/.test(parsed.resource);
  return parsed.service === 'sts' && /^(assumed-role\/.+\/.+|federated-user\/.+)$/.test(parsed.resource);
}

// ARNs of one service's resource types live in `core/arns/<service>.ts`.
