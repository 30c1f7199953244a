import { randomInt } from 'node:crypto';

/**
 * What a provider gets for one resource operation: who it acts for, and the in-process services it calls
 * (the same operations the wire API runs, with the stack's CallContext).
 */
export interface ProviderContext {
  readonly logicalId: string;
  readonly stackName: string;
  readonly stackId: string;
  readonly accountId: string;
  readonly region: string;
  /** The local endpoint (for URLs). */
  readonly endpoint: string;
  /**
   * Calls `operation` of the service with SigV4 signing name `service`, in-process, with the stack's
   * CallContext. Input and output are the operation's model shapes. A service error is thrown as a
   * `ServiceCallError`; a service or operation local-cloud does not have yet as a plain `Error`.
   * The operation, not the service's backend: on AWS, CloudFormation calls the public APIs with the caller's
   * credentials or the stack's `RoleARN` role, so the call is authorized as a client's (`service-calls.ts`).
   */
  call<O = any>(service: string, operation: string, input: Record<string, unknown>): Promise<O>;
  /** Waits `ms` milliseconds (retries while IAM "settles", say). */
  sleep(ms: number): Promise<void>;
  /** Whether local-cloud has this operation (checked before changing anything, so a refusal leaves no half-done update). */
  has(service: string, operation: string): boolean;
  /**
   * Creates a resource whose physical id is known before it exists (a name), recording that id first: a
   * restart (`kill -9`) in the middle of `create`, even while the service is committing it, rolls the name
   * back (deletes it; one never made is simply not found) instead of leaving a resource behind to collide with
   * the next deploy. If `create` fails, the id is forgotten, so a refused create never deletes what the name
   * belongs to (the service refuses a taken name before it awaits anything). Outside a create it only runs
   * `create`.
   */
  creating<T>(physicalId: string, create: () => Promise<T>): Promise<T>;
  /**
   * Records, during a create, that a resource whose id the service assigned (a key id, an API id) now exists:
   * call it the moment the creating call returns, before anything else is awaited, so a later failure or a
   * restart rolls it back. Outside a create it does nothing.
   */
  created(physicalId: string): void;
}

export interface ProviderResult {
  /** What `Ref` returns, and what update and delete are given. */
  readonly physicalId: string;
  /** What `Fn::GetAtt` reads (`Arn`, `RootResourceId`, …). */
  readonly attributes?: Record<string, unknown>;
}

/**
 * One CloudFormation resource type, implemented by calling local-cloud's services.
 *
 * @example
 * const provider: ResourceProvider = {
 *   type: 'AWS::Logs::LogGroup', replaceOn: ['LogGroupName'], attributes: ['Arn'],
 *   async create(props, ctx) { … return { physicalId: name, attributes: { Arn } }; },
 *   async update(id, before, after, ctx) { … },
 *   async delete(id, props, ctx) { … },
 * };
 */
export interface ResourceProvider {
  readonly type: string;
  /** Properties whose change needs a new physical resource (the schema's createOnlyProperties). */
  readonly replaceOn: readonly string[];
  /** Attributes `Fn::GetAtt` may read. */
  readonly attributes: readonly string[];
  /** The property that names the resource (`LogGroupName`, `RoleName`): replacing it while set fails. */
  readonly nameProperty?: string;
  create(props: Record<string, unknown>, ctx: ProviderContext): Promise<ProviderResult>;
  /** Changes the resource in place; returns new attributes (and a new physical id, rarely). */
  update(
    physicalId: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    ctx: ProviderContext,
    attributes: Record<string, unknown>,
  ): Promise<Partial<ProviderResult> | void>;
  /** Deletes the resource; a resource that is already gone is not an error. */
  delete(physicalId: string, props: Record<string, unknown>, ctx: ProviderContext, attributes: Record<string, unknown>): Promise<void>;
}

/**
 * An error a service answered during a provider call: CloudFormation reports the service's message, its
 * name, status, request id and error code.
 */
export class ServiceCallError extends Error {
  constructor(
    /** The SigV4 signing name of the service (`logs`). */
    public readonly service: string,
    public readonly code: string,
    message: string,
    public readonly status: number,
    public readonly requestId: string,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * Refuses, before anything is changed, a property change that needs an operation local-cloud's services do not
 * have yet.
 */
export function requireOperations(ctx: ProviderContext, service: string, operations: readonly string[], what: string): void {
  const missing = operations.filter((op) => !ctx.has(service, op));
  if (missing.length > 0) {
    throw new NotSupportedError(`${what} is not supported by local-cloud yet (it needs ${service} ${missing.join(', ')})`);
  }
}

/**
 * An invalid property value, detected by the provider itself (HandlerErrorCode InvalidRequest). By convention
 * it is thrown before the provider changes anything.
 */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequest';
  }
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * The name CloudFormation generates for a resource without a custom name: `<stack>-<logicalId>-<12 random>`,
 * stack and logical id shortened so the whole fits `maxLength`.
 *
 * @example
 * generatedName('KmsLogsApi-dev', 'HandlerLogGroup', 512); // 'KmsLogsApi-dev-HandlerLogGroup-1A2B3C4D5E6F'
 */
export function generatedName(stackName: string, logicalId: string, maxLength: number, lowerCase = false): string {
  let suffix = '';
  for (let i = 0; i < 12; i++) suffix += UPPER_ALNUM[randomInt(UPPER_ALNUM.length)];
  let stack = stackName;
  let logical = logicalId;
  const budget = maxLength - suffix.length - 2;
  while (stack.length + logical.length > budget) {
    if (stack.length >= logical.length) stack = stack.slice(0, -1);
    else logical = logical.slice(0, -1);
  }
  const name = `${stack}-${logical}-${suffix}`;
  return lowerCase ? name.toLowerCase() : name;
}

/** Reads an optional string property. */
export function optString(props: Record<string, unknown>, name: string): string | undefined {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new InvalidRequestError(`#/${name}: expected type: String, found: ${Array.isArray(v) ? 'JSONArray' : 'JSONObject'}`);
}

/** Reads a required string property. */
export function reqString(props: Record<string, unknown>, name: string): string {
  const v = optString(props, name);
  if (v === undefined) throw new InvalidRequestError(`#: required key [${name}] not found`);
  return v;
}

/** Reads an optional integer property (templates may carry numbers as strings). */
export function optInt(props: Record<string, unknown>, name: string): number | undefined {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw new InvalidRequestError(`#/${name}: expected type: Integer, found: ${typeof v === 'string' ? 'String' : typeof v}`);
  return n;
}

/** Reads an optional boolean property (`true`/`"true"`). */
export function optBool(props: Record<string, unknown>, name: string): boolean | undefined {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new InvalidRequestError(`#/${name}: expected type: Boolean, found: ${typeof v}`);
}

/** A policy document property as the JSON text the services take. */
export function policyText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** CloudFormation `Tags` (`[{Key, Value}]`) as a map. */
export function tagMap(v: unknown): Record<string, string> | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const t of v as Array<{ Key?: unknown; Value?: unknown }>) {
    if (t && typeof t.Key === 'string') out[t.Key] = t.Value === undefined ? '' : String(t.Value);
  }
  return out;
}

/** Whether an error means "it does not exist" (a delete of something already gone succeeds). */
export function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string; name?: string })?.code ?? (err as { name?: string })?.name ?? '';
  return /NotFound|NoSuchEntity|NoSuch[A-Z]|ResourceNotFound/.test(code);
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with object keys sorted. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** Something local-cloud cannot do yet, refused before anything changed (reported as is). */
export class NotSupportedError extends InvalidRequestError {
  constructor(message: string) {
    super(message);
    this.name = 'NotSupported';
  }
}
