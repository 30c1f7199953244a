import { CreateKeyCommand, DescribeKeyCommand, GetKeyPolicyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { ACCOUNT, REGION, ROOT_ARN } from '../../helpers/account';
import { policyDocument, rootStatement } from '../../helpers/key-policies';
import { useLocalCloud } from '../../helpers/local-cloud';
import { expectError } from '../../helpers/sdk-errors';

/**
 * Key policies validated as KMS validates them on CreateKey and PutKeyPolicy (KMS Developer Guide, "Key policy
 * format" and "Elements in a key policy"; PutKeyPolicy API reference). Threat: a statement KMS would refuse,
 * such as one without `Principal`, was accepted and then granted everyone.
 */
const NO_PRINCIPAL = 'Policy contains a statement with no principal.';
const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';

const { kms } = useLocalCloud({ kms: [KMSClient, { maxAttempts: 1 }] });

/** The root's statement (so the safety check passes) and `extra`. */
const withRoot = (extra: object) => policyDocument(rootStatement, extra);
const statement = (fields: object) => ({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', ...fields });

describe.each([
  ['CreateKey', (policy: string) => kms.send(new CreateKeyCommand({ Policy: policy }))],
  ['PutKeyPolicy', async (policy: string) => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    return kms.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, Policy: policy }));
  }],
])('%s', (_operation, put) => {
  it('refuses a statement without Principal: "Policy contains a statement with no principal."', async () => {
    await expectError(put(withRoot(statement({ Sid: 'Everyone' }))), 'MalformedPolicyDocumentException', NO_PRINCIPAL);
    await expectError(put(policyDocument(statement({ Action: 'kms:*' }))), 'MalformedPolicyDocumentException', NO_PRINCIPAL);
  });

  it.each([
    ['not an ARN', { AWS: 'alice' }],
    ['a short account id', { AWS: '12345' }],
    ['a wildcard in an ARN', { AWS: `arn:aws:iam::${ACCOUNT}:role/*` }],
    ['an ARN that is no IAM principal', { AWS: 'arn:aws:s3:::my-bucket' }],
    ['an IAM ARN that is no principal', { AWS: `arn:aws:iam::${ACCOUNT}:policy/p` }],
    ['a wildcard service', { Service: '*' }],
    ['a service that is no endpoint name', { Service: 'logs' }],
    ['an unknown principal type', { Robot: 'r2' }],
    ['an empty principal', {}],
  ])('refuses %s as a principal: "%s"', async (_what, principal) => {
    await expectError(put(withRoot(statement({ Principal: principal }))), 'MalformedPolicyDocumentException', INVALID_PRINCIPALS);
  });

  it('refuses what is no policy document (JSON, Effect, Condition), naming the element', async () => {
    await expectError(put('{not json'), 'MalformedPolicyDocumentException', /JSON/);
    await expectError(put('"a string"'), 'MalformedPolicyDocumentException', /JSON object/);
    await expectError(put(withRoot({ Principal: { AWS: ROOT_ARN }, Action: 'kms:Decrypt', Resource: '*' })), 'MalformedPolicyDocumentException', /Effect/);
    await expectError(put(withRoot(statement({ Principal: '*', Condition: { NoSuchOperator: { 'aws:x': 'y' } } }))), 'MalformedPolicyDocumentException', /Condition/);
  });

  it('refuses a policy over 32,768 characters with LimitExceededException', async () => {
    const big = withRoot(statement({ Sid: 'x'.repeat(32_800), Principal: { AWS: ROOT_ARN } }));
    await expectError(put(big), 'LimitExceededException');
  });

  it.each([
    ['everyone', '*'],
    ['everyone, as AWS', { AWS: '*' }],
    ['an account id', { AWS: ACCOUNT }],
    ['the account root', { AWS: ROOT_ARN }],
    ['a role', { AWS: `arn:aws:iam::${ACCOUNT}:role/path/app` }],
    ['a user', { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }],
    ['a role session', { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app/session` }],
    ['a service', { Service: `logs.${REGION}.amazonaws.com` }],
    ['services and accounts', { Service: ['lambda.amazonaws.com'], AWS: [ACCOUNT, ROOT_ARN] }],
  ])('accepts %s as a principal', async (_what, principal) => {
    await expect(put(withRoot(statement({ Principal: principal })))).resolves.toBeDefined();
  });
});

describe('a statement without Action or Resource', () => {
  it('is accepted, kept as written and has no effect, as PutKeyPolicy documents', async () => {
    // Prepare: Deny statements that would lock the root out of DescribeKey, were they complete
    const noResource = { Sid: 'NoResource', Effect: 'Deny', Principal: { AWS: ROOT_ARN }, Action: 'kms:DescribeKey' };
    const noAction = { Sid: 'NoAction', Effect: 'Deny', Principal: { AWS: ROOT_ARN }, Resource: '*' };
    const policy = policyDocument(rootStatement, noResource, noAction);
    // Act
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Policy: policy }));
    // Assess
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId }))).Policy).toBe(policy);
    await expect(kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }))).resolves.toBeDefined();
  });

  it('cannot satisfy the lockout safety check', async () => {
    const noAction = { Effect: 'Allow', Principal: { AWS: ROOT_ARN }, Resource: '*' };
    await expectError(kms.send(new CreateKeyCommand({ Policy: policyDocument(noAction) })), 'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.');
  });
});
