import { AwsError } from '../../core/aws-error';
import type { AwsService, ServiceDeps } from '../../core/service';
import type { KmsInternalApi, KmsService } from '../kms';
import { LogsBackend } from './backend';
import { LogStore } from './log-store';
import { logsOperations } from './operations';

/** What CloudWatch Logs needs: the store and KMS's in-process API. */
export interface LogsServiceDeps extends ServiceDeps {
  /** @default the KMS service of `services` */
  readonly kms?: Pick<KmsService, 'internal'>;
}

export interface LogsService extends AwsService {
  /** The domain, for in-process callers (Lambda's log shipper, API Gateway's access logs) and tests. */
  readonly backend: LogsBackend;
}

/**
 * CloudWatch Logs (awsJson1_1, `Logs_20140328`): groups, streams, events, filter patterns, tags, retention,
 * and customer-managed KMS keys checked and used exactly where AWS checks and uses them.
 *
 * @example
 * const logs = createLogsService({ store, kms });
 * await logs.operations.CreateLogGroup({ logGroupName: 'app', kmsKeyId: keyArn }, ctx);
 */
export function createLogsService(deps: LogsServiceDeps): LogsService {
  const kms = (): KmsInternalApi => {
    const service = deps.kms ?? deps.services?.get<KmsService>('kms');
    if (!service) throw new AwsError('ServiceUnavailableException', 'KMS is not available to CloudWatch Logs.', { status: 500 });
    return service.internal;
  };
  const backend = new LogsBackend(new LogStore(deps.store), kms);
  return { signingName: 'logs', protocol: 'awsJson1_1', targetPrefix: 'Logs_20140328', operations: logsOperations(backend), backend };
}
