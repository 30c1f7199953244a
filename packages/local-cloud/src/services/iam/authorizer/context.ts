import { parseArn } from '../../../core/arn';
import type { PrincipalPolicies, RequestContext } from './policies';

/** How a call reached the authorizer besides its own request. */
export interface CallOrigin {
  /** The service principal an in-process call is made through (`cloudformation.amazonaws.com`). */
  readonly calledVia?: string;
  /** The caller's address: loopback, as local-cloud serves nothing else. @default '127.0.0.1' */
  readonly sourceIp?: string;
}

/** Keys that change every call: a policy naming one is decided afresh each time (never from the cache). */
export const TIME_KEYS = ['aws:currenttime', 'aws:epochtime'] as const;

/**
 * The global condition keys local-cloud supplies for every request (IAM User Guide, "AWS global condition
 * context keys"), plus the service keys of the call. `aws:SecureTransport` is true: every call to AWS is TLS,
 * and a policy denying plain HTTP must not refuse locally what AWS allows.
 */
export function requestContext(
  principal: PrincipalPolicies,
  region: string,
  action: string,
  resource: string,
  serviceKeys: Readonly<Record<string, string | readonly string[]>> | undefined,
  origin: CallOrigin,
  now = new Date(),
): RequestContext {
  const context: RequestContext = {
    'aws:PrincipalArn': principal.principalArn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': principal.type,
    'aws:userid': principal.userId,
    'aws:RequestedRegion': region,
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': Math.floor(now.getTime() / 1000),
    'aws:SourceIp': origin.sourceIp ?? '127.0.0.1',
    'aws:SecureTransport': true,
    'aws:ViaAWSService': origin.calledVia !== undefined,
  };
  if (principal.userName !== undefined) context['aws:username'] = principal.userName;
  if (origin.calledVia !== undefined) {
    context['aws:CalledVia'] = [origin.calledVia];
    context['aws:CalledViaFirst'] = origin.calledVia;
    context['aws:CalledViaLast'] = origin.calledVia;
  }
  const service = action.slice(0, action.indexOf(':'));
  const resourceAccount = parseArn(resource)?.account || principal.accountId;
  context['aws:ResourceAccount'] = resourceAccount;
  if (service === 'kms') context['kms:CallerAccount'] = principal.accountId;
  if (service === 's3') context['s3:ResourceAccount'] = resourceAccount;
  for (const [key, value] of Object.entries(serviceKeys ?? {})) context[key] = typeof value === 'string' ? value : [...value];
  return context;
}

/**
 * The context as a cache key: every key but the clock's, with its value, in the context's own order (requestContext
 * builds the same request's context in the same order; another order only misses the cache, it never hits another
 * context's decision). Built on every call, so in one pass.
 */
export function contextKey(context: RequestContext): string {
  let key = '';
  for (const k in context) {
    if (!Object.hasOwn(context, k) || isTimeKey(k)) continue;
    key += `${k}=${JSON.stringify(context[k])}&`;
  }
  return key;
}

const TIME_KEY_LENGTHS = new Set<number>(TIME_KEYS.map((k) => k.length));

/** A clock key in any case (`aws:CurrentTime`), lower-casing only keys of a clock key's length. */
function isTimeKey(key: string): boolean {
  return TIME_KEY_LENGTHS.has(key.length) && (TIME_KEYS as readonly string[]).includes(key.toLowerCase());
}
