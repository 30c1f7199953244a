/**
 * Policy documents: their types, and parsing with validation.
 */
import { CONDITION_OPERATOR_NAMES, conditionValues, parseOperatorName, validateConditionValue } from './conditions';
import { PRINCIPAL_TYPES, PrincipalElement, validateAwsPrincipal } from './principals';

/** The policy language versions IAM knows. Only `2012-10-17` expands policy variables. */
export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;

/** A condition element: operator → condition key → value(s). */
export type ConditionElement = Record<string, Record<string, unknown>>;

/** One statement of a policy, as written in JSON. */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PrincipalElement;
  NotPrincipal?: PrincipalElement;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: ConditionElement;
}

/** A parsed policy document. `Statement` is always an array (JSON may give a single object). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: Statement[];
}

/** Thrown by parsePolicy (and the evaluate functions) for a document IAM would reject. */
export class MalformedPolicyDocumentError extends Error {
  /** Index of the offending statement in `Statement`, when a statement is at fault. */
  readonly statementIndex?: number;
  /** Sid of the offending statement, when it has one. */
  readonly sid?: string;
  /** The element at fault: `Effect`, `Action`, `Condition`, `Statement`, `Version`, ... */
  readonly field?: string;

  constructor(message: string, location: { statementIndex?: number; sid?: string; field?: string } = {}) {
    const where =
      location.statementIndex === undefined
        ? ''
        : `Statement[${location.statementIndex}]${location.sid === undefined ? '' : ` (Sid ${JSON.stringify(location.sid)})`}: `;
    super(where + message);
    this.name = 'MalformedPolicyDocumentError';
    this.statementIndex = location.statementIndex;
    this.sid = location.sid;
    this.field = location.field;
  }
}

const DOCUMENT_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const ACTION = /^(?:\*|[A-Za-z0-9*?-]+:[A-Za-z0-9_.*?-]+)$/;

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKey(key: string, known: readonly string[]): string {
  const hint = known.find((k) => k.toLowerCase() === key.toLowerCase());
  return `unknown key ${JSON.stringify(key)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}`;
}

/**
 * Parses and validates a policy document, as IAM does when a policy is put.
 *
 * Checks: valid JSON object; known top-level keys; Version `2012-10-17` or `2008-10-17` (or
 * none); a non-empty Statement (an object or an array of objects); per statement: known keys,
 * Effect `Allow`/`Deny`, exactly one of Action/NotAction (each `*` or `service:name`), at most
 * one of Resource/NotResource (each `*` or an ARN), at most one of Principal/NotPrincipal
 * (`*` or `{AWS|Service|Federated|CanonicalUser: ...}`, AWS values `*`, an account id or an
 * ARN), a Condition of known operators with string/number/boolean values valid for the
 * operator, and unique Sids.
 *
 * @param doc the policy as JSON text or as an object
 * @returns the document with `Statement` normalised to an array
 * @throws MalformedPolicyDocumentError naming the statement (index and Sid) and the field
 * @example
 * const policy = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:*","Resource":"*"}}');
 * policy.Statement.length; // 1
 *
 * parsePolicy({ Statement: [{ Sid: 'AllowLogs', Effect: 'allow', Action: 'kms:*' }] });
 * // throws: Statement[0] (Sid "AllowLogs"): Effect must be "Allow" or "Deny", got "allow"
 */
export function parsePolicy(doc: string | object): PolicyDocument {
  if (typeof doc !== 'string') return parseValue(doc);
  // Key and resource policies are evaluated on every call that uses them, as the same text each time:
  // parse and validate it once. Cached documents are frozen, so no caller can change another's copy.
  const cached = PARSED.get(doc);
  if (cached) return cached;
  const parsed = deepFreeze(parseValue(doc));
  if (PARSED.size >= PARSED_LIMIT) PARSED.delete(PARSED.keys().next().value as string);
  PARSED.set(doc, parsed);
  return parsed;
}

const PARSED = new Map<string, PolicyDocument>();
const PARSED_LIMIT = 256;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function parseValue(doc: string | object): PolicyDocument {
  let value: unknown = doc;
  if (typeof doc === 'string') {
    try {
      value = JSON.parse(doc);
    } catch (e) {
      throw new MalformedPolicyDocumentError(`Policy document is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isObject(value)) throw new MalformedPolicyDocumentError(`Policy document must be a JSON object, got ${show(value)}`);
  for (const key of Object.keys(value)) {
    if (!DOCUMENT_KEYS.includes(key)) throw new MalformedPolicyDocumentError(`Policy document has ${unknownKey(key, DOCUMENT_KEYS)}`, { field: key });
  }
  const { Version, Id } = value;
  if (Version !== undefined && !(POLICY_VERSIONS as readonly unknown[]).includes(Version)) {
    throw new MalformedPolicyDocumentError(`Version must be "2012-10-17" or "2008-10-17", got ${show(Version)}`, { field: 'Version' });
  }
  if (Id !== undefined && typeof Id !== 'string') {
    throw new MalformedPolicyDocumentError(`Id must be a string, got ${show(Id)}`, { field: 'Id' });
  }
  const raw = value.Statement;
  if (raw === undefined) throw new MalformedPolicyDocumentError('Policy document has no Statement', { field: 'Statement' });
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw new MalformedPolicyDocumentError('Statement must not be empty', { field: 'Statement' });
  const sids = new Map<string, number>();
  const statements = list.map((s, i) => {
    const statement = parseStatement(s, i);
    if (statement.Sid !== undefined && statement.Sid !== '') {
      const first = sids.get(statement.Sid);
      if (first !== undefined) {
        throw new MalformedPolicyDocumentError(`Sid is a duplicate of Statement[${first}]'s; Sids must be unique`, {
          statementIndex: i,
          sid: statement.Sid,
          field: 'Sid',
        });
      }
      sids.set(statement.Sid, i);
    }
    return statement;
  });
  const out: PolicyDocument = { Statement: statements };
  if (Version !== undefined) out.Version = Version as string;
  if (Id !== undefined) out.Id = Id;
  return out;
}

function parseStatement(raw: unknown, index: number): Statement {
  if (!isObject(raw)) {
    throw new MalformedPolicyDocumentError(`a statement must be a JSON object, got ${show(raw)}`, { statementIndex: index });
  }
  const sid = typeof raw.Sid === 'string' ? raw.Sid : undefined;
  const fail = (field: string, message: string): never => {
    throw new MalformedPolicyDocumentError(message, { statementIndex: index, sid, field });
  };
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.includes(key)) fail(key, `statement has ${unknownKey(key, STATEMENT_KEYS)}`);
  }
  if (raw.Sid !== undefined && typeof raw.Sid !== 'string') fail('Sid', `Sid must be a string, got ${show(raw.Sid)}`);
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') fail('Effect', `Effect must be "Allow" or "Deny", got ${show(raw.Effect)}`);

  exactlyOne(raw, 'Action', 'NotAction', true, fail);
  exactlyOne(raw, 'Resource', 'NotResource', false, fail);
  exactlyOne(raw, 'Principal', 'NotPrincipal', false, fail);

  for (const field of ['Action', 'NotAction']) {
    for (const action of stringList(raw[field], field, fail)) {
      if (!ACTION.test(action)) fail(field, `${field} ${show(action)} is not "*" or "service:action"`);
    }
  }
  for (const field of ['Resource', 'NotResource']) {
    for (const resource of stringList(raw[field], field, fail)) {
      if (resource !== '*' && !resource.startsWith('arn:')) fail(field, `${field} ${show(resource)} must be "*" or an ARN`);
    }
  }
  for (const field of ['Principal', 'NotPrincipal']) {
    if (raw[field] !== undefined) validatePrincipal(raw[field], field, fail);
  }
  if (raw.Condition !== undefined) validateCondition(raw.Condition, fail);

  const statement = { ...raw } as unknown as Statement;
  return statement;
}

type Fail = (field: string, message: string) => never;

function exactlyOne(raw: Record<string, unknown>, a: string, b: string, required: boolean, fail: Fail): void {
  if (raw[a] !== undefined && raw[b] !== undefined) fail(b, `statement has both ${a} and ${b}; use one`);
  if (required && raw[a] === undefined && raw[b] === undefined) fail(a, `statement has neither ${a} nor ${b}`);
}

/** The element as a non-empty list of non-empty strings; [] when absent. */
function stringList(value: unknown, field: string, fail: Fail): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(field, `${field} must not be an empty list`);
  for (const item of list) {
    if (typeof item !== 'string' || item === '') fail(field, `${field} must be a string or a list of strings, got ${show(item)}`);
  }
  return list as string[];
}

function validatePrincipal(value: unknown, field: string, fail: Fail): void {
  if (value === '*') return;
  if (!isObject(value)) return fail(field, `${field} must be "*" or an object such as {"AWS": ...}, got ${show(value)}`);
  const types = Object.keys(value);
  if (types.length === 0) fail(field, `${field} must name at least one principal`);
  for (const type of types) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      fail(field, `${field} has unknown principal type ${show(type)}; allowed: ${PRINCIPAL_TYPES.join(', ')}`);
    }
    for (const principal of stringList(value[type], `${field}.${type}`, fail)) {
      const problem = type === 'AWS' ? validateAwsPrincipal(principal) : /\s/.test(principal) ? `${type} principal ${show(principal)} has whitespace` : undefined;
      if (problem) fail(field, `${field}: ${problem}`);
    }
  }
}

function validateCondition(value: unknown, fail: Fail): void {
  if (!isObject(value)) return fail('Condition', `Condition must be an object of operators, got ${show(value)}`);
  for (const [name, block] of Object.entries(value)) {
    const parsed = parseOperatorName(name);
    if (!parsed) {
      fail('Condition', `Condition has unknown operator ${show(name)}; operators are ${CONDITION_OPERATOR_NAMES.join(', ')}, optionally with an IfExists suffix (not Null) or a ForAllValues:/ForAnyValue: prefix (not Null)`);
      return;
    }
    if (!isObject(block)) fail('Condition', `Condition ${name} must be an object of condition keys, got ${show(block)}`);
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) fail('Condition', `Condition ${name} ${show(key)} has an empty list of values`);
      for (const item of list) {
        if (!['string', 'number', 'boolean'].includes(typeof item)) {
          fail('Condition', `Condition ${name} ${show(key)}: values must be strings, numbers or booleans, got ${show(item)}`);
        }
      }
      for (const text of conditionValues(raw)) {
        const problem = validateConditionValue(parsed, text);
        if (problem) fail('Condition', `Condition ${name} ${show(key)}: ${problem}`);
      }
    }
  }
}
