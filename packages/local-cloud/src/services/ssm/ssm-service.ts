import type { AwsService, ServiceDeps } from '../../core/service';
import { ssmOperations } from './operations';
import { SsmBackend } from './ssm-backend';
import { SSM_AUTHORIZATION } from './authorization';

export interface SsmService extends AwsService {
  /** SSM's domain: what CloudFormation and tests call in-process. */
  readonly backend: SsmBackend;
}

/**
 * SSM Parameter Store (awsJson1_1, `AmazonSSM`): String, StringList and SecureString parameters with versions,
 * per region. SecureString values are stored as given; without WithDecryption an opaque token comes back.
 */
export function createSsmService(deps: ServiceDeps): SsmService {
  const backend = new SsmBackend(deps.store);
  return {
    signingName: 'ssm',
    authorization: SSM_AUTHORIZATION,
    protocol: 'awsJson1_1',
    targetPrefix: 'AmazonSSM',
    operations: ssmOperations(backend),
    backend,
    onRegion(region, accountId) {
      backend.addRegion({ accountId, region });
    },
  };
}
