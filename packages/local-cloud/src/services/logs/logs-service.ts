import { AwsError } from '../../core/aws-error';
import type { AwsService, ServiceDeps } from '../../core/service';
import type { KmsBackend, KmsService } from '../kms';
import { LogsBackend } from './backend';
import { MAX_NAME_LENGTH, nameTooLong } from './errors';
import { LogStore } from './log-store';
import { logsOperations } from './operations';
import { LOGS_AUTHORIZATION } from './authorization';

/** What CloudWatch Logs needs: the store and KMS's backend. */
export interface LogsServiceDeps extends ServiceDeps {
  /** @default the KMS service of `services` */
  readonly kms?: Pick<KmsService, 'backend'>;
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
  const kms = (): KmsBackend => {
    const service = deps.kms ?? deps.services?.get<KmsService>('kms');
    if (!service) throw new AwsError('ServiceUnavailableException', 'KMS is not available to CloudWatch Logs.', { status: 500 });
    return service.backend;
  };
  const backend = new LogsBackend(new LogStore(deps.store), kms);
  // a name over 512 characters gets Logs' own text before the model's length constraint is checked
  const precheck = (_operation: string, input: Record<string, unknown>): void => {
    for (const member of ['logGroupName', 'logStreamName']) {
      const name = input[member];
      if (typeof name === 'string' && name.length > MAX_NAME_LENGTH) throw nameTooLong();
    }
  };
  return { signingName: 'logs', authorization: LOGS_AUTHORIZATION, protocol: 'awsJson1_1', targetPrefix: 'Logs_20140328', operations: logsOperations(backend), backend, precheck };
}
