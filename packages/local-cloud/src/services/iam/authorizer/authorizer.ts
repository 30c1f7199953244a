import type { AuthorizationEnv, AuthorizationRequest } from '../../../core/operation';
import type { AwsService, CallContext, ServiceDirectory } from '../../../core/service';
import { contextKey, requestContext, TIME_KEYS, type CallOrigin } from './context';
import { decide, type Decision } from './decide';
import { accessDenied, accessDeniedMessage, missingFactsMessage } from './messages';
import type { NamedPolicy, PrincipalPolicies, RequestContext, ResourcePolicy } from './policies';
import type { IamService } from '../iam-service';
import type { StsService } from '../../sts/sts-service';
import { principalPolicies } from './principal';
import { resourcePolicyFor } from './resource-policies';

/** `enforce` refuses; `soft` logs what it would refuse and allows it (env `LOCAL_CLOUD_IAM=soft`). */
export type EnforcementMode = 'enforce' | 'soft';

export function enforcementModeFromEnv(env: NodeJS.ProcessEnv = process.env): EnforcementMode {
  return (env.LOCAL_CLOUD_IAM ?? '').toLowerCase() === 'soft' ? 'soft' : 'enforce';
}

/** One decided request, as `explain` and the simulator show it. */
export interface DecisionRecord {
  readonly requestId: string;
  readonly principal: PrincipalPolicies;
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContext;
  readonly resourcePolicy?: ResourcePolicy;
  readonly decision: Decision;
  readonly message?: string;
}

export interface AuthorizerDeps {
  readonly services?: ServiceDirectory;
  readonly mode?: EnforcementMode;
  readonly log?: (line: string) => void;
}

const CACHE_LIMIT = 5000;
const RECENT_LIMIT = 1000;

/**
 * The one authorizer: decides every call (from the wire, from CloudFormation acting for a caller) with the
 * IAM facts of its operation and every policy that applies, before the operation runs.
 */
export class Authorizer {
  public readonly mode: EnforcementMode;
  private readonly services?: ServiceDirectory;
  private log: (line: string) => void;
  private readonly cache = new Map<string, Decision>();
  private readonly principals = new Map<string, PrincipalPolicies>();
  private readonly ids = new Map<string, number>();
  private readonly objectIds = new WeakMap<object, number>();
  private readonly clockBound = new Set<number>();
  private readonly recent = new Map<string, DecisionRecord[]>();

  constructor(deps: AuthorizerDeps = {}) {
    this.services = deps.services;
    this.mode = deps.mode ?? enforcementModeFromEnv();
    this.log = deps.log ?? (() => undefined);
  }

  /**
   * Decides one call of `operation` of `service` before it runs.
   * @throws AwsError AccessDenied(Exception) in the service's shape, with AWS's message
   */
  async authorizeCall(service: AwsService, operation: string, input: unknown, ctx: CallContext, origin: CallOrigin = {}, http?: AuthorizationEnv['http']): Promise<void> {
    // the operation's IAM facts, from its service's table (services/<service>/authorization.ts); own keys only
    const facts = service.authorization && Object.hasOwn(service.authorization, operation) ? service.authorization[operation] : undefined;
    if (!facts) {
      const message = missingFactsMessage(service.signingName, operation);
      this.log(`authz: ${ctx.requestId} ${this.mode === 'soft' ? 'would refuse' : 'refused'} ${service.signingName}.${operation}: ${message}`);
      if (this.mode === 'soft') return;
      throw accessDenied(service.protocol, message);
    }
    const requests = await facts(input, ctx, { services: this.services, http });
    const records = await this.decideAll(ctx, requests, origin);
    const refused = records.find((r) => !r.decision.allowed);
    if (!refused) return;
    this.remember(ctx.requestId, records);
    this.log(`authz: ${ctx.requestId} ${this.mode === 'soft' ? 'would refuse (LOCAL_CLOUD_IAM=soft)' : 'refused'}: ${refused.message}`);
    if (this.mode === 'soft') return;
    throw accessDenied(service.protocol, refused.message!);
  }

  /** Decides each action on each resource of `requests` for the caller of `ctx`. */
  async decideAll(ctx: CallContext, requests: readonly AuthorizationRequest[], origin: CallOrigin = {}): Promise<DecisionRecord[]> {
    const principal = this.principalOf(ctx);
    const records: DecisionRecord[] = [];
    for (const request of requests) {
      // a request naming no resource is decided on `*`, never skipped
      for (const resource of request.resources.length > 0 ? request.resources : ['*']) {
        const resourcePolicy = await resourcePolicyFor(request.action, resource, ctx, this.services);
        const context = requestContext(principal, ctx.region, request.action, resource, request.context, origin);
        const decision = this.decideCached(principal, request.action, resource, context, resourcePolicy);
        records.push({
          requestId: ctx.requestId, principal, action: request.action, resource, context, resourcePolicy, decision,
          message: decision.allowed ? undefined : accessDeniedMessage(principal.arn, request.action, resource, decision.reason),
        });
      }
    }
    return records;
  }

  /** Where refusals are logged (the server's log). */
  useLog(log: (line: string) => void): void {
    this.log = log;
  }

  /**
   * Decides one action on one resource that has no resource-based policy (a log group, a parameter), at once:
   * for in-process checks that cannot wait (the Lambda platform shipping a function's logs).
   */
  /** In soft mode, a refusal a caller outside the pipeline (the Lambda platform) lets through is still logged. */
  noteSoftRefusal(message: string): void {
    this.log(`authz: would refuse (LOCAL_CLOUD_IAM=soft): ${message}`);
  }

  decideNow(ctx: CallContext, action: string, resource: string, origin: CallOrigin = {}): DecisionRecord {
    const principal = this.principalOf(ctx);
    const context = requestContext(principal, ctx.region, action, resource, undefined, origin);
    const decision = this.decideCached(principal, action, resource, context);
    return {
      requestId: ctx.requestId, principal, action, resource, context, decision,
      message: decision.allowed ? undefined : accessDeniedMessage(principal.arn, action, resource, decision.reason),
    };
  }

  /** The decisions of a refused request (by its request id), while they are among the last refusals. */
  refusal(requestId: string): readonly DecisionRecord[] | undefined {
    return this.recent.get(requestId);
  }

  private principalOf(ctx: CallContext): PrincipalPolicies {
    const iam = this.services?.get<IamService>('iam')?.backend;
    const sessions = this.services?.get<StsService>('sts')?.backend;
    // what was read of a principal holds until IAM changes a role (a session's own policies never change)
    const version = iam?.policyVersion?.();
    const key = version === undefined ? undefined : `${version}\n${ctx.accessKeyId}\n${ctx.principalArn}\n${ctx.callerArn}`;
    const cached = key === undefined ? undefined : this.principals.get(key);
    if (cached) return cached;
    const principal = principalPolicies(ctx, iam, sessions);
    if (key !== undefined) {
      if (this.principals.size >= CACHE_LIMIT) this.principals.delete(this.principals.keys().next().value as string);
      this.principals.set(key, principal);
    }
    return principal;
  }

  private decideCached(principal: PrincipalPolicies, action: string, resource: string, context: RequestContext, resourcePolicy?: ResourcePolicy): Decision {
    const key = this.decisionKey(principal, action, resource, context, resourcePolicy);
    if (key !== undefined) {
      const hit = this.cache.get(key);
      if (hit) return hit;
    }
    let decision: Decision;
    try {
      decision = decide({ principal, action, resource, context, resourcePolicy });
    } catch (e) {
      // a policy the evaluator cannot read allows nothing
      this.log(`authz: a policy of ${principal.arn} could not be evaluated: ${e instanceof Error ? e.message : String(e)}`);
      decision = { allowed: false, reason: 'no-identity', statements: [] };
    }
    if (key !== undefined) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, decision);
    }
    return decision;
  }

  /**
   * The cache key of a decision: who, each kind of policy (identity, session, boundary, resource: their ids, `-` for
   * none), the action, the resource and the context. Undefined (decided afresh) when a policy reads the clock, and
   * when there is no policy at all (the account root, as the default keys sign): deciding then reads no document and
   * costs less than the key. Built on every call, so without intermediate arrays.
   */
  private decisionKey(principal: PrincipalPolicies, action: string, resource: string, context: RequestContext, resourcePolicy?: ResourcePolicy): string | undefined {
    if (principal.identity.length === 0 && principal.session === undefined && principal.boundary === undefined && resourcePolicy === undefined) return undefined;
    let clockBound = false;
    const ids = (policies: readonly NamedPolicy[] | undefined) => {
      if (policies === undefined) return '-';
      let text = '';
      for (const p of policies) {
        const id = this.idOf(p.document);
        if (this.clockBound.has(id)) clockBound = true;
        text += `${id},`;
      }
      return text;
    };
    const policyIds = `${ids(principal.identity)}|${ids(principal.session)}|${ids(principal.boundary && [principal.boundary])}|${ids(resourcePolicy && [resourcePolicy])}`;
    return clockBound ? undefined : `${principal.arn}\n${policyIds}\n${action}\n${resource}\n${contextKey(context)}`;
  }

  /** A small id per policy document (texts by value, shipped objects by identity); notes the ones that read the clock. */
  private idOf(document: string | object): number {
    if (typeof document === 'object') {
      let id = this.objectIds.get(document);
      if (id === undefined) {
        id = -(++this.objectIdCount);
        this.objectIds.set(document, id);
        if (mentionsClock(JSON.stringify(document))) this.clockBound.add(id);
      }
      return id;
    }
    let id = this.ids.get(document);
    if (id === undefined) {
      if (this.ids.size >= CACHE_LIMIT) {
        // a new generation of ids: decisions keyed by the old ones can no longer be hit
        this.ids.clear();
        this.cache.clear();
        this.generation++;
      }
      id = this.generation * 10_000_000 + this.ids.size + 1;
      this.ids.set(document, id);
      if (mentionsClock(document)) this.clockBound.add(id);
    }
    return id;
  }

  private objectIdCount = 0;
  private generation = 1;

  private remember(requestId: string, records: DecisionRecord[]): void {
    if (this.recent.size >= RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(requestId, records);
  }
}

function mentionsClock(text: string): boolean {
  const lower = text.toLowerCase();
  return TIME_KEYS.some((k) => lower.includes(k));
}
