import type { RequestPrincipal } from '@kms-logs-api/iam-policy';
import type { ServiceDeps } from '../../core/service';
import type { CodeObjectReader } from './function-code';

/* The types of LambdaBackend's construction and in-process calls (API Gateway's proxy integration, tests). */

/** What the Lambda backend needs besides the store and the other services. */
export interface LambdaBackendDeps extends ServiceDeps {
  /**
   * local-cloud's state directory: code is unpacked under `<stateDir>/lambda/`. Defaults to the directory of
   * the store's database file, or a temporary directory (removed by `close()`) for an in-memory store.
   */
  readonly stateDir?: string;
  /** local-cloud's own server log (failed log deliveries, failed async invocations). @default stderr */
  readonly log?: (line: string) => void;
  /** Functions' `AWS_ENDPOINT_URL`. @default the endpoint of the calls this service receives */
  readonly endpoint?: string;
  /** Execution environments per function. @default env `LOCAL_CLOUD_LAMBDA_MAX_ENVIRONMENTS`, else 10 */
  readonly maxEnvironmentsPerFunction?: number;
  /** An idle execution environment is stopped after this long. @default 300000 */
  readonly idleTimeoutMs?: number;
  /** Longest wait before queued log events are written to CloudWatch Logs. @default 50 */
  readonly logFlushIntervalMs?: number;
  /**
   * How long a new function stays `Pending` and an update `InProgress` (`function-state.ts`).
   * @default env `LOCAL_CLOUD_LAMBDA_STATE_DELAY_MS`, else 100
   */
  readonly stateDelayMs?: number;
  /** Reads a deployment package from S3. @default S3's backend from `services` */
  readonly readCodeObject?: CodeObjectReader;
}

/** An invocation as Invoke and in-process callers (API Gateway's proxy integration) ask for it. */
export interface InvokeInput {
  /** Name, partial ARN or ARN (its region and account are then used). */
  readonly functionName: string;
  readonly qualifier?: string;
  /** @default RequestResponse */
  readonly invocationType?: string;
  /** `Tail` returns the last 4 KB of the invocation's log. @default None */
  readonly logType?: string;
  /** `X-Amz-Client-Context`: base64 JSON. */
  readonly clientContext?: string;
  /** The event: JSON text (or its bytes); empty means `{}`. */
  readonly payload?: string | Uint8Array;
  /**
   * The payload is the output of `JSON.stringify` (API Gateway's event): Lambda checks its size but need not
   * parse it to prove it is JSON. Callers passing text from outside must leave this unset.
   */
  readonly payloadIsJson?: boolean;
}

/** Would the function's resource policy let this principal invoke it (API Gateway: its execute-api source ARN)? */
export interface InvokePermissionQuery {
  readonly functionName: string;
  readonly principal: RequestPrincipal;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
}
