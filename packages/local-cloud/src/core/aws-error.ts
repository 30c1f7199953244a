/**
 * An error in AWS's own terms. Services throw it; the protocol layer encodes it in the shape of the
 * service's protocol (awsQuery XML, awsJson `__type`, restJson `X-Amzn-ErrorType`, restXml `<Error>`).
 *
 * @example
 * throw new AwsError('NotFoundException', `Key 'arn:aws:kms:…' does not exist`, { status: 400 });
 */
export class AwsError extends Error {
  /** The error code clients match on, e.g. `AccessDeniedException`, `ValidationError`, `NoSuchKey`. */
  public readonly code: string;
  /** HTTP status. Defaults to 400: a deterministic failure must never be a retried 5xx. */
  public readonly status: number;
  /** `Sender` (the caller's fault) or `Receiver` (ours); awsQuery writes it into `<Type>`. */
  public readonly fault: 'Sender' | 'Receiver';
  /** Extra members of the error shape (S3 `BucketName`, `Key`, …), written beside code and message. */
  public readonly fields: Record<string, string>;
  /** Extra response headers (e.g. `x-amz-function-error`). */
  public readonly headers: Record<string, string>;

  constructor(
    code: string,
    message: string,
    opts: { status?: number; fault?: 'Sender' | 'Receiver'; fields?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = opts.status ?? 400;
    this.fault = opts.fault ?? (this.status >= 500 ? 'Receiver' : 'Sender');
    this.fields = opts.fields ?? {};
    this.headers = opts.headers ?? {};
  }
}
