import type { HttpRequest, HttpResponse } from './http';
import type { XmlHints } from '../protocols/xml';
import type { RestRoute } from '../protocols/rest-routes';
import type { Store } from '../store/store';
import type { AuthorizationTable } from './operation';

/** Who is calling and where: resolved from the request's SigV4 credentials before a service runs. */
export interface CallContext {
  /** The request id sent back as `x-amzn-RequestId` (and in awsQuery's `ResponseMetadata`). */
  readonly requestId: string;
  /** Account of the caller: `000000000000` locally. */
  readonly accountId: string;
  /** Region from the SigV4 credential scope (default `ap-southeast-1`). */
  readonly region: string;
  /**
   * The IAM principal ARN the call acts as: `arn:aws:iam::<acct>:root` for the configured access key,
   * or the role ARN of an assumed-role session (its session credentials map back to the role).
   */
  readonly principalArn: string;
  /** The ARN STS GetCallerIdentity reports (`…:root`, or `arn:aws:sts::<acct>:assumed-role/<role>/<session>`). */
  readonly callerArn: string;
  /** The access key id the request was signed with. */
  readonly accessKeyId: string;
  /** The local endpoint, e.g. `http://127.0.0.1:4566` (for URLs a service hands out). */
  readonly endpoint: string;
}

/**
 * One AWS operation: typed input in, typed output out, or a thrown `AwsError`. The input is the
 * operation's input shape as the protocol decoded it (member names as in the service model); the
 * output is its output shape (member names as in the model; `Date` for timestamps, `Buffer`/`Uint8Array`
 * for blobs). The protocol layer does every encoding.
 *
 * What decoding cannot know without the model stays as sent: awsQuery scalars arrive as strings
 * (`"3600"`, `"true"`), awsJson blobs as base64 strings, awsJson timestamps as the numbers sent.
 */
export type Operation<I = any, O = any> = (input: I, ctx: CallContext) => O | Promise<O>;

/** The wire protocol of a service, as named by the Smithy/botocore models. */
export type Protocol = 'awsQuery' | 'awsJson1_1' | 'restJson1' | 'restXml';

/**
 * A handler for requests that are not AWS API calls, tried before service routing (the API Gateway
 * execute-api data plane, say). It answers raw HTTP and is unauthenticated.
 */
export interface DataPlane {
  /** Whether the request belongs to this data plane (decided from method, raw path and headers). */
  matches(req: HttpRequest): boolean;
  handle(req: HttpRequest, ctx: DataPlaneContext): HttpResponse | Promise<HttpResponse>;
}

/** What a data plane knows about the request besides its bytes. */
export interface DataPlaneContext {
  readonly requestId: string;
  readonly accountId: string;
  readonly region: string;
  readonly endpoint: string;
}

/** A service as the server sees it. */
export interface AwsService {
  /** The SigV4 signing name: `sts`, `iam`, `cloudformation`, `kms`, `logs`, `ssm`, `lambda`, `apigateway`, `s3`. */
  readonly signingName: string;
  readonly protocol: Protocol;
  /** awsJson `X-Amz-Target` prefix (`TrentService`, `Logs_20140328`, `AmazonSSM`) */
  readonly targetPrefix?: string;
  /** awsQuery API version and XML namespace (restXml: the namespace of response roots) */
  readonly apiVersion?: string;
  readonly xmlNamespace?: string;
  /** Operations by their model name (`CreateKey`, `PutLogEvents`, …), each declared in the service's `operations.ts`. */
  readonly operations: Record<string, Operation>;
  /**
   * The IAM facts of each operation, by the same names (`services/<service>/authorization.ts`, from AWS's Service
   * Authorization Reference): what the authorizer asks IAM to allow before the operation runs. An operation
   * without an entry is refused, never allowed.
   */
  readonly authorization?: AuthorizationTable;
  /**
   * restJson1/restXml: how HTTP requests map to operations (method + URI template + bindings).
   * A route whose operation is missing from `operations` answers "not implemented".
   */
  readonly routes?: readonly RestRoute[];
  /**
   * awsQuery/restXml output: members whose XML differs from the default (lists wrapped in `<member>`),
   * e.g. S3's flattened `Contents` or `Buckets` → `<Bucket>`. Keyed by member name, at any depth.
   */
  readonly xmlHints?: XmlHints;
  /**
   * Checks the service makes before its model's constraints, in its own words (CloudWatch Logs answers a name over
   * 512 characters with its own text, not the model's length message). Throws an `AwsError`.
   */
  precheck?(operation: string, input: Record<string, unknown>): void;
  /** Requests this service answers outside the AWS API (tried before service routing). */
  readonly dataPlane?: DataPlane;
  /**
   * Called once per region: for the default region at start, and the first time a request for another
   * region arrives. Must be idempotent (it runs again after a restart). Creates what a region starts with.
   */
  onRegion?(region: string, accountId: string): void;
  /**
   * Finishes in-flight work (a running deployment, buffered log lines, Lambda workers) before the server
   * closes the store. Without it, an acknowledged action could be lost on `local-cloud stop`.
   */
  close?(): Promise<void>;
}

/** Other services, looked up by signing name when called (so construction order does not matter). */
export interface ServiceDirectory {
  get<T extends AwsService = AwsService>(signingName: string): T | undefined;
}

/** What every service factory receives: the shared state and the other services it may call in-process. */
export interface ServiceDeps {
  readonly store: Store;
  /**
   * The services of this server, for in-process calls (STS asks IAM whether a role exists; Logs asks KMS).
   * Absent when a service is built on its own (unit tests).
   */
  readonly services?: ServiceDirectory;
}
