import {
  CreateRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import { useLocalCloud } from '../../helpers/local-cloud';
import { LAMBDA_TRUST as TRUST } from '../../helpers/roles';

/**
 * A role's permissions boundary as GetRole shows it: `PermissionsBoundaryType` is `PermissionsBoundaryPolicy`, the
 * only value of `PermissionsBoundaryAttachmentType` in IAM's model (botocore 1.43.11 iam/2010-05-08/service-2.json).
 */
const BOUNDARY = 'arn:aws:iam::aws:policy/PowerUserAccess';

describe('IAM permissions boundary of a role', () => {
  const { iam } = useLocalCloud({ iam: [IAMClient, { maxAttempts: 1 }] });

  it('CreateRole and GetRole show it as a PermissionsBoundaryPolicy', async () => {
    // Act
    const created = await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: BOUNDARY }));
    const got = await iam.send(new GetRoleCommand({ RoleName: 'bounded' }));

    // Assess
    const expected = { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: BOUNDARY };
    expect(created.Role?.PermissionsBoundary).toEqual(expected);
    expect(got.Role?.PermissionsBoundary).toEqual(expected);
  });

  it('PutRolePermissionsBoundary sets it and DeleteRolePermissionsBoundary removes it', async () => {
    // Arrange
    await iam.send(new CreateRoleCommand({ RoleName: 'later', AssumeRolePolicyDocument: TRUST }));

    // Act + Assess
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'later', PermissionsBoundary: BOUNDARY }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'later' }))).Role?.PermissionsBoundary)
      .toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: BOUNDARY });
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'later' }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'later' }))).Role?.PermissionsBoundary).toBeUndefined();
  });
});
