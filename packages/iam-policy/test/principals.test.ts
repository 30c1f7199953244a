import { evaluatePolicy, PrincipalElement, RequestPrincipal } from '../src';
import { ACCOUNT, decide, KEY_ARN, OTHER_ACCOUNT, policyOf } from './helpers';

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app/Deployer`;
const ROLE_NO_PATH = `arn:aws:iam::${ACCOUNT}:role/Deployer`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/ci-run-42`;
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const LOGS = 'logs.ap-southeast-1.amazonaws.com';

type Row = [string, PrincipalElement, RequestPrincipal | undefined, 'Allow' | 'ImplicitDeny'];

describe('Principal', () => {
  const rows: Row[] = [
    ['"*" covers an anonymous request', '*', undefined, 'Allow'],
    ['"*" covers a service principal', '*', { Service: LOGS }, 'Allow'],
    ['"*" covers an IAM role', '*', { AWS: ROLE }, 'Allow'],
    ['{AWS:"*"} covers an anonymous request', { AWS: '*' }, undefined, 'Allow'],
    ['{AWS:"*"} covers a role', { AWS: '*' }, { AWS: ROLE }, 'Allow'],
    ['{AWS:"*"} in a list covers a user', { AWS: [ROLE, '*'] }, { AWS: USER }, 'Allow'],

    ['account id covers the account root', { AWS: ACCOUNT }, { AWS: ROOT }, 'Allow'],
    ['account id covers the account given as an id', { AWS: ACCOUNT }, { AWS: ACCOUNT }, 'Allow'],
    ['account id covers a role of the account', { AWS: ACCOUNT }, { AWS: ROLE }, 'Allow'],
    ['account id covers a user of the account', { AWS: ACCOUNT }, { AWS: USER }, 'Allow'],
    ['account id covers an assumed-role session of the account', { AWS: ACCOUNT }, { AWS: SESSION }, 'Allow'],
    ['account id does not cover a role of another account', { AWS: ACCOUNT }, { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/Deployer` }, 'ImplicitDeny'],
    ['account root ARN covers a role of the account', { AWS: ROOT }, { AWS: ROLE }, 'Allow'],
    ['account root ARN covers a session of the account', { AWS: ROOT }, { AWS: SESSION }, 'Allow'],
    ['account root ARN covers the account id', { AWS: ROOT }, { AWS: ACCOUNT }, 'Allow'],
    ['account root ARN does not cover another account root', { AWS: ROOT }, { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, 'ImplicitDeny'],
    ['account root ARN does not cover a service principal', { AWS: ROOT }, { Service: LOGS }, 'ImplicitDeny'],
    ['account root ARN does not cover an anonymous request', { AWS: ROOT }, undefined, 'ImplicitDeny'],
    ['account of another partition does not match', { AWS: `arn:aws-cn:iam::${ACCOUNT}:root` }, { AWS: ROLE }, 'ImplicitDeny'],

    ['role ARN covers the role', { AWS: ROLE }, { AWS: ROLE }, 'Allow'],
    ['role ARN covers its assumed-role session (path dropped in the session ARN)', { AWS: ROLE }, { AWS: SESSION }, 'Allow'],
    ['role ARN without path covers the role written with a path', { AWS: ROLE_NO_PATH }, { AWS: ROLE }, 'Allow'],
    ['role names compare ignoring case', { AWS: `arn:aws:iam::${ACCOUNT}:role/deployer` }, { AWS: SESSION }, 'Allow'],
    ['role ARN does not cover another role', { AWS: ROLE }, { AWS: `arn:aws:iam::${ACCOUNT}:role/Reader` }, 'ImplicitDeny'],
    ['role ARN does not cover a session of another role', { AWS: ROLE }, { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/s` }, 'ImplicitDeny'],
    ['role ARN does not cover the same role name in another account', { AWS: ROLE }, { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/Deployer` }, 'ImplicitDeny'],
    ['role ARN does not cover the account root', { AWS: ROLE }, { AWS: ROOT }, 'ImplicitDeny'],
    ['role ARN does not cover a user of the same name', { AWS: ROLE_NO_PATH }, { AWS: `arn:aws:iam::${ACCOUNT}:user/Deployer` }, 'ImplicitDeny'],

    ['user ARN covers the user', { AWS: USER }, { AWS: USER }, 'Allow'],
    ['user ARN does not cover another user', { AWS: USER }, { AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }, 'ImplicitDeny'],
    ['session ARN covers exactly that session', { AWS: SESSION }, { AWS: SESSION }, 'Allow'],
    ['session ARN does not cover another session of the role', { AWS: SESSION }, { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/other` }, 'ImplicitDeny'],
    ['session ARN does not cover the role itself', { AWS: SESSION }, { AWS: ROLE }, 'ImplicitDeny'],
    ['a federated-user ARN covers exactly that federated user', { AWS: `arn:aws:sts::${ACCOUNT}:federated-user/Bob` }, { AWS: `arn:aws:sts::${ACCOUNT}:federated-user/Bob` }, 'Allow'],
    ['a federated-user ARN does not cover another', { AWS: `arn:aws:sts::${ACCOUNT}:federated-user/Bob` }, { AWS: `arn:aws:sts::${ACCOUNT}:federated-user/Eve` }, 'ImplicitDeny'],
    ['the account covers its federated users', { AWS: ACCOUNT }, { AWS: `arn:aws:sts::${ACCOUNT}:federated-user/Bob` }, 'Allow'],
    ['a malformed request principal matches no AWS principal', { AWS: ACCOUNT }, { AWS: 'not-an-arn' }, 'ImplicitDeny'],

    ['service principal matches exactly', { Service: LOGS }, { Service: LOGS }, 'Allow'],
    ['service principal matches ignoring case', { Service: LOGS }, { Service: 'LOGS.ap-southeast-1.AMAZONAWS.com' }, 'Allow'],
    ['service principal of another region does not match', { Service: LOGS }, { Service: 'logs.us-east-1.amazonaws.com' }, 'ImplicitDeny'],
    ['regional service principal is not the global one', { Service: LOGS }, { Service: 'logs.amazonaws.com' }, 'ImplicitDeny'],
    ['service principal list matches any entry', { Service: ['s3.amazonaws.com', LOGS] }, { Service: LOGS }, 'Allow'],
    ['service principal does not cover an AWS principal', { Service: LOGS }, { AWS: ROLE }, 'ImplicitDeny'],
    ['service principal does not cover an anonymous request', { Service: LOGS }, undefined, 'ImplicitDeny'],
    ['AWS principal does not cover a service whose name looks alike', { AWS: ACCOUNT }, { Service: ACCOUNT }, 'ImplicitDeny'],

    ['federated web identity provider matches ignoring case', { Federated: 'cognito-identity.amazonaws.com' }, { Federated: 'Cognito-Identity.amazonaws.com' }, 'Allow'],
    ['federated SAML provider ARN matches exactly', { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta` }, { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta` }, 'Allow'],
    ['federated SAML provider ARN is case-sensitive', { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta` }, { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/okta` }, 'ImplicitDeny'],
    ['federated principal does not cover a service', { Federated: 'accounts.google.com' }, { Service: 'accounts.google.com' }, 'ImplicitDeny'],
    ['CanonicalUser never covers a request principal', { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, { AWS: ROOT }, 'ImplicitDeny'],
    ['several principal types: the service entry matches', { AWS: ROOT, Service: LOGS }, { Service: LOGS }, 'Allow'],
    ['several principal types: the AWS entry matches', { AWS: ROOT, Service: LOGS }, { AWS: ROLE }, 'Allow'],
    ['an IAM unique id (deleted principal) matches nobody', { AWS: 'AROAEXAMPLEID12345678' }, { AWS: ROLE }, 'ImplicitDeny'],
  ];

  test.each(rows)('%s', (_name, principal, requestPrincipal, expected) => {
    expect(decide({ Principal: principal }, { principal: requestPrincipal })).toBe(expected);
  });
});

test('a request principal of no known type matches only "*" and {AWS: "*"}', () => {
  const odd = { CanonicalUser: 'abc' } as unknown as RequestPrincipal;
  expect(decide({ Principal: { CanonicalUser: 'abc' } }, { principal: odd })).toBe('ImplicitDeny');
  expect(decide({ Principal: { AWS: '*' } }, { principal: odd })).toBe('Allow');
});

describe('NotPrincipal', () => {
  // Deny everyone except the Deployer role (and its sessions); a second statement allows all.
  const policy = policyOf(
    { Sid: 'OnlyDeployer', Effect: 'Deny', NotPrincipal: { AWS: [ROLE] }, Action: 'kms:*', Resource: '*' },
    { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' },
  );

  test.each<[string, RequestPrincipal | undefined, string]>([
    ['the excluded role is not denied', { AWS: ROLE }, 'Allow'],
    ["the excluded role's session is not denied", { AWS: SESSION }, 'Allow'],
    ['another role of the account is denied', { AWS: `arn:aws:iam::${ACCOUNT}:role/Reader` }, 'ExplicitDeny'],
    ['the account root is denied', { AWS: ROOT }, 'ExplicitDeny'],
    ['a service principal is denied', { Service: LOGS }, 'ExplicitDeny'],
    ['an anonymous request is denied', undefined, 'ExplicitDeny'],
  ])('%s', (_name, principal, expected) => {
    expect(evaluatePolicy(policy, { principal, action: 'kms:Decrypt', resource: KEY_ARN }).decision).toBe(expected);
  });

  test('NotPrincipal "*" excludes everyone, so the statement never applies', () => {
    expect(decide({ NotPrincipal: '*' }, { principal: { AWS: ROLE } })).toBe('ImplicitDeny');
  });
});

describe('no Principal element (identity-policy statement)', () => {
  test.each<[string, RequestPrincipal | undefined]>([
    ['an IAM role', { AWS: ROLE }],
    ['a service principal', { Service: LOGS }],
    ['an anonymous request', undefined],
  ])('applies to %s', (_name, principal) => {
    const policy = policyOf({ Action: 'kms:Encrypt', Resource: '*' });
    expect(evaluatePolicy(policy, { principal, action: 'kms:Encrypt', resource: KEY_ARN }).decision).toBe('Allow');
  });
});
