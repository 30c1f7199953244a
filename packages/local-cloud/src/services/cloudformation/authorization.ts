import { type AuthorizationRequest, one, type AuthorizationTable } from '../../core/operation';
import { buildArn } from '../../core/arn';
import type { CallContext } from '../../core/service';

/**
 * CloudFormation's IAM facts per operation (Service Authorization Reference, "Actions, resources, and condition
 * keys for AWS CloudFormation": https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html):
 * stack operations act on `arn:aws:cloudformation:<r>:<a>:stack/<name>/*` (or the stack id given); ListStacks,
 * ListExports, ValidateTemplate and GetTemplateSummary of a template have no resource type. A `RoleARN` needs
 * `iam:PassRole` with `iam:PassedToService` = `cloudformation.amazonaws.com`.
 */
type Input = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function stackArn(input: Input, ctx: CallContext, member = 'StackName'): string {
  const name = str(input[member]);
  return name.startsWith('arn:') ? name : buildArn('cloudformation', ctx.region, ctx.accountId, `stack/${name}/*`);
}

const passRole = (role: unknown): AuthorizationRequest[] =>
  str(role) ? one('iam:PassRole', str(role), { 'iam:PassedToService': 'cloudformation.amazonaws.com' }) : [];
const onStack = (action: string) => (input: Input, ctx: CallContext) => one(action, stackArn(input, ctx));
const withRole = (action: string) => (input: Input, ctx: CallContext) => [...one(action, stackArn(input, ctx)), ...passRole(input.RoleARN)];
/** DescribeStacks and DescribeStackEvents without a stack name list every stack. */
const onStackOrAll = (action: string) => (input: Input, ctx: CallContext) => one(action, str(input.StackName) ? stackArn(input, ctx) : '*');

export const CLOUDFORMATION_AUTHORIZATION: AuthorizationTable = {
  CreateChangeSet: withRole('cloudformation:CreateChangeSet'),
  DescribeChangeSet: onStack('cloudformation:DescribeChangeSet'),
  ExecuteChangeSet: onStack('cloudformation:ExecuteChangeSet'),
  DeleteChangeSet: onStack('cloudformation:DeleteChangeSet'),
  ListChangeSets: onStack('cloudformation:ListChangeSets'),
  DescribeStacks: onStackOrAll('cloudformation:DescribeStacks'),
  ListStacks: () => one('cloudformation:ListStacks', '*'),
  CreateStack: withRole('cloudformation:CreateStack'),
  UpdateStack: withRole('cloudformation:UpdateStack'),
  DeleteStack: withRole('cloudformation:DeleteStack'),
  UpdateTerminationProtection: onStack('cloudformation:UpdateTerminationProtection'),
  DescribeStackEvents: onStackOrAll('cloudformation:DescribeStackEvents'),
  DescribeStackResources: onStackOrAll('cloudformation:DescribeStackResources'),
  DescribeStackResource: onStack('cloudformation:DescribeStackResource'),
  ListStackResources: onStack('cloudformation:ListStackResources'),
  GetTemplate: onStack('cloudformation:GetTemplate'),
  GetTemplateSummary: onStackOrAll('cloudformation:GetTemplateSummary'),
  ValidateTemplate: () => one('cloudformation:ValidateTemplate', '*'),
  ListExports: () => one('cloudformation:ListExports', '*'),
};
