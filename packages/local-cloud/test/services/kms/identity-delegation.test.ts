import type { AwsService, ServiceDirectory } from '../../../src/core/service';
import { createIamService, type IamService } from '../../../src/services/iam';
import { createKmsService, type KmsService } from '../../../src/services/kms';
import { Store } from '../../../src/store/store';
import { rootContext } from '../../helpers/call-context';

/**
 * A key policy that names only the account delegates to IAM: a user's or role's own policies (and its
 * permissions boundary) decide. KMS asks IAM's one answer (`identityDecision`), and without IAM nothing is
 * delegated (fail closed).
 */
const ACCOUNT = rootContext.accountId;
const REGION = rootContext.region;
const where = { region: REGION, accountId: ACCOUNT };
const ALLOW_KMS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function setup(withIam: boolean): { kms: KmsService; iam?: IamService } {
  const store = Store.open(':memory:');
  const list: AwsService[] = [];
  const services: ServiceDirectory = { get: <T extends AwsService>(name: string) => list.find((s) => s.signingName === name) as T | undefined };
  const kms = createKmsService({ store, services });
  list.push(kms);
  if (!withIam) return { kms };
  const iam = createIamService({ store, services });
  list.push(iam);
  return { kms, iam };
}

/** A key with KMS's default key policy (the account root may do everything: delegation to IAM). */
async function defaultKey(kms: KmsService): Promise<string> {
  return (await kms.operations.CreateKey({}, rootContext)).KeyMetadata.Arn;
}

const generateDataKey = (kms: KmsService, keyId: string, principalArn: string) =>
  () => kms.backend.generateDataKey({ ...where, principal: { AWS: principalArn }, keyId, numberOfBytes: 32 });

const refused = (principalArn: string, keyArn: string) =>
  expect.objectContaining({
    code: 'AccessDeniedException',
    message: `User: ${principalArn} is not authorized to perform: kms:GenerateDataKey on resource: ${keyArn} because no identity-based policy allows the kms:GenerateDataKey action`,
  });

describe('KMS key policies that delegate to IAM', () => {
  it('delegates nothing when IAM is not there to ask', async () => {
    const { kms } = setup(false);
    const key = await defaultKey(kms);
    const role = `arn:aws:iam::${ACCOUNT}:role/app`;
    expect(generateDataKey(kms, key, role)).toThrow(refused(role, key));
    // the account root needs no delegation
    expect(generateDataKey(kms, key, `arn:aws:iam::${ACCOUNT}:root`)()).toMatchObject({ keyArn: key });
  });

  it("decides an IAM user by the user's own policies", async () => {
    const { kms, iam } = setup(true);
    const key = await defaultKey(kms);
    const allowed = iam!.backend.createUser(ACCOUNT, 'deployer');
    iam!.backend.putUserPolicy('deployer', 'kms', ALLOW_KMS);
    const bare = iam!.backend.createUser(ACCOUNT, 'intern');
    expect(generateDataKey(kms, key, allowed.arn)()).toMatchObject({ keyArn: key });
    expect(generateDataKey(kms, key, bare.arn)).toThrow(refused(bare.arn, key));
  });

  it("limits a role by its permissions boundary", async () => {
    const { kms, iam } = setup(true);
    const key = await defaultKey(kms);
    const role = iam!.backend.createRole(ACCOUNT, {
      roleName: 'bounded', assumeRolePolicyDocument: TRUST, permissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    iam!.backend.putRolePolicy('bounded', 'kms', ALLOW_KMS);
    expect(generateDataKey(kms, key, role.arn)).toThrow(refused(role.arn, key));
    iam!.backend.deleteRolePermissionsBoundary('bounded');
    expect(generateDataKey(kms, key, role.arn)()).toMatchObject({ keyArn: key });
  });
});
