import * as YAML from 'yaml';
import { validationError } from './errors';

/** A resource as declared in the template (properties still hold intrinsic functions). */
export interface ResourceDeclaration {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: unknown;
}

export interface ParameterDeclaration {
  readonly Type: string;
  readonly Default?: unknown;
  readonly AllowedValues?: unknown[];
  readonly AllowedPattern?: string;
  readonly MinLength?: number | string;
  readonly MaxLength?: number | string;
  readonly MinValue?: number | string;
  readonly MaxValue?: number | string;
  readonly NoEcho?: boolean | string;
  readonly Description?: string;
  readonly ConstraintDescription?: string;
}

export interface OutputDeclaration {
  readonly Value: unknown;
  readonly Description?: unknown;
  readonly Condition?: string;
  readonly Export?: { readonly Name: unknown };
}

export interface RuleDeclaration {
  readonly RuleCondition?: unknown;
  readonly Assertions?: Array<{ Assert: unknown; AssertDescription?: string }>;
}

/** A parsed CloudFormation template. */
export interface Template {
  readonly AWSTemplateFormatVersion?: string;
  readonly Description?: string;
  readonly Metadata?: Record<string, unknown>;
  readonly Parameters?: Record<string, ParameterDeclaration>;
  readonly Rules?: Record<string, RuleDeclaration>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly Conditions?: Record<string, unknown>;
  readonly Transform?: unknown;
  readonly Resources: Record<string, ResourceDeclaration>;
  readonly Outputs?: Record<string, OutputDeclaration>;
}

const SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions',
  'Transform', 'Resources', 'Outputs', 'Hooks',
]);

/** The resource attributes CloudFormation knows; anything else in a resource is a format error. */
const RESOURCE_ATTRIBUTES = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata',
  'CreationPolicy', 'UpdatePolicy', 'Version',
]);

/** Short-form YAML tags and the long form each one stands for. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
  '!Contains': 'Fn::Contains',
  '!EachMemberEquals': 'Fn::EachMemberEquals',
  '!EachMemberIn': 'Fn::EachMemberIn',
  '!RefAll': 'Fn::RefAll',
  '!ValueOf': 'Fn::ValueOf',
  '!ValueOfAll': 'Fn::ValueOfAll',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

function yamlTags(): YAML.Tags {
  const tags: YAML.Tags = [];
  for (const [tag, name] of Object.entries(SHORT_FORMS)) {
    tags.push({
      tag,
      resolve: (value: string) => {
        // `!GetAtt Res.Attr` is the dotted string form; the first dot splits
        if (name === 'Fn::GetAtt') {
          const dot = value.indexOf('.');
          return { [name]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
        }
        return { [name]: value };
      },
    });
    tags.push({ tag, collection: 'seq', resolve: (seq) => ({ [name]: seq.toJSON() }) });
    tags.push({ tag, collection: 'map', resolve: (map) => ({ [name]: map.toJSON() }) });
  }
  return tags;
}

const YAML_TAGS = yamlTags();

/**
 * Parses template text, JSON or YAML (with the short forms `!Ref`, `!GetAtt a.b`, `!Sub` …), and checks
 * its overall shape.
 *
 * @example
 * parseTemplate('Resources:\n  Q:\n    Type: AWS::CDK::Metadata\n');
 */
export function parseTemplate(body: string): Template {
  const parsed = parseTemplateText(body);
  checkTemplateShape(parsed);
  return parsed as Template;
}

function parseTemplateText(body: string): unknown {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw validationError(`Template format error: JSON not well-formed. (${(e as Error).message})`);
    }
  }
  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(text, { customTags: YAML_TAGS, uniqueKeys: true, merge: false });
  } catch (e) {
    throw validationError(`Template format error: YAML not well-formed. (${(e as Error).message})`);
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = err.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : err.message;
    throw validationError(`Template format error: YAML not well-formed. (${where})`);
  }
  try {
    // an alias without its anchor only fails here
    return doc.toJSON();
  } catch (e) {
    throw validationError(`Template format error: YAML not well-formed. (${(e as Error).message})`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkTemplateShape(t: unknown): asserts t is Template {
  if (!isObject(t)) throw validationError('Template format error: JSON not well-formed.');
  const unknown = Object.keys(t).filter((k) => !SECTIONS.has(k));
  if (unknown.length > 0) {
    throw validationError(`Template format error: Invalid template property or properties [${unknown.join(', ')}]`);
  }
  if (t.Transform !== undefined) {
    throw validationError(
      `Template format error: Transform ${JSON.stringify(t.Transform)} is not supported by local-cloud`,
    );
  }
  if (!isObject(t.Resources) || Object.keys(t.Resources).length === 0) {
    throw validationError('Template format error: At least one Resources member must be defined.');
  }
  for (const [id, res] of Object.entries(t.Resources)) {
    if (!/^[A-Za-z0-9]+$/.test(id)) {
      throw validationError(`Template format error: Resource name ${id} is non alphanumeric.`);
    }
    if (!isObject(res) || typeof res.Type !== 'string') {
      throw validationError(`Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`);
    }
    const extra = Object.keys(res).filter((k) => !RESOURCE_ATTRIBUTES.has(k));
    if (extra.length > 0) {
      throw validationError(`Template format error: Unrecognized resource attribute(s) [${extra.join(', ')}] in ${id}`);
    }
    if (res.Properties !== undefined && !isObject(res.Properties)) {
      throw validationError(`Template format error: [/Resources/${id}/Properties] Every Properties member must be an object.`);
    }
    if (res.DeletionPolicy !== undefined && !['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'].includes(String(res.DeletionPolicy))) {
      throw validationError(`Template format error: Unrecognized DeletionPolicy ${String(res.DeletionPolicy)} for resource ${id}`);
    }
  }
  for (const section of ['Parameters', 'Mappings', 'Conditions', 'Outputs', 'Rules'] as const) {
    if (t[section] !== undefined && !isObject(t[section])) {
      throw validationError(`Template format error: Every ${section} member must be an object.`);
    }
  }
  for (const [key, p] of Object.entries(t.Parameters ?? {})) {
    if (!isObject(p) || typeof p.Type !== 'string') {
      throw validationError(`Template format error: Every Parameters object must contain a Type member. (${key})`);
    }
    if (p.AllowedValues !== undefined && !Array.isArray(p.AllowedValues)) {
      throw validationError(`Template format error: Every AllowedValues member must be a list. (${key})`);
    }
  }
  for (const [name, rule] of Object.entries(t.Rules ?? {})) {
    if (!isObject(rule) || (rule.Assertions !== undefined && !Array.isArray(rule.Assertions))) {
      throw validationError(`Template format error: Every Rules member must be an object with a list of Assertions. (${name})`);
    }
    for (const assertion of (rule.Assertions ?? []) as unknown[]) {
      if (!isObject(assertion) || !('Assert' in assertion)) {
        throw validationError(`Template format error: Every Assertions member of rule ${name} must contain an Assert.`);
      }
    }
  }
  for (const [key, o] of Object.entries(t.Outputs ?? {})) {
    if (!isObject(o) || !('Value' in o)) {
      throw validationError(`Template format error: Every Outputs member must contain a Value object, the Outputs member [${key}] is missing one.`);
    }
  }
}

/** Template sections that decide a stack's state besides its resources: a change here is a change. */
export function nonResourceFingerprint(t: Template): string {
  return JSON.stringify({ d: t.Description ?? null, o: t.Outputs ?? null });
}
