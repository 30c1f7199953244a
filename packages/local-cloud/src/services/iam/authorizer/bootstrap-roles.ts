import { iamRoleArn } from '../../../core/arns/iam';

/**
 * The policies `cdk bootstrap` gives its roles (aws-cdk's `lib/api/bootstrap/bootstrap-template.yaml`, default
 * qualifier `hnb659fds`, no trusted accounts, no custom execution policies, no permissions boundary).
 * local-cloud starts bootstrapped: these roles exist in every account and region without an IAM row.
 * The image-publishing role's ECR permissions are left out (local-cloud has no ECR).
 */
export interface BootstrapRolePolicies {
  readonly inline: ReadonlyArray<{ readonly policyName: string; readonly document: object }>;
  readonly attached: readonly string[];
}

const NAME = /^cdk-hnb659fds-(deploy|file-publishing|image-publishing|lookup|cfn-exec)-role-(\d{12})-([a-z0-9-]+)$/;

/** The bootstrap role this name belongs to, or undefined. */
export function bootstrapRole(roleName: string): { kind: string; accountId: string; region: string } | undefined {
  const m = NAME.exec(roleName);
  return m ? { kind: m[1], accountId: m[2], region: m[3] } : undefined;
}

/** What the bootstrap template attaches to the role of this name; undefined for any other name. */
export function bootstrapRolePolicies(roleName: string): BootstrapRolePolicies | undefined {
  const role = bootstrapRole(roleName);
  if (!role) return undefined;
  const { accountId: account, region } = role;
  const staging = `arn:aws:s3:::cdk-hnb659fds-assets-${account}-${region}`;
  const doc = (statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
  switch (role.kind) {
    case 'deploy':
      return {
        attached: ['arn:aws:iam::aws:policy/AWSCloudFormationReadOnlyAccess'],
        inline: [{
          policyName: 'default',
          document: doc([
            { Sid: 'DeployPermissions', Effect: 'Allow', Resource: '*', Action: ['cloudformation:CreateChangeSet', 'cloudformation:DeleteChangeSet',
              'cloudformation:ExecuteChangeSet', 'cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:RollbackStack',
              'cloudformation:ContinueUpdateRollback'] },
            { Sid: 'PipelineCrossAccountArtifactsBucket', Effect: 'Allow', Resource: '*',
              Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:Abort*', 's3:DeleteObject*', 's3:PutObject*'],
              Condition: { StringNotEquals: { 's3:ResourceAccount': account } } },
            { Sid: 'PipelineCrossAccountArtifactsKey', Effect: 'Allow', Resource: '*',
              Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
              Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } } },
            { Effect: 'Allow', Action: 'iam:PassRole', Resource: iamRoleArn(account, `cdk-hnb659fds-cfn-exec-role-${account}-${region}`) },
            { Sid: 'CliPermissions', Effect: 'Allow', Resource: '*',
              Action: ['cloudformation:DeleteStack', 'cloudformation:UpdateTerminationProtection', 'sts:GetCallerIdentity'] },
            { Sid: 'CliStagingBucket', Effect: 'Allow', Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], Resource: [staging, `${staging}/*`] },
            { Sid: 'ReadVersion', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'],
              Resource: [`arn:aws:ssm:${region}:${account}:parameter/cdk-bootstrap/hnb659fds/version`] },
            { Sid: 'Refactor', Effect: 'Allow', Action: ['cloudformation:CreateStackRefactor', 'cloudformation:ExecuteStackRefactor'], Resource: '*' },
          ]),
        }],
      };
    case 'file-publishing':
      return {
        attached: [],
        inline: [{
          policyName: `cdk-hnb659fds-file-publishing-role-default-policy-${account}-${region}`,
          document: doc([
            { Effect: 'Allow', Resource: [staging, `${staging}/*`],
              Action: ['s3:GetObject*', 's3:GetBucket*', 's3:GetEncryptionConfiguration', 's3:List*', 's3:DeleteObject*', 's3:PutObject*', 's3:Abort*'],
              Condition: { StringEquals: { 'aws:ResourceAccount': [account] } } },
            { Effect: 'Allow', Resource: `arn:aws:kms:${region}:${account}:key/AWS_MANAGED_KEY`,
              Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] },
          ]),
        }],
      };
    case 'lookup':
      return {
        attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        inline: [{ policyName: 'LookupRolePolicy', document: doc([{ Sid: 'DontReadSecrets', Effect: 'Deny', Action: ['kms:Decrypt'], Resource: '*' }]) }],
      };
    case 'cfn-exec':
      return { attached: ['arn:aws:iam::aws:policy/AdministratorAccess'], inline: [] };
    default:
      return { attached: [], inline: [] };
  }
}
