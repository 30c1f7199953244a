import type { Scope } from '../../core/scope';
import type { AwsService, ServiceDeps } from '../../core/service';
import { iamBackendOf } from '../iam/iam-service';
import type { LambdaService } from '../lambda';
import type { LogsService } from '../logs';
import { AccessLogWriter } from './access-log-writer';
import type { AccessLogSink } from './access-log-writer';
import { RestApiControlPlane } from './control-plane';
import { ExecuteApi } from './execute-api';
import type { LambdaIntegrationTarget } from './execute-api';
import { lambdaTargetOf } from './lambda-target';
import { apiGatewayOperations } from './operations';
import { RestApiStore } from './rest-api-store';
import { API_GATEWAY_ROUTES } from './routes';
import { APIGATEWAY_AUTHORIZATION } from './authorization';

export interface ApiGatewayServiceDeps extends ServiceDeps {
  /** Lambda for proxy integrations. @default the `lambda` service of `services` */
  readonly lambda?: LambdaIntegrationTarget;
  /** Where access-log batches go. @default CloudWatch Logs' `LogsBackend.deliverLogEvents` from `services` */
  readonly accessLogSink?: AccessLogSink;
  /** The server log. @default a line on stderr */
  readonly log?: (message: string) => void;
  /** Longest time an access-log line waits before it is written. @default 50 */
  readonly accessLogFlushMs?: number;
}

export interface ApiGatewayService extends AwsService {
  /** The control plane (API Gateway's backend): what the operations run, for in-process callers and tests. */
  readonly backend: RestApiControlPlane;
  /** Writes every buffered access-log line now and waits for the writes. */
  flushAccessLogs(): Promise<void>;
  readonly dataPlane: ExecuteApi;
  /** Writes the access-log lines still buffered (call before the store closes). */
  close(): Promise<void>;
}

/**
 * API Gateway, REST APIs (v1): the restJson1 control plane (`/restapis…`, `/account`) and the
 * execute-api data plane, with state in SQLite and an in-memory route cache per deployment.
 */
export function createApiGatewayService(deps: ApiGatewayServiceDeps): ApiGatewayService {
  const log = deps.log ?? ((message: string) => process.stderr.write(`[apigateway] ${message}\n`));
  const db = new RestApiStore(deps.store);
  let dataPlane: ExecuteApi | undefined;
  const restApis = new RestApiControlPlane(db, (apiId) => dataPlane?.invalidate(apiId));

  const sink: AccessLogSink =
    deps.accessLogSink ??
    ((batch) => {
      const logs = deps.services?.get<LogsService>('logs');
      if (!logs) throw new Error('the CloudWatch Logs service is not available');
      logs.backend.deliverLogEvents(batch.logGroupName, batch.logStreamName, batch.events, {
        accountId: batch.accountId,
        region: batch.region,
      });
    });
  const accessLogs = new AccessLogWriter(
    sink,
    (error, batch) =>
      log(
        `access log write to ${batch.logGroupName} (${batch.region}, ${batch.accountId}) failed, ` +
          `${batch.events.length} line(s) dropped: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      ),
    deps.accessLogFlushMs,
  );
  dataPlane = new ExecuteApi({
    controlPlane: restApis,
    lambda: () => deps.lambda ?? lambdaTargetOf(deps.services?.get<LambdaService>('lambda')?.backend),
    accessLogs,
    log,
  });

  /** IAM's `roleTrusts` for apigateway.amazonaws.com; without IAM to ask it throws, never answers yes. */
  const roleTrustsApiGateway = (roleArn: string, scope: Scope): boolean =>
    iamBackendOf(deps.services).roleTrusts(roleArn, { Service: 'apigateway.amazonaws.com' }, scope);

  const operations = apiGatewayOperations(restApis, roleTrustsApiGateway);

  return {
    signingName: 'apigateway',
    authorization: APIGATEWAY_AUTHORIZATION,
    protocol: 'restJson1',
    operations,
    routes: API_GATEWAY_ROUTES,
    dataPlane,
    backend: restApis,
    flushAccessLogs: () => accessLogs.flush(),
    close: () => accessLogs.flush(),
  };
}
