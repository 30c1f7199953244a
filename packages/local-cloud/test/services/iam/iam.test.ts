import {
  AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, GetRoleCommand,
  GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRolesCommand, PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { IamService } from '../../../src/services/iam';
import { useLocalCloud } from '../../helpers/local-cloud';
import { LAMBDA_TRUST as TRUST } from '../../helpers/roles';

const S3_READ = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

describe('IAM', () => {
  const cloud = useLocalCloud({ iam: IAMClient });
  const { iam } = cloud;

  it('CreateRole returns the role with its id, ARN and creation date', async () => {
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'fn-role', Path: '/service/', AssumeRolePolicyDocument: TRUST, Description: 'for the function', Tags: [{ Key: 'app', Value: 'demo' }] }));
    expect(Role).toMatchObject({
      RoleName: 'fn-role',
      Path: '/service/',
      Arn: 'arn:aws:iam::000000000000:role/service/fn-role',
      Description: 'for the function',
      MaxSessionDuration: 3600,
      Tags: [{ Key: 'app', Value: 'demo' }],
    });
    expect(Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(Role?.CreateDate).toBeInstanceOf(Date);
  });

  it('GetRole returns the trust policy URL-encoded, as IAM does', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'encoded', AssumeRolePolicyDocument: TRUST }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'encoded' }));
    expect(Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(TRUST));
  });

  it('a second CreateRole of the name (any case) is EntityAlreadyExists (409)', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'Twice', AssumeRolePolicyDocument: TRUST }));
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: TRUST }))).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      Code: 'EntityAlreadyExists',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('a malformed policy document is MalformedPolicyDocument (400)', async () => {
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'bad-trust', AssumeRolePolicyDocument: '{"Statement": [' }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      Code: 'MalformedPolicyDocument',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'bad-trust', AssumeRolePolicyDocument: '{"Statement": [{"Effect": "Maybe"}]}' }))).rejects.toMatchObject({ Code: 'MalformedPolicyDocument' });
  });

  it('invalid names are ValidationError', async () => {
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'has space', AssumeRolePolicyDocument: TRUST }))).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'x'.repeat(65), AssumeRolePolicyDocument: TRUST }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'ok', Path: 'no-slashes', AssumeRolePolicyDocument: TRUST }))).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('a missing role is NoSuchEntity (404)', async () => {
    await expect(iam.send(new GetRoleCommand({ RoleName: 'ghost' }))).rejects.toMatchObject({ name: 'NoSuchEntityException', Code: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } });
    await expect(iam.send(new DeleteRoleCommand({ RoleName: 'ghost' }))).rejects.toMatchObject({ Code: 'NoSuchEntity' });
    await expect(iam.send(new PutRolePolicyCommand({ RoleName: 'ghost', PolicyName: 'p', PolicyDocument: S3_READ }))).rejects.toMatchObject({ Code: 'NoSuchEntity' });
  });

  it('inline policies: put, get (URL-encoded), list, delete', async () => {
    // Prepare
    await iam.send(new CreateRoleCommand({ RoleName: 'inline', AssumeRolePolicyDocument: TRUST }));
    // Act
    await iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read', PolicyDocument: S3_READ }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read' }));
    const listed = await iam.send(new ListRolePoliciesCommand({ RoleName: 'inline' }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read' }));
    // Assess
    expect(got).toMatchObject({ RoleName: 'inline', PolicyName: 'read', PolicyDocument: encodeURIComponent(S3_READ) });
    expect(listed).toMatchObject({ PolicyNames: ['read'], IsTruncated: false });
    await expect(iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read' }))).rejects.toMatchObject({ Code: 'NoSuchEntity' });
    await expect(iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read' }))).rejects.toMatchObject({ Code: 'NoSuchEntity' });
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'inline' }))).PolicyNames).toEqual([]);
  });

  it('managed policies: attach, list, detach', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'managed', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: LAMBDA_BASIC }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: LAMBDA_BASIC }));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'managed' }))).AttachedPolicies).toEqual([
      { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: LAMBDA_BASIC },
    ]);
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'managed', PolicyArn: LAMBDA_BASIC }));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'managed' }))).AttachedPolicies).toEqual([]);
    await expect(iam.send(new DetachRolePolicyCommand({ RoleName: 'managed', PolicyArn: LAMBDA_BASIC }))).rejects.toMatchObject({ Code: 'NoSuchEntity' });
    await expect(iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: 'not-an-arn-of-a-policy' }))).rejects.toMatchObject({ Code: 'InvalidInput' });
  });

  it('DeleteRole with policies is DeleteConflict (409); without, the role is gone', async () => {
    // Prepare
    await iam.send(new CreateRoleCommand({ RoleName: 'doomed', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'doomed', PolicyArn: LAMBDA_BASIC }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'doomed', PolicyName: 'inline', PolicyDocument: S3_READ }));
    // Act + Assess
    await expect(iam.send(new DeleteRoleCommand({ RoleName: 'doomed' }))).rejects.toMatchObject({ name: 'DeleteConflictException', Code: 'DeleteConflict', $metadata: { httpStatusCode: 409 } });
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'doomed', PolicyArn: LAMBDA_BASIC }));
    await expect(iam.send(new DeleteRoleCommand({ RoleName: 'doomed' }))).rejects.toMatchObject({ Code: 'DeleteConflict' });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'doomed', PolicyName: 'inline' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'doomed' }));
    await expect(iam.send(new GetRoleCommand({ RoleName: 'doomed' }))).rejects.toMatchObject({ Code: 'NoSuchEntity' });
  });

  it('ListRoles pages with Marker; UpdateAssumeRolePolicy replaces the trust policy', async () => {
    for (const n of ['list-a', 'list-b', 'list-c']) await iam.send(new CreateRoleCommand({ RoleName: n, Path: '/listing/', AssumeRolePolicyDocument: TRUST }));
    const first = await iam.send(new ListRolesCommand({ PathPrefix: '/listing/', MaxItems: 2 }));
    const rest = await iam.send(new ListRolesCommand({ PathPrefix: '/listing/', Marker: first.Marker }));
    expect(first.Roles?.map((r) => r.RoleName)).toEqual(['list-a', 'list-b']);
    expect(first.IsTruncated).toBe(true);
    expect(rest.Roles?.map((r) => r.RoleName)).toEqual(['list-c']);
    const trust2 = TRUST.replace('lambda', 'apigateway');
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'list-a', PolicyDocument: trust2 }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'list-a' }))).Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(trust2));
  });

  it('exposes roles and their policies in-process to other services', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'in-process', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'in-process', PolicyName: 'read', PolicyDocument: S3_READ }));
    const service = cloud().service<IamService>('iam');
    expect(service.backend.getRole('IN-PROCESS')).toMatchObject({ roleName: 'in-process', assumeRolePolicyDocument: TRUST, arn: 'arn:aws:iam::000000000000:role/in-process' });
    expect(service.backend.getRolePolicies('in-process')).toEqual({ inline: [{ policyName: 'read', policyDocument: S3_READ }], attached: [] });
    expect(service.backend.getRole('nobody')).toBeUndefined();
  });
});
