import type { AuthorizationRequest } from '../../../core/operation';
import type { CallContext, ServiceDirectory } from '../../../core/service';

/** What an operation's IAM facts may look at besides its input: other services (to resolve a KMS alias), the HTTP request. */
export interface AuthorizationEnv {
  readonly services?: ServiceDirectory;
  /** Method and raw path (API Gateway's IAM action is the HTTP method on the resource path). */
  readonly http?: { readonly method: string; readonly path: string };
}

/** One operation's IAM facts (Service Authorization Reference): the action(s), resource ARN(s) and service condition keys of a call. */
export type OperationFacts<I = any> = (input: I, ctx: CallContext, env: AuthorizationEnv) => readonly AuthorizationRequest[] | Promise<readonly AuthorizationRequest[]>;

/** A service's IAM facts, by operation name. */
export type AuthorizationTable = Readonly<Record<string, OperationFacts>>;

/** The request as a one-element list. */
export const one = (action: string, resource: string | readonly string[], context?: AuthorizationRequest['context']): AuthorizationRequest[] =>
  [{ action, resources: typeof resource === 'string' ? [resource] : resource, ...(context ? { context } : {}) }];
