import type { CallContext, Operation, ServiceDirectory } from './service';

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

/** What an operation's IAM facts may look at besides its input: other services (to resolve a KMS alias), the HTTP request. */
export interface AuthorizationEnv {
  readonly services?: ServiceDirectory;
  /** Method and raw path (API Gateway's IAM action is the HTTP method on the resource path). */
  readonly http?: { readonly method: string; readonly path: string };
}

/** One operation's IAM facts (Service Authorization Reference): the action(s), resource ARN(s) and service condition keys of a call. */
export type OperationFacts<I = any> = (input: I, ctx: CallContext, env: AuthorizationEnv) => readonly AuthorizationRequest[] | Promise<readonly AuthorizationRequest[]>;

/**
 * A service's IAM facts, by operation name: `services/<service>/authorization.ts`, beside the operations table
 * (`operations.ts`) and keyed by the same names. An operation without an entry is refused, never allowed.
 */
export type AuthorizationTable = Readonly<Record<string, OperationFacts>>;

/** The request as a one-element list. */
export const one = (action: string, resource: string | readonly string[], context?: AuthorizationRequest['context']): AuthorizationRequest[] =>
  [{ action, resources: typeof resource === 'string' ? [resource] : resource, ...(context ? { context } : {}) }];

/** One operation as its service declares it: what it does, on input the pipeline has validated against the model. */
export interface OperationDeclaration<I = any, O = any> {
  readonly run: Operation<I, O>;
}

/** A declared operation: callable by the pipeline, in-process callers and tests. */
export type DeclaredOperation<I = any, O = any> = Operation<I, O>;

/**
 * Declares one operation. `I`/`O` are the AWS SDK v3 client's own types for it
 * (`CreateKeyRequest`/`CreateKeyResponse` from `@aws-sdk/client-kms`); its input constraints come from the
 * generated model data (`src/models/`), its IAM facts from the service's `authorization.ts`.
 */
export function declareOperation<I, O>(declaration: OperationDeclaration<I, O>): DeclaredOperation<I, O> {
  return declaration.run;
}
