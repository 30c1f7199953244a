/**
 * Principal matching: does a statement's `Principal` / `NotPrincipal` cover the principal
 * that makes the request?
 */

/** Who makes the request. Omit for an anonymous request. */
export type RequestPrincipal =
  | { AWS: string } // '123456789012', 'arn:aws:iam::123456789012:root', a role/user ARN, or an assumed-role session ARN
  | { Service: string } // 'logs.ap-southeast-1.amazonaws.com'
  | { Federated: string }; // 'cognito-identity.amazonaws.com', a SAML/OIDC provider ARN

/** The principal types a policy may name. */
export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** A `Principal` / `NotPrincipal` element: `"*"` or principals by type. */
export type PrincipalElement = '*' | { [type in PrincipalType]?: string | string[] };

const ACCOUNT_ID = /^\d{12}$/;
// IAM unique ids (AIDA..., AROA...): what AWS shows in a policy in place of a deleted principal
const UNIQUE_ID = /^A[A-Z]{3}[A-Z0-9]{12,124}$/;

/** An AWS principal (policy side or request side) taken apart. */
interface AwsIdentity {
  readonly partition?: string;
  readonly account?: string;
  readonly kind: 'account' | 'role' | 'user' | 'session' | 'other';
  /** Role name (lower-cased: IAM names are unique regardless of case) for roles and sessions, user name for users. */
  readonly name?: string;
  /** The principal as written. */
  readonly text: string;
}

function parseAws(text: string): AwsIdentity | undefined {
  if (ACCOUNT_ID.test(text)) return { account: text, kind: 'account', text };
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, , account] = parts;
  const resource = parts.slice(5).join(':');
  const path = resource.split('/');
  if (service === 'iam' && resource === 'root') return { partition, account, kind: 'account', text };
  if (service === 'iam' && path[0] === 'role' && path.length >= 2) {
    return { partition, account, kind: 'role', name: path[path.length - 1].toLowerCase(), text };
  }
  if (service === 'iam' && path[0] === 'user' && path.length >= 2) {
    return { partition, account, kind: 'user', name: path[path.length - 1].toLowerCase(), text };
  }
  if (service === 'sts' && path[0] === 'assumed-role' && path.length === 3) {
    return { partition, account, kind: 'session', name: path[1].toLowerCase(), text };
  }
  return { partition, account, kind: 'other', text };
}

/**
 * Checks an `AWS` principal value written in a policy; returns an error message or undefined.
 * Valid: `*`, a 12-digit account id, an ARN without wildcards, or an IAM unique id (`AROA...`,
 * which never matches a request: AWS writes it in place of a deleted principal).
 */
export function validateAwsPrincipal(value: string): string | undefined {
  if (value === '*' || UNIQUE_ID.test(value)) return undefined;
  if (/^\d+$/.test(value) && !ACCOUNT_ID.test(value)) return `AWS principal "${value}" is not a 12-digit account id`;
  if (!parseAws(value)) return `AWS principal "${value}" is not "*", a 12-digit account id or an ARN`;
  if (/[*?]/.test(value)) return `AWS principal "${value}" has a wildcard; only "*" on its own is allowed`;
  return undefined;
}

/**
 * Whether the `AWS` principal written in a policy covers the requesting AWS principal.
 * - `*` covers everyone;
 * - an account (`123456789012` or `arn:aws:iam::123456789012:root`) covers every principal of that account;
 * - a role ARN covers the role and its assumed-role sessions (whatever the role's path);
 * - a user ARN covers that user; anything else (a session ARN, a federated user) must be equal.
 */
function awsPrincipalMatches(policyValue: string, request: AwsIdentity): boolean {
  if (policyValue === '*') return true;
  const policy = parseAws(policyValue);
  if (!policy) return false;
  const samePartition = policy.partition === undefined || request.partition === undefined || policy.partition === request.partition;
  if (!samePartition || policy.account !== request.account) return false;
  switch (policy.kind) {
    case 'account':
      return true;
    case 'role':
      return (request.kind === 'role' || request.kind === 'session') && request.name === policy.name;
    case 'user':
      return request.kind === 'user' && request.name === policy.name;
    default:
      return request.text === policy.text;
  }
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Whether a `Principal` element covers the requesting principal.
 *
 * `"*"` and `{"AWS": "*"}` cover everyone, anonymous requests and service principals
 * included (AWS documents both forms as "everyone, including anonymous access").
 * Service principals compare exactly, ignoring case: `logs.ap-southeast-1.amazonaws.com`
 * is not `logs.us-east-1.amazonaws.com`. Federated principals compare exactly (ignoring case
 * unless they are ARNs). `CanonicalUser` never covers a request principal of this API.
 */
export function principalElementMatches(element: PrincipalElement, principal: RequestPrincipal | undefined): boolean {
  if (element === '*') return true;
  if (asList(element.AWS).includes('*')) return true;
  if (!principal) return false;
  if ('AWS' in principal && typeof principal.AWS === 'string') {
    const request = parseAws(principal.AWS);
    return request !== undefined && asList(element.AWS).some((v) => awsPrincipalMatches(v, request));
  }
  if ('Service' in principal && typeof principal.Service === 'string') {
    const service = principal.Service.toLowerCase();
    return asList(element.Service).some((v) => v.toLowerCase() === service);
  }
  if ('Federated' in principal && typeof principal.Federated === 'string') {
    const federated = principal.Federated;
    return asList(element.Federated).some((v) =>
      v.startsWith('arn:') ? v === federated : v.toLowerCase() === federated.toLowerCase(),
    );
  }
  return false;
}
