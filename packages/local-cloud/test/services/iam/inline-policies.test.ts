import {
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { useLocalCloud } from '../../helpers/local-cloud';
import { LAMBDA_TRUST as TRUST } from '../../helpers/roles';
import { errorOf } from '../../helpers/sdk-errors';

/**
 * Inline policies of roles and users, which IamBackend reads and deletes through one path for both: the identity
 * named case-insensitively and shown in its own spelling, and NoSuchEntity (404; the SDK's NoSuchEntityException) naming the kind of policy missing
 * (the texts local-cloud gave before roles and users shared that path).
 */
const READ = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

describe('IAM inline policies of roles and users', () => {
  const { iam } = useLocalCloud({ iam: [IAMClient, { maxAttempts: 1 }] });
  beforeAll(async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'Reader', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new CreateUserCommand({ UserName: 'Ci' }));
  });

  it('GetRolePolicy and GetUserPolicy name the identity as it was created, whatever the case asked', async () => {
    // Arrange
    await iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read', PolicyDocument: READ }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'ci', PolicyName: 'read', PolicyDocument: READ }));

    // Act
    const role = await iam.send(new GetRolePolicyCommand({ RoleName: 'READER', PolicyName: 'read' }));
    const user = await iam.send(new GetUserPolicyCommand({ UserName: 'CI', PolicyName: 'read' }));

    // Assess
    expect(role).toMatchObject({ RoleName: 'Reader', PolicyName: 'read', PolicyDocument: encodeURIComponent(READ) });
    expect(user).toMatchObject({ UserName: 'Ci', PolicyName: 'read', PolicyDocument: encodeURIComponent(READ) });
  });

  it.each([
    ['GetRolePolicy', () => new GetRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'none' }), 'The role policy with name none cannot be found.'],
    ['DeleteRolePolicy', () => new DeleteRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'none' }), 'The role policy with name none cannot be found.'],
    ['GetUserPolicy', () => new GetUserPolicyCommand({ UserName: 'Ci', PolicyName: 'none' }), 'The user policy with name none cannot be found.'],
    ['DeleteUserPolicy', () => new DeleteUserPolicyCommand({ UserName: 'Ci', PolicyName: 'none' }), 'The user policy with name none cannot be found.'],
    ['GetRolePolicy of no role', () => new GetRolePolicyCommand({ RoleName: 'nobody', PolicyName: 'read' }), 'The role with name nobody cannot be found.'],
    ['DeleteUserPolicy of no user', () => new DeleteUserPolicyCommand({ UserName: 'nobody', PolicyName: 'read' }), 'The user with name nobody cannot be found.'],
  ])('%s of a missing policy: NoSuchEntity', async (_what, command, message) => {
    expect(await errorOf(iam.send(command() as never))).toEqual({ name: 'NoSuchEntityException', message, status: 404 });
  });

  it('DeleteRolePolicy and DeleteUserPolicy remove the policy', async () => {
    // Arrange
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'gone', PolicyDocument: READ }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'Ci', PolicyName: 'gone', PolicyDocument: READ }));

    // Act
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'reader', PolicyName: 'gone' }));
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'ci', PolicyName: 'gone' }));

    // Assess
    expect((await errorOf(iam.send(new GetRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'gone' })))).name).toBe('NoSuchEntityException');
    expect((await errorOf(iam.send(new GetUserPolicyCommand({ UserName: 'Ci', PolicyName: 'gone' })))).name).toBe('NoSuchEntityException');
  });
});
