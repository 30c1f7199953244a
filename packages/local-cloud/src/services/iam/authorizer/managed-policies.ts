import { iamPolicyArn } from '../../../core/arns/iam';

/**
 * The AWS managed policies local-cloud knows the documents of, each with the page it was read from (the AWS
 * Managed Policy Reference, https://docs.aws.amazon.com/aws-managed-policy/latest/reference/<name>.html).
 * An attached AWS managed policy not listed here grants nothing (fail closed), and the authorizer says so.
 */
export interface ManagedPolicy {
  readonly arn: string;
  /** The default version's document, as the reference page shows it. */
  readonly document: object;
  /** Where the document came from. */
  readonly source: string;
}

const reference = (name: string) => `https://docs.aws.amazon.com/aws-managed-policy/latest/reference/${name}.html`;

const policy = (path: string, name: string, statements: object[]): ManagedPolicy => ({
  arn: iamPolicyArn('aws', name, `/${path}`),
  document: { Version: '2012-10-17', Statement: statements },
  source: reference(name),
});

const MANAGED: readonly ManagedPolicy[] = [
  policy('', 'AdministratorAccess', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
  policy('', 'PowerUserAccess', [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    {
      Effect: 'Allow',
      Action: ['account:GetAccountInformation', 'account:GetPrimaryEmail', 'account:ListRegions', 'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization'],
      Resource: '*',
    },
  ]),
  policy('', 'AWSCloudFormationReadOnlyAccess', [
    {
      Effect: 'Allow',
      Action: ['cloudformation:Describe*', 'cloudformation:EstimateTemplateCost', 'cloudformation:Get*', 'cloudformation:List*',
        'cloudformation:ValidateTemplate', 'cloudformation:Detect*'],
      Resource: '*',
    },
  ]),
  // a subset: ReadOnlyAccess's statement lists every service; these are its entries for the services local-cloud
  // emulates (a subset of an allow-only policy never allows more than AWS does)
  policy('', 'ReadOnlyAccess', [
    {
      Effect: 'Allow',
      Action: ['apigateway:GET', 'cloudformation:Describe*', 'cloudformation:Detect*', 'cloudformation:Estimate*', 'cloudformation:Get*',
        'cloudformation:List*', 'iam:Generate*', 'iam:Get*', 'iam:List*', 'iam:Simulate*', 'kms:Describe*', 'kms:Get*', 'kms:List*',
        'lambda:Get*', 'lambda:List*', 'logs:Describe*', 'logs:FilterLogEvents', 'logs:Get*', 'logs:List*', 's3:Get*', 's3:List*',
        'ssm:Describe*', 'ssm:Get*', 'ssm:List*', 'sts:GetCallerIdentity'],
      Resource: '*',
    },
  ]),
  policy('service-role/', 'AWSLambdaBasicExecutionRole', [
    { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
  ]),
  policy('service-role/', 'AmazonAPIGatewayPushToCloudWatchLogs', [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents',
        'logs:GetLogEvents', 'logs:FilterLogEvents'],
      Resource: '*',
    },
  ]),
];

const BY_ARN = new Map(MANAGED.map((p) => [p.arn, p]));

/** The AWS managed policy with this ARN, or undefined when local-cloud does not ship its document. */
export function awsManagedPolicy(arn: string): ManagedPolicy | undefined {
  return BY_ARN.get(arn);
}

/** Every AWS managed policy local-cloud ships (for docs and tests). */
export const AWS_MANAGED_POLICIES: readonly ManagedPolicy[] = MANAGED;
