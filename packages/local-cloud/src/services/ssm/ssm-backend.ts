import type { GetParameterRequest, GetParametersRequest, Parameter, PutParameterRequest, PutParameterResult } from '@aws-sdk/client-ssm';
import { AwsError } from '../../core/aws-error';
import { parseSsmParameterArn } from '../../core/arns/ssm';
import { InputReader } from '../../core/input';
import type { Scope } from '../../core/scope';
import type { Store } from '../../store/store';
import { invalid, parameterAlreadyExists, parameterNotFound, parameterVersionNotFound } from './errors';
import { ParameterStore, type ParameterRow } from './parameter-store';
import { parameterShape } from './shapes';

/** A parameter version as other services read it in-process (CloudFormation's SSM-typed parameters). */
export interface SsmParameter {
  readonly name: string;
  readonly type: 'String' | 'StringList' | 'SecureString';
  readonly value: string;
  readonly version: number;
  readonly lastModifiedDate: Date;
}

/** The version the CDK CLI reads to decide the environment is bootstrapped (it needs >= 6). */
export const CDK_BOOTSTRAP_VERSION_PARAMETER = '/cdk-bootstrap/hnb659fds/version';
export const CDK_BOOTSTRAP_VERSION = '30';

const TYPES = new Set(['String', 'StringList', 'SecureString']);
const DATA_TYPES = new Set(['text', 'aws:ec2:image', 'aws:ssm:integration']);
const NAME = /^[a-zA-Z0-9_.\-/]+$/;

const reader = (input: object) => new InputReader(input as Record<string, unknown>, invalid);

/**
 * SSM Parameter Store's domain: String, StringList and SecureString parameters with versions, per region.
 * SecureString values are stored as given; without WithDecryption an opaque token comes back. What the
 * operations, CloudFormation and tests call; refusals are SSM's `AwsError`s.
 */
export class SsmBackend {
  private readonly parameters: ParameterStore;

  constructor(store: Store) {
    this.parameters = new ParameterStore(store);
  }

  /** What a region starts with: the parameter `cdk bootstrap` would have written (the CDK CLI refuses to deploy without it). */
  public addRegion(scope: Scope): void {
    if (this.parameters.latest(scope.region, CDK_BOOTSTRAP_VERSION_PARAMETER)) return;
    this.parameters.insert(scope.region, {
      name: CDK_BOOTSTRAP_VERSION_PARAMETER,
      version: 1,
      type: 'String',
      value: CDK_BOOTSTRAP_VERSION,
      description: 'The version of the bootstrap resources that are currently mastered in this stack',
      data_type: 'text',
      key_id: null,
      allowed_pattern: null,
      tier: 'Standard',
      modified_at: Date.now(),
    });
  }

  /** The latest version of a parameter, or undefined (for in-process readers). */
  public latest(scope: Scope, name: string): SsmParameter | undefined {
    const row = this.parameters.latest(scope.region, name);
    if (!row) return undefined;
    return { name: row.name, type: row.type, value: row.value, version: row.version, lastModifiedDate: new Date(row.modified_at) };
  }

  public putParameter(input: PutParameterRequest, scope: Scope): PutParameterResult {
    const r = reader(input);
    const name = r.string('Name', { required: true });
    const value = r.string('Value', { required: true, max: 8192 }); // the model states no maximum: AWS's 8 KB (advanced tier) limit
    const type = r.string('Type');
    const overwrite = r.boolean('Overwrite') ?? false;
    const description = r.string('Description');
    const dataType = r.string('DataType') ?? 'text';
    const keyId = r.string('KeyId');
    const allowedPattern = r.string('AllowedPattern');
    const tier = r.string('Tier') ?? 'Standard';
    const tags = r.list('Tags');
    validateName(name);
    if (type !== undefined && !TYPES.has(type)) {
      throw invalid(`1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`);
    }
    if (!DATA_TYPES.has(dataType)) throw invalid(`The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
    if (!['Standard', 'Advanced', 'Intelligent-Tiering'].includes(tier)) {
      throw invalid(`1 validation error detected: Value '${tier}' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]`);
    }
    if (value.length === 0) throw invalid("1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
    if (tier === 'Standard' && Buffer.byteLength(value) > 4096) {
      throw invalid(
        'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.',
      );
    }
    if (overwrite && tags.length > 0) {
      throw invalid(
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
      );
    }
    if (allowedPattern !== undefined) {
      let pattern: RegExp;
      try {
        pattern = new RegExp(allowedPattern);
      } catch {
        throw invalid(`Parameter AllowedPattern ${allowedPattern} is not a valid regular expression.`);
      }
      if (!pattern.test(value)) throw invalid(`Parameter value, ${value}, failed to satisfy constraint specified in AllowedPattern ${allowedPattern}.`);
    }
    return this.parameters.transaction(() => {
      const current = this.parameters.latest(scope.region, name);
      if (current && !overwrite) throw parameterAlreadyExists();
      if (!current && type === undefined) throw invalid('A parameter type is required when you create a parameter.');
      const row: ParameterRow = {
        name,
        version: (current?.version ?? 0) + 1,
        type: (type ?? current!.type) as ParameterRow['type'],
        value,
        description: description ?? current?.description ?? null,
        data_type: dataType,
        key_id: (type ?? current?.type) === 'SecureString' ? (keyId ?? current?.key_id ?? 'alias/aws/ssm') : null,
        allowed_pattern: allowedPattern ?? current?.allowed_pattern ?? null,
        tier: tier === 'Intelligent-Tiering' ? 'Standard' : tier,
        modified_at: Date.now(),
      };
      this.parameters.insert(scope.region, row);
      return { Version: row.version, Tier: row.tier as PutParameterResult['Tier'] };
    });
  }

  public getParameter(input: GetParameterRequest, scope: Scope): Parameter {
    const r = reader(input);
    const raw = r.string('Name', { required: true });
    const decrypt = r.boolean('WithDecryption') ?? false;
    const { row, selector } = this.read(scope.region, raw);
    return parameterShape(row, scope, decrypt, selector);
  }

  /** GetParameters: those found, and the names not found (never an error for a missing one). */
  public getParameters(input: GetParametersRequest, scope: Scope): { Parameters: Parameter[]; InvalidParameters: string[] } {
    const r = reader(input);
    const names = r.list('Names');
    if (names.length < 1 || names.length > 10) throw invalid(`1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10`);
    const decrypt = r.boolean('WithDecryption') ?? false;
    const found: Parameter[] = [];
    const missing: string[] = [];
    for (const raw of names) {
      if (typeof raw !== 'string') throw invalid('Invalid type for parameter Names: expected a list of strings');
      try {
        const { row, selector } = this.read(scope.region, raw);
        found.push(parameterShape(row, scope, decrypt, selector));
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        missing.push(raw);
      }
    }
    return { Parameters: found, InvalidParameters: missing };
  }

  public deleteParameter(name: string | undefined, scope: Scope): void {
    const checked = reader({ Name: name }).string('Name', { required: true });
    if (!this.parameters.delete(scope.region, checked)) throw parameterNotFound(checked);
  }

  /** A name as sent (plain, `name:version`, or a parameter ARN) → the version it selects. */
  private read(region: string, raw: string): { row: ParameterRow; selector?: string } {
    const { name, selector } = parseName(raw);
    if (selector === undefined) {
      const row = this.parameters.latest(region, name);
      if (!row) throw parameterNotFound(raw);
      return { row };
    }
    if (!/^\d+$/.test(selector)) throw parameterNotFound(raw);
    const row = this.parameters.version(region, name, Number(selector));
    if (!row) {
      if (!this.parameters.latest(region, name)) throw parameterNotFound(raw);
      throw parameterVersionNotFound(name, selector);
    }
    return { row, selector };
  }
}

/** A name as sent (plain, `name:version`, or a parameter ARN) → name and optional version selector. */
function parseName(raw: string): { name: string; selector?: string } {
  const name = parseSsmParameterArn(raw) ?? raw;
  const colon = name.lastIndexOf(':');
  return colon > 0 ? { name: name.slice(0, colon), selector: name.slice(colon + 1) } : { name };
}

function validateName(name: string): void {
  if (!NAME.test(name)) {
    throw invalid(
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
    );
  }
  if (name.includes('/') && !name.startsWith('/')) throw invalid('Parameter name must be a fully qualified name.');
  if (/^\/?(aws|ssm)/i.test(name)) throw invalid('No access to reserved parameter name: ' + name + '.');
  if (name.split('/').filter(Boolean).length > 15) throw invalid('Parameter name has too many hierarchy levels (at most 15).');
}
