import type { AwsService, ServiceDeps, ServiceDirectory } from '../core/service';
import { createApiGatewayService } from './apigateway';
import { createIamService } from './iam';
import { createS3Service } from './s3';
import { createSsmService } from './ssm';
import { createStsService } from './sts';
import { createKmsService } from './kms';
import { createLogsService } from './logs';
import { createLambdaService } from './lambda';
import { createCloudFormationService, CloudFormationDeps } from './cloudformation';

/**
 * The single list of services this server emulates. Each factory gets the store and a directory of the
 * others (resolved when called, so the order below does not matter for in-process calls). Tests may give
 * CloudFormation more resource providers.
 */
export function createServices(deps: ServiceDeps & Pick<CloudFormationDeps, 'providers'>): AwsService[] {
  const services: AwsService[] = [];
  const directory: ServiceDirectory = {
    get: <T extends AwsService>(signingName: string) => services.find((s) => s.signingName === signingName) as T | undefined,
  };
  const shared: ServiceDeps = { ...deps, services: directory };
  services.push(
    createIamService(shared),
    createStsService(shared),
    createSsmService(shared),
    createS3Service(shared),
    createApiGatewayService(shared),
    createKmsService(shared),
    createLogsService(shared),
    createLambdaService(shared),
    createCloudFormationService(shared),
  );
  return services;
}
