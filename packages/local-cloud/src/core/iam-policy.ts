/**
 * `@kms-logs-api/iam-policy`, loaded when first needed: local-cloud still runs (with basic checks) when that
 * package has not been built yet. The one policy evaluator of the repository; never re-implemented here.
 */
export interface IamPolicyModule {
  parsePolicy(doc: string | object): unknown;
  evaluatePolicy(
    policy: string | object,
    request: { principal?: { AWS: string } | { Service: string }; action: string; resource: string; context?: Record<string, unknown> },
  ): { decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny' };
}

let loaded: IamPolicyModule | null | undefined;

/** The module, or null when it is not built (its `lib/` is missing). */
export function iamPolicy(): IamPolicyModule | null {
  if (loaded === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('@kms-logs-api/iam-policy') as Partial<IamPolicyModule>;
      loaded = typeof mod.parsePolicy === 'function' && typeof mod.evaluatePolicy === 'function' ? (mod as IamPolicyModule) : null;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}
