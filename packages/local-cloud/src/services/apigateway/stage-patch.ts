import { parseArn } from '../../core/arn';
import { validateFormat } from './access-log-format';
import { badRequest } from './errors';
import { ACCOUNT_THROTTLE, HTTP_METHODS } from './model';
import type { MethodSetting, StageRecord } from './model';

/** One JSON-Patch-like operation as UpdateStage/UpdateAccount take them. */
export interface PatchOperation {
  op?: string;
  path?: string;
  value?: string;
  from?: string;
}

/** What a stage patch changed that needs a check outside the stage itself. */
export interface StagePatchEffects {
  /** The patch turns logging on (access logs, or execution logging/data trace): needs the account role. */
  enablesLogging: boolean;
  /** The patch points the stage at this deployment: it must exist. */
  deploymentId?: string;
}

const PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

/** The method setting a new `<resource>/<verb>` entry starts from: API Gateway's defaults. */
export function defaultMethodSetting(): MethodSetting {
  // no loggingLevel until one is set (recorded on AWS: LocalStack test_apigateway_common.snapshot.json,
  // test_update_stage_remove_wildcard/update-stage)
  return {
    metricsEnabled: false,
    dataTraceEnabled: false,
    throttlingBurstLimit: ACCOUNT_THROTTLE.burstLimit,
    throttlingRateLimit: ACCOUNT_THROTTLE.rateLimit,
    cachingEnabled: false,
    cacheTtlInSeconds: 300,
    cacheDataEncrypted: false,
    requireAuthorizationForCacheControl: true,
    unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
  };
}

type SettingParser = (value: string, path: string) => Partial<MethodSetting>;

const bool = (value: string, path: string): boolean => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(`Invalid boolean value '${value}' for ${path}`);
};

// `/<resource>/<verb>/<section>/<key>`: the settings a method-setting patch path may name
const METHOD_SETTING_PATHS: Readonly<Record<string, SettingParser>> = {
  'metrics/enabled': (v, p) => ({ metricsEnabled: bool(v, p) }),
  'logging/loglevel': (v) => {
    const level = v.toUpperCase();
    if (!['OFF', 'ERROR', 'INFO'].includes(level)) {
      throw badRequest(`Invalid logging level '${v}'. Valid values are OFF, ERROR, INFO`);
    }
    return { loggingLevel: level };
  },
  'logging/dataTrace': (v, p) => ({ dataTraceEnabled: bool(v, p) }),
  'throttling/burstLimit': (v) => {
    if (!/^-?\d+$/.test(v.trim())) throw badRequest(`Invalid throttling burst limit '${v}': must be an integer`);
    return { throttlingBurstLimit: Number(v) };
  },
  'throttling/rateLimit': (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw badRequest(`Invalid throttling rate limit '${v}': must be a number`);
    return { throttlingRateLimit: n };
  },
  'caching/enabled': (v, p) => ({ cachingEnabled: bool(v, p) }),
  'caching/ttlInSeconds': (v) => {
    if (!/^\d+$/.test(v) || Number(v) > 3600) throw badRequest(`Invalid cache TTL '${v}': must be 0 to 3600`);
    return { cacheTtlInSeconds: Number(v) };
  },
  'caching/dataEncrypted': (v, p) => ({ cacheDataEncrypted: bool(v, p) }),
  'caching/requireAuthorizationForCacheControl': (v, p) => ({ requireAuthorizationForCacheControl: bool(v, p) }),
  'caching/unauthorizedCacheControlHeaderStrategy': (v) => {
    const valid = ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'];
    if (!valid.includes(v)) throw badRequest(`Invalid unauthorized cache control header strategy '${v}'`);
    return { unauthorizedCacheControlHeaderStrategy: v };
  },
};

/**
 * UpdateStage's refusal of a path it does not patch, with the paths it names, as AWS words it (spaces for commas
 * in three places included: recorded on AWS, LocalStack test_apigateway_common.snapshot.json,
 * test_create_update_stages/error-update-doc-version).
 */
const invalidStagePath = (path: string): Error =>
  badRequest(
    `Invalid method setting path: ${path}. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, ` +
      '/accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, ' +
      '/{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, ' +
      '/{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, ' +
      '/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, ' +
      '/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, ' +
      '/*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]',
  );

/**
 * Applies UpdateStage's patch operations to a copy of `stage`: `replace`/`add`/`remove` of the stage's
 * members, stage variables, access-log settings and method settings (`/*\/*\/throttling/rateLimit`,
 * `/~1pets/GET/logging/loglevel`). Throws BadRequestException for an unknown path or a bad value.
 */
export function applyStagePatch(
  stage: StageRecord,
  operations: readonly PatchOperation[],
): { stage: StageRecord; effects: StagePatchEffects } {
  const next: StageRecord = structuredClone(stage);
  const effects: StagePatchEffects = { enablesLogging: false };
  for (const operation of operations) {
    const { op, path, value } = checkOperation(operation);
    const set = op === 'add' || op === 'replace';
    const v = value ?? '';
    const invalidPath = () => invalidStagePath(path);

    if (path === '/description' && op !== 'move' && op !== 'copy') {
      next.description = op === 'remove' || v === '' ? undefined : v;
    } else if (path === '/deploymentId' && op === 'replace') {
      next.deploymentId = v;
      effects.deploymentId = v;
    } else if (path === '/tracingEnabled' && op === 'replace') {
      next.tracingEnabled = bool(v, path);
    } else if (path === '/cacheClusterEnabled' && op === 'replace') {
      next.cacheClusterEnabled = bool(v, path);
    } else if (path === '/cacheClusterSize' && op === 'replace') {
      next.cacheClusterSize = v;
    } else if (path === '/documentationVersion' && (set || op === 'remove')) {
      next.documentationVersion = set && v !== '' ? v : undefined;
    } else if (path.startsWith('/variables/') && (set || op === 'remove')) {
      const name = path.slice('/variables/'.length);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw badRequest(`Stage variable name '${name}' only allows a-zA-Z0-9_`);
      if (set) next.variables[name] = v;
      else delete next.variables[name];
    } else if (path === '/accessLogSettings' && op === 'remove') {
      next.accessLogSettings = undefined;
    } else if (path === '/accessLogSettings/destinationArn' && (set || op === 'remove')) {
      if (set) {
        validateDestinationArn(v);
        next.accessLogSettings = { ...next.accessLogSettings, destinationArn: v };
        effects.enablesLogging = true;
      } else if (next.accessLogSettings) {
        next.accessLogSettings = { ...next.accessLogSettings, destinationArn: undefined };
      }
    } else if (path === '/accessLogSettings/format' && (set || op === 'remove')) {
      if (set) {
        validateFormat(v);
        next.accessLogSettings = { ...next.accessLogSettings, format: v };
        effects.enablesLogging = true;
      } else if (next.accessLogSettings) {
        next.accessLogSettings = { ...next.accessLogSettings, format: undefined };
      }
    } else if (path.startsWith('/accessLogSettings/')) {
      // any other access-log path, in AWS's words (recorded on AWS: test_stage_access_log_settings_validation)
      if (op === 'remove') throw badRequest(`Cannot remove method setting ${path.slice(1)} because there is no method setting for this method `);
      throw badRequest('Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]');
    } else {
      const parts = path.split('/');
      if (parts.length < 3 || !isResourcePathKey(parts[1]) || !isMethodKey(parts[2])) throw invalidPath();
      const key = `${parts[1]}/${parts[2]}`;
      if (parts.length === 3) {
        if (op !== 'remove') throw invalidPath();
        // AWS's words, trailing space included (recorded on AWS: test_update_stage_remove_wildcard/delete-error)
        if (!(key in next.methodSettings)) throw badRequest(`Cannot remove method setting ${key} because there is no method setting for this method `);
        delete next.methodSettings[key];
        continue;
      }
      const parse = METHOD_SETTING_PATHS[parts.slice(3).join('/')];
      if (!parse || !set) throw invalidPath();
      const change = parse(v, path);
      next.methodSettings[key] = { ...(next.methodSettings[key] ?? defaultMethodSetting()), ...change };
      if ((change.loggingLevel && change.loggingLevel !== 'OFF') || change.dataTraceEnabled) effects.enablesLogging = true;
    }
  }
  if (next.accessLogSettings && !next.accessLogSettings.destinationArn && !next.accessLogSettings.format) {
    next.accessLogSettings = undefined;
  }
  return { stage: next, effects };
}

/** UpdateAccount: only `/cloudwatchRoleArn` (replace; an empty value or remove clears it). */
export function applyAccountPatch(
  current: string | undefined,
  operations: readonly PatchOperation[],
): string | undefined {
  let roleArn = current;
  for (const operation of operations) {
    const { op, path, value } = checkOperation(operation);
    if (path !== '/cloudwatchRoleArn' || !['replace', 'add', 'remove'].includes(op)) {
      throw invalidPatchPath(op, path, ['/cloudwatchRoleArn']);
    }
    roleArn = op === 'remove' || !value ? undefined : value;
  }
  return roleArn;
}

function checkOperation(operation: PatchOperation): { op: string; path: string; value?: string } {
  const op = operation.op ?? '';
  if (!PATCH_OPS.includes(op)) {
    throw badRequest(`Invalid patch operation specified. Must be one of: [${PATCH_OPS.join(', ')}]`);
  }
  if (typeof operation.path !== 'string' || !operation.path.startsWith('/')) {
    throw badRequest('Invalid patch path specified: a path must start with /');
  }
  if (operation.value !== undefined && operation.value !== null && typeof operation.value !== 'string') {
    throw badRequest(`Invalid patch value for ${operation.path}: must be a string`);
  }
  return { op, path: operation.path, value: operation.value ?? undefined };
}

function invalidPatchPath(op: string, path: string, valid: readonly string[]): Error {
  return badRequest(`Invalid patch path '${path}' specified for op '${op}'. Must be one of: [${valid.join(', ')}]`);
}

// `*` or a resource path with `/` escaped as `~1` (JSON Pointer), e.g. `~1pets~1{id}`
const isResourcePathKey = (s: string): boolean => s === '*' || s.startsWith('~1');
const isMethodKey = (s: string): boolean => s === '*' || (HTTP_METHODS as readonly string[]).includes(s);

/**
 * An access-log destination: a CloudWatch Logs log group ARN (CDK sends the `:*` form) or a Firehose
 * stream whose name starts with `amazon-apigateway-`.
 */
function validateDestinationArn(arn: string): void {
  const parsed = parseArn(arn);
  const ok =
    parsed !== undefined &&
    /^\d{12}$/.test(parsed.account) &&
    parsed.region !== '' &&
    ((parsed.service === 'logs' && /^log-group:[^:]+(:\*)?$/.test(parsed.resource)) ||
      (parsed.service === 'firehose' && parsed.resource.startsWith('deliverystream/amazon-apigateway-')));
  if (!ok) throw badRequest(`Invalid ARN specified in the request: '${arn}' is not a log group or Firehose stream ARN`);
}

/** Reads an access-log destination ARN as a log group (name without the `:*` suffix). */
export function logGroupOfDestination(
  arn: string,
): { region: string; accountId: string; logGroupName: string } | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'logs' || !parsed.resource.startsWith('log-group:')) return undefined;
  return {
    region: parsed.region,
    accountId: parsed.account,
    logGroupName: parsed.resource.slice('log-group:'.length).replace(/:\*$/, ''),
  };
}

/** The method-setting key of a resource path and verb: `/pets/{id}` GET → `~1pets~1{id}/GET`. */
export function methodSettingKey(resourcePath: string, httpMethod: string): string {
  return `${resourcePath.replace(/~/g, '~0').replace(/\//g, '~1')}/${httpMethod}`;
}
