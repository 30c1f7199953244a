import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand, SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { useLocalCloud } from '../../helpers/local-cloud';

/** IAM's policy simulator answered by the authorizer's own decision, in AWS's result shape. */
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const group = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}:log-stream:x`;

describe('IAM policy simulator', () => {
  const { iam } = useLocalCloud({ iam: IAMClient });

  beforeAll(async () => {
    const trust = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
    await iam.send(new CreateRoleCommand({ RoleName: 'fn-role', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'fn-role', PolicyName: 'own-group',
      PolicyDocument: doc({ Sid: 'OwnGroup', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/fn:*` },
        { Sid: 'NoKms', Effect: 'Deny', Action: 'kms:*', Resource: '*' }),
    }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'fn-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs' }));
  });

  it('SimulatePrincipalPolicy answers allowed / explicitDeny / implicitDeny with the statements that decided', async () => {
    // Act
    const out = await iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/fn-role`,
      ActionNames: ['logs:PutLogEvents', 'kms:Decrypt', 'ssm:GetParameter'],
      ResourceArns: [group('/aws/lambda/fn')],
    }));
    // Assess
    const byAction = Object.fromEntries((out.EvaluationResults ?? []).map((r) => [r.EvalActionName, r]));
    expect(byAction['logs:PutLogEvents']).toMatchObject({ EvalDecision: 'allowed', EvalResourceName: group('/aws/lambda/fn') });
    expect(byAction['logs:PutLogEvents'].MatchedStatements?.map((m: { SourcePolicyId?: string }) => m.SourcePolicyId)).toEqual(
      expect.arrayContaining(['role/fn-role inline policy own-group', 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs']),
    );
    expect(byAction['kms:Decrypt']).toMatchObject({ EvalDecision: 'explicitDeny', MatchedStatements: [{ SourcePolicyId: 'role/fn-role inline policy own-group', SourcePolicyType: 'role' }] });
    expect(byAction['ssm:GetParameter']).toMatchObject({ EvalDecision: 'implicitDeny' });
    expect(out.IsTruncated).toBe(false);
  });

  it('SimulateCustomPolicy evaluates the given policies with the given context, and lists the keys it lacked', async () => {
    // Prepare
    const policy = doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:x' } } });
    // Act
    const withKey = await iam.send(new SimulateCustomPolicyCommand({
      PolicyInputList: [policy], ActionNames: ['kms:Decrypt'],
      ContextEntries: [{ ContextKeyName: 'kms:EncryptionContext:aws:logs:arn', ContextKeyValues: ['arn:x'], ContextKeyType: 'string' }],
    }));
    const without = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy], ActionNames: ['kms:Decrypt'] }));
    // Assess
    expect(withKey.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'allowed', EvalResourceName: '*', MissingContextValues: [] });
    expect(without.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: ['kms:EncryptionContext:aws:logs:arn'] });
  });

  it('SimulatePrincipalPolicy of an unknown role is NoSuchEntity', async () => {
    await expect(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/nope`, ActionNames: ['s3:GetObject'] })))
      .rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });
});
