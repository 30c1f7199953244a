import { InputReader } from '../../core/input';
import { invalidParameter, validation } from './errors';
import type { LoggingConfig } from './function-store';
import { isDeprecatedRuntime, runtimeNoLongerSupported } from './runtimes';

/** Members of CreateFunction / UpdateFunctionConfiguration that configure the function, as validated. */
export interface FunctionSettings {
  runtime?: string;
  role?: string;
  handler?: string;
  description?: string;
  timeout?: number;
  memorySize?: number;
  /** `null`: the request cleared the variables. */
  environment?: Record<string, string> | null;
  /** The LoggingConfig as sent (group and levels resolved against the function later). */
  logging?: { LogFormat?: 'Text' | 'JSON'; LogGroup?: string; ApplicationLogLevel?: string; SystemLogLevel?: string };
  architectures?: string[];
  ephemeralStorage?: number;
  tracingMode?: string;
  kmsKeyArn?: string;
}

const NODE_RUNTIME = /^nodejs(\d+)\.x$/;
/** The Node.js runtimes Lambda still lets you create functions with. */
const SUPPORTED_NODE_MAJORS = [18, 20, 22, 24];
/** Variables Lambda sets itself and refuses to let a function set (configuration-envvars, "reserved"). */
const RESERVED_ENV = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);
/**
 * Reads the configuration members of a CreateFunction or UpdateFunctionConfiguration request.
 * Model constraints fail with ValidationException, Lambda's own rules with InvalidParameterValueException.
 */
export function readSettings(input: Record<string, unknown>): FunctionSettings {
  const r = new InputReader(input, validation);
  const settings: FunctionSettings = {};

  const role = r.string('Role');
  if (role !== undefined) settings.role = role;

  const runtime = r.string('Runtime');
  if (runtime !== undefined) {
    const node = NODE_RUNTIME.exec(runtime);
    // AWS's refusal of a retired runtime comes before local-cloud's own (it runs Node.js only)
    if (node ? !SUPPORTED_NODE_MAJORS.includes(Number(node[1])) : isDeprecatedRuntime(runtime)) throw runtimeNoLongerSupported(runtime);
    if (!node) {
      throw invalidParameter(`The runtime parameter of ${runtime} is not supported by local-cloud: it runs Node.js functions (nodejs18.x to nodejs24.x).`);
    }
    settings.runtime = runtime;
  }

  settings.handler = r.string('Handler');
  settings.description = r.string('Description');
  // the model states Timeout's minimum only and an old MemorySize maximum (32768): AWS's limits are 900 s and 10240 MB
  settings.timeout = r.integer('Timeout', { max: 900 });
  settings.memorySize = r.integer('MemorySize', { max: 10240 });
  settings.kmsKeyArn = r.string('KMSKeyArn');

  const environment = r.structure('Environment');
  if (environment !== undefined) settings.environment = readEnvironment(environment);

  const logging = r.structure('LoggingConfig');
  if (logging !== undefined) settings.logging = readLogging(logging);

  // the model allows exactly one architecture, x86_64 or arm64
  const architectures = r.list('Architectures');
  if (architectures.length > 0) settings.architectures = [String(architectures[0])];

  const storage = r.structure('EphemeralStorage');
  if (storage !== undefined) {
    settings.ephemeralStorage = new InputReader(storage, validation).integer('Size');
  }

  const tracing = r.structure('TracingConfig');
  if (tracing !== undefined) {
    settings.tracingMode = new InputReader(tracing, validation).string('Mode');
  }

  if (r.list('Layers').length > 0) throw invalidParameter('Layers are not supported by local-cloud.');
  const packageType = r.string('PackageType');
  if (packageType === 'Image') throw invalidParameter('Container image functions (PackageType Image) are not supported by local-cloud.');
  return settings;
}

function readEnvironment(environment: Record<string, unknown>): Record<string, string> | null {
  const variables = environment.Variables;
  if (variables === undefined || variables === null) return null;
  if (typeof variables !== 'object' || Array.isArray(variables)) throw validation('Environment.Variables must be a map of strings');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables as Record<string, unknown>)) {
    if (typeof value !== 'string') throw validation(`Environment variable ${key} must be a string`);
    out[key] = value;
  }
  const reserved = Object.keys(out).filter((k) => RESERVED_ENV.has(k));
  if (reserved.length > 0) {
    throw invalidParameter(
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys ' +
        `that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(out);
  if (Buffer.byteLength(measured) > 4096) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
  return out;
}

function readLogging(logging: Record<string, unknown>): NonNullable<FunctionSettings['logging']> {
  const r = new InputReader(logging, validation);
  // the model checks the enums and the group name's pattern
  const format = r.string('LogFormat');
  const appLevel = r.string('ApplicationLogLevel');
  const systemLevel = r.string('SystemLogLevel');
  const group = r.string('LogGroup');
  return { LogFormat: format as 'Text' | 'JSON' | undefined, LogGroup: group, ApplicationLogLevel: appLevel, SystemLogLevel: systemLevel };
}

/**
 * The function's LoggingConfig: Text by default, the group `/aws/lambda/<name>` unless named, levels only
 * with JSON (INFO when not given).
 */
export function resolveLogging(functionName: string, requested: FunctionSettings['logging']): LoggingConfig {
  const format = requested?.LogFormat ?? 'Text';
  const group = requested?.LogGroup ?? `/aws/lambda/${functionName}`;
  if (group.startsWith('aws/')) throw invalidParameter(`Log group names starting with 'aws/' are reserved: ${group}`);
  if (format === 'Text') {
    if (requested?.ApplicationLogLevel !== undefined || requested?.SystemLogLevel !== undefined) {
      throw invalidParameter(
        'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "Json" and try again.',
      );
    }
    return { LogFormat: 'Text', LogGroup: group };
  }
  return {
    LogFormat: 'JSON',
    LogGroup: group,
    ApplicationLogLevel: requested?.ApplicationLogLevel ?? 'INFO',
    SystemLogLevel: requested?.SystemLogLevel ?? 'INFO',
  };
}

/** `2024-01-01T00:00:00.000+0000`: Lambda's LastModified is a string in this form. */
export function lastModifiedNow(): string {
  return new Date().toISOString().replace('Z', '+0000');
}
