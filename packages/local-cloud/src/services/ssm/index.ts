import { createHash } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import { parseArn, ssmParameterArn } from '../../core/arn';
import { InputReader } from '../../core/input';
import type { AwsService, CallContext, Operation, ServiceDeps } from '../../core/service';

/** A parameter version as other services read it in-process (CloudFormation's SSM-typed parameters). */
export interface SsmParameter {
  readonly name: string;
  readonly type: 'String' | 'StringList' | 'SecureString';
  readonly value: string;
  readonly version: number;
  readonly lastModifiedDate: Date;
}

export interface SsmService extends AwsService {
  /** The latest version of a parameter in a region, or undefined. */
  getParameter(region: string, name: string): SsmParameter | undefined;
}

interface ParameterRow {
  name: string;
  version: number;
  type: SsmParameter['type'];
  value: string;
  description: string | null;
  data_type: string;
  key_id: string | null;
  allowed_pattern: string | null;
  tier: string;
  modified_at: number;
}

/** The version the CDK CLI reads to decide the environment is bootstrapped (it needs >= 6). */
export const CDK_BOOTSTRAP_VERSION_PARAMETER = '/cdk-bootstrap/hnb659fds/version';
export const CDK_BOOTSTRAP_VERSION = '30';

const TYPES = new Set(['String', 'StringList', 'SecureString']);
const DATA_TYPES = new Set(['text', 'aws:ec2:image', 'aws:ssm:integration']);
const NAME = /^[a-zA-Z0-9_.\-/]+$/;

const invalid = (message: string) => new AwsError('ValidationException', message);
const notFound = (name: string) => new AwsError('ParameterNotFound', `Parameter ${name} not found.`);

/**
 * SSM Parameter Store (awsJson1_1, `AmazonSSM`): String, StringList and SecureString parameters with versions,
 * per region. SecureString values are stored as given; without WithDecryption an opaque token comes back.
 */
export function createSsmService(deps: ServiceDeps): SsmService {
  const { store } = deps;
  store.migrate('ssm/001-parameters', `
    CREATE TABLE ssm_parameters (
      region TEXT NOT NULL,
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      type TEXT NOT NULL,
      value TEXT NOT NULL,
      description TEXT,
      data_type TEXT NOT NULL,
      key_id TEXT,
      allowed_pattern TEXT,
      tier TEXT NOT NULL,
      modified_at INTEGER NOT NULL,
      PRIMARY KEY (region, name, version)
    );
  `);
  const db = store.db;
  const latest = db.prepare<[string, string], ParameterRow>('SELECT * FROM ssm_parameters WHERE region = ? AND name = ? ORDER BY version DESC LIMIT 1');
  const byVersion = db.prepare<[string, string, number], ParameterRow>('SELECT * FROM ssm_parameters WHERE region = ? AND name = ? AND version = ?');
  const insert = db.prepare(`INSERT INTO ssm_parameters (region, name, version, type, value, description, data_type, key_id, allowed_pattern, tier, modified_at)
    VALUES (@region, @name, @version, @type, @value, @description, @data_type, @key_id, @allowed_pattern, @tier, @modified_at)`);

  /** A name as sent (plain, `name:version`, or a parameter ARN) → name and optional version selector. */
  const parseName = (raw: string): { name: string; selector?: string } => {
    let name = raw;
    const arn = raw.startsWith('arn:') ? parseArn(raw) : undefined;
    if (arn && arn.service === 'ssm' && arn.resource.startsWith('parameter/')) {
      const rest = arn.resource.slice('parameter/'.length);
      name = rest.includes('/') ? `/${rest}` : rest;
    }
    const colon = name.lastIndexOf(':');
    return colon > 0 ? { name: name.slice(0, colon), selector: name.slice(colon + 1) } : { name };
  };

  const shape = (row: ParameterRow, region: string, ctx: CallContext, decrypt: boolean, selector?: string) => ({
    Name: row.name,
    Type: row.type,
    Value: row.type === 'SecureString' && !decrypt ? opaque(row.value) : row.value,
    Version: row.version,
    Selector: selector !== undefined ? `:${selector}` : undefined,
    LastModifiedDate: new Date(row.modified_at),
    ARN: ssmParameterArn(region, ctx.accountId, row.name),
    DataType: row.data_type,
  });

  const read = (region: string, raw: string): { row: ParameterRow; selector?: string } => {
    const { name, selector } = parseName(raw);
    if (selector === undefined) {
      const row = latest.get(region, name);
      if (!row) throw notFound(raw);
      return { row };
    }
    if (!/^\d+$/.test(selector)) throw notFound(raw);
    const row = byVersion.get(region, name, Number(selector));
    if (!row) {
      if (!latest.get(region, name)) throw notFound(raw);
      throw new AwsError('ParameterVersionNotFound', `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`);
    }
    return { row, selector };
  };

  const operations: Record<string, Operation> = {
    PutParameter: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const name = r.string('Name', { required: true, min: 1, max: 2048 });
      const value = r.string('Value', { required: true, min: 0, max: 8192 });
      const type = r.string('Type');
      const overwrite = r.boolean('Overwrite') ?? false;
      const description = r.string('Description', { max: 1024 });
      const dataType = r.string('DataType') ?? 'text';
      const keyId = r.string('KeyId', { min: 1, max: 256 });
      const allowedPattern = r.string('AllowedPattern', { max: 1024 });
      const tier = r.string('Tier') ?? 'Standard';
      const tags = r.list('Tags');
      validateName(name);
      if (type !== undefined && !TYPES.has(type)) throw invalid(`1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`);
      if (!DATA_TYPES.has(dataType)) throw invalid(`The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
      if (!['Standard', 'Advanced', 'Intelligent-Tiering'].includes(tier)) throw invalid(`1 validation error detected: Value '${tier}' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]`);
      if (value.length === 0) throw invalid("1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
      if (tier === 'Standard' && Buffer.byteLength(value) > 4096) throw invalid('Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.');
      if (overwrite && tags.length > 0) throw invalid("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
      if (allowedPattern !== undefined) {
        let pattern: RegExp;
        try {
          pattern = new RegExp(allowedPattern);
        } catch {
          throw invalid(`Parameter AllowedPattern ${allowedPattern} is not a valid regular expression.`);
        }
        if (!pattern.test(value)) throw invalid(`Parameter value, ${value}, failed to satisfy constraint specified in AllowedPattern ${allowedPattern}.`);
      }
      return store.transaction(() => {
        const current = latest.get(ctx.region, name);
        if (current && !overwrite) throw new AwsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
        if (!current && type === undefined) throw invalid('A parameter type is required when you create a parameter.');
        const row: ParameterRow & { region: string } = {
          region: ctx.region,
          name,
          version: (current?.version ?? 0) + 1,
          type: (type ?? current!.type) as ParameterRow['type'],
          value,
          description: description ?? current?.description ?? null,
          data_type: dataType,
          key_id: (type ?? current?.type) === 'SecureString' ? keyId ?? current?.key_id ?? 'alias/aws/ssm' : null,
          allowed_pattern: allowedPattern ?? current?.allowed_pattern ?? null,
          tier: tier === 'Intelligent-Tiering' ? 'Standard' : tier,
          modified_at: Date.now(),
        };
        insert.run(row);
        return { Version: row.version, Tier: row.tier };
      });
    },

    GetParameter: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const raw = r.string('Name', { required: true, min: 1, max: 2048 });
      const decrypt = r.boolean('WithDecryption') ?? false;
      const { row, selector } = read(ctx.region, raw);
      return { Parameter: shape(row, ctx.region, ctx, decrypt, selector) };
    },

    GetParameters: (input, ctx) => {
      const r = new InputReader(input, invalid);
      const names = r.list('Names');
      if (names.length < 1 || names.length > 10) throw invalid(`1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10`);
      const decrypt = r.boolean('WithDecryption') ?? false;
      const found: unknown[] = [];
      const missing: string[] = [];
      for (const raw of names) {
        if (typeof raw !== 'string') throw invalid('Invalid type for parameter Names: expected a list of strings');
        try {
          const { row, selector } = read(ctx.region, raw);
          found.push(shape(row, ctx.region, ctx, decrypt, selector));
        } catch (e) {
          if (!(e instanceof AwsError)) throw e;
          missing.push(raw);
        }
      }
      return { Parameters: found, InvalidParameters: missing };
    },

    DeleteParameter: (input, ctx) => {
      const name = new InputReader(input, invalid).string('Name', { required: true, min: 1, max: 2048 });
      const { changes } = db.prepare('DELETE FROM ssm_parameters WHERE region = ? AND name = ?').run(ctx.region, name);
      if (changes === 0) throw notFound(name);
      return {};
    },
  };

  return {
    signingName: 'ssm',
    protocol: 'awsJson1_1',
    targetPrefix: 'AmazonSSM',
    operations,

    getParameter(region, name) {
      const row = latest.get(region, name);
      if (!row) return undefined;
      return { name: row.name, type: row.type, value: row.value, version: row.version, lastModifiedDate: new Date(row.modified_at) };
    },

    onRegion(region) {
      // `cdk bootstrap` would have written this: the CDK CLI refuses to deploy without it
      if (latest.get(region, CDK_BOOTSTRAP_VERSION_PARAMETER)) return;
      insert.run({
        region, name: CDK_BOOTSTRAP_VERSION_PARAMETER, version: 1, type: 'String', value: CDK_BOOTSTRAP_VERSION,
        description: 'The version of the bootstrap resources that are currently mastered in this stack',
        data_type: 'text', key_id: null, allowed_pattern: null, tier: 'Standard', modified_at: Date.now(),
      });
    },
  };
}

function validateName(name: string): void {
  if (!NAME.test(name)) {
    throw invalid('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_');
  }
  if (name.includes('/') && !name.startsWith('/')) throw invalid('Parameter name must be a fully qualified name.');
  if (/^\/?(aws|ssm)/i.test(name)) throw invalid('No access to reserved parameter name: ' + name + '.');
  if (name.split('/').filter(Boolean).length > 15) throw invalid('Parameter name has too many hierarchy levels (at most 15).');
}

/** What a SecureString reads as without WithDecryption: opaque, stable, never the value. */
function opaque(value: string): string {
  return Buffer.concat([Buffer.from('AQICAHg', 'base64'), createHash('sha256').update(`local-cloud:${value}`).digest()]).toString('base64');
}
