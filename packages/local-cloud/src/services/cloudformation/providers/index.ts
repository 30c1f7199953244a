import { apiAccountProvider } from './apigateway-account';
import { apiDeploymentProvider } from './apigateway-deployment';
import { apiMethodProvider } from './apigateway-method';
import { apiResourceProvider } from './apigateway-resource';
import { restApiProvider } from './apigateway-rest-api';
import { apiStageProvider } from './apigateway-stage';
import { cdkMetadataProvider } from './cdk-metadata';
import { iamPolicyProvider } from './iam-policy';
import { iamRoleProvider } from './iam-role';
import { kmsAliasProvider } from './kms-alias';
import { kmsKeyProvider } from './kms-key';
import { lambdaFunctionProvider } from './lambda-function';
import { lambdaPermissionProvider } from './lambda-permission';
import { logGroupProvider } from './logs-log-group';
import type { ResourceProvider } from './provider';

/** Every resource type local-cloud's CloudFormation can deploy, by type. */
export function createProviders(): Map<string, ResourceProvider> {
  const all: ResourceProvider[] = [
    kmsKeyProvider,
    kmsAliasProvider,
    logGroupProvider,
    iamRoleProvider,
    iamPolicyProvider,
    lambdaFunctionProvider,
    lambdaPermissionProvider,
    restApiProvider,
    apiResourceProvider,
    apiMethodProvider,
    apiDeploymentProvider,
    apiStageProvider,
    apiAccountProvider,
    cdkMetadataProvider,
  ];
  return new Map(all.map((p) => [p.type, p]));
}

export type { ResourceProvider, ProviderContext, ProviderResult } from './provider';
