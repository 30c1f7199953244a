import type { CallContext, Operation } from './service';

/**
 * What one call asks IAM to allow, as AWS's Service Authorization Reference lists it for the operation:
 * the action, the resource ARN(s) (`*` for actions without a resource type) and the condition keys the
 * call supplies. The authorizer in the request pipeline decides it; no service decides authorization
 * on its own.
 */
export interface AuthorizationRequest {
  /** `kms:Encrypt`, `logs:CreateLogGroup`, … */
  readonly action: string;
  /** The resource ARNs the action is on; `['*']` when the reference lists no resource type. */
  readonly resources: readonly string[];
  /** Service condition keys this call supplies (`kms:EncryptionContext:…`, `iam:PassedToService`, …). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** One operation as its service declares it: what it does, and what IAM must allow for it. */
export interface OperationDeclaration<I = any, O = any> {
  /** Runs the operation on input the pipeline has already validated against the model. */
  readonly run: Operation<I, O>;
  /**
   * What IAM must allow for this call (the authorization issue fills these in). Called after validation,
   * before `run`; may look resources up (a KMS alias → its key ARN).
   */
  readonly authorize?: (input: I, ctx: CallContext) => readonly AuthorizationRequest[] | Promise<readonly AuthorizationRequest[]>;
}

/** A declared operation: callable as before (in-process callers, tests), carrying its declaration. */
export type DeclaredOperation<I = any, O = any> = Operation<I, O> & Pick<OperationDeclaration<I, O>, 'authorize'>;

/**
 * Declares one operation. `I`/`O` are the AWS SDK v3 client's own types for it
 * (`CreateKeyRequest`/`CreateKeyResponse` from `@aws-sdk/client-kms`); the input constraints come from
 * the generated model data, not from here.
 */
export function declareOperation<I, O>(declaration: OperationDeclaration<I, O>): DeclaredOperation<I, O> {
  const run: Operation<I, O> = (input, ctx) => declaration.run(input, ctx);
  return Object.assign(run, { authorize: declaration.authorize });
}
