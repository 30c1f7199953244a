import type { AwsError } from './aws-error';

/**
 * A limit AWS applies beyond its published model (CreateStack's stack name, STS's 2,048-character session policy,
 * SSM's 8 KB value): the model's own constraints are checked by the pipeline (`core/validation`) before any
 * operation runs, so a rule here never repeats one the model states.
 */
export interface StringRule {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

/**
 * Reads an operation's input by type: awsQuery, REST query strings/headers and CloudFormation's in-process calls
 * send scalars as text (`"3600"`, `"true"`) and the pipeline's model check leaves a value of the wrong type to the
 * operation, so whatever arrived (a string where a list belongs, a structure where a string belongs) becomes the
 * service's validation error here, never a crash. `required` gives the operation a non-null value; the limits AWS
 * applies beyond its model are worded as the model's ("1 validation error detected: Value … at '…' …").
 */
export class InputReader {
  constructor(
    private readonly input: Record<string, unknown>,
    private readonly invalid: (message: string) => AwsError,
  ) {}

  public has(name: string): boolean {
    return this.input[name] !== undefined && this.input[name] !== null;
  }

  public string(name: string, rule: StringRule & { required: true }): string;
  public string(name: string, rule?: StringRule): string | undefined;
  public string(name: string, rule: StringRule = {}): string | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) {
      if (rule.required) throw this.invalid(`1 validation error detected: Value null at '${camel(name)}' failed to satisfy constraint: Member must not be null`);
      return undefined;
    }
    if (typeof value !== 'string') throw this.invalid(`Invalid type for parameter ${name}: expected a string`);
    const chars = [...value].length;
    if (rule.min !== undefined && chars < rule.min) throw this.constraint(name, value, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && chars > rule.max) throw this.constraint(name, value, `Member must have length less than or equal to ${rule.max}`);
    if (rule.pattern && !rule.pattern.test(value)) throw this.constraint(name, value, `Member must satisfy regular expression pattern: ${rule.pattern.source.replace(/^\^|\$$/g, '')}`);
    return value;
  }

  /** An integer sent as a number (JSON) or as text (awsQuery). */
  public integer(name: string, range: { min?: number; max?: number } = {}): number | undefined {
    const value = this.input[name];
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isInteger(n)) throw this.invalid(`Invalid value for parameter ${name}: expected an integer`);
    if (range.min !== undefined && n < range.min) throw this.constraint(name, String(n), `Member must have value greater than or equal to ${range.min}`);
    if (range.max !== undefined && n > range.max) throw this.constraint(name, String(n), `Member must have value less than or equal to ${range.max}`);
    return n;
  }

  /** A boolean sent as `true`/`false` (JSON) or `"true"`/`"false"` (awsQuery, headers). */
  public boolean(name: string): boolean | undefined {
    const value = this.input[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw this.invalid(`Invalid value for parameter ${name}: expected a boolean`);
  }

  /** A list (awsQuery `member.N`, a JSON array, a bare `Name=` as empty); anything else is invalid. */
  public list(name: string): unknown[] {
    const value = this.input[name];
    if (value === undefined || value === null || value === '') return [];
    if (!Array.isArray(value)) throw this.invalid(`Invalid type for parameter ${name}: expected a list`);
    return value;
  }

  public structure(name: string): Record<string, unknown> | undefined {
    const value = this.input[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value)) throw this.invalid(`Invalid type for parameter ${name}: expected a structure`);
    return value as Record<string, unknown>;
  }

  private constraint(name: string, value: string, what: string): AwsError {
    const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value;
    return this.invalid(`1 validation error detected: Value '${shown}' at '${camel(name)}' failed to satisfy constraint: ${what}`);
  }
}

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
