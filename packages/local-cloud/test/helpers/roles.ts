// The execution roles the tests give their functions.
import { CreateRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { policyDocument } from './key-policies';

/** The trust policy of a Lambda execution role: the Lambda service may assume it. */
export const LAMBDA_TRUST = policyDocument({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });

/** Creates a role Lambda may assume, with no permissions yet; returns its ARN. */
export async function createLambdaRole(iam: IAMClient, roleName: string): Promise<string> {
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: LAMBDA_TRUST }));
  return Role!.Arn!;
}
