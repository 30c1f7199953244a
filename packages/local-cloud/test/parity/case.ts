// What a parity case is: one request, and the answer real AWS gave to it (recorded), with where that record comes from.

/** The services the parity suite covers, by the name their SDK v3 client package carries. */
export type ParityService = 'kms' | 'logs' | 'lambda' | 'apigateway' | 'cloudformation';

/** Resources a case needs before its request is sent; created fresh for each case (see `fixtures.ts`). */
export type FixtureName =
  | 'key'
  | 'otherKey'
  | 'disabledKey'
  | 'pendingDeletionKey'
  | 'rotatingKey'
  | 'taggedKey'
  | 'alias'
  | 'ciphertext'
  | 'logGroup'
  | 'logStream'
  | 'encryptedLogGroup'
  | 'taggedLogGroup'
  | 'retainedLogGroup'
  | 'logsKey'
  | 'role'
  | 'function'
  | 'permission'
  | 'restApi'
  | 'resource'
  | 'method'
  | 'proxyResource'
  | 'stage'
  | 'stack'
  | 'changeSet'
  | 'emptyChangeSet';

/**
 * The recorded AWS answer. Strings are compared after normalising the actual answer (see `compare.ts`):
 * `<uuid>`, `<account>`, `<region>`, `arn:<partition>:` stand for what differs between accounts and runs;
 * `<any>` is "present, any value"; `<datetime>` a timestamp, `<number>` any number, `<blob>` bytes.
 */
export interface RecordedAnswer {
  /** HTTP status code */
  status: number;
  /** For an error: AWS's error code and message text (`''` when AWS sends none; `{{name}}` filled from fixtures). */
  error?: { code: string; message: string };
  /** For a success: the response's fields (without `ResponseMetadata`); keys must match both ways. */
  body?: Record<string, unknown>;
}

export interface ParityCase {
  /** What is asked, in a few words (the test's name). */
  name: string;
  /** Where the recorded answer comes from: `<file>#<test>/<snapshot key>` for LocalStack's recordings, else the AWS page or model. */
  source: string;
  /** Resources created before the request (fixtures); their values fill `{{name}}` placeholders in `input`. */
  given?: FixtureName[];
  /** The operation (SDK v3 command name without `Command`) and its input. */
  request: { op: string; input: Record<string, unknown> };
  aws: RecordedAnswer;
}

/** Where LocalStack's recordings (Apache-2.0, recorded against real AWS) live: `localstack/localstack` at this commit. */
export const LOCALSTACK = 'localstack/localstack@8b9a79f0 tests/aws/services/';
