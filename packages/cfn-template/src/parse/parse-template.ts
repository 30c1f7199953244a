import * as YAML from 'yaml';
import { TemplateError } from '../errors';
import type { Template } from '../template';
import { shortFormTags } from './short-forms';

const SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions',
  'Transform', 'Resources', 'Outputs', 'Hooks',
]);

/** The resource attributes CloudFormation knows; anything else in a resource is a format error. */
const RESOURCE_ATTRIBUTES = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata',
  'CreationPolicy', 'UpdatePolicy', 'Version',
]);

const YAML_TAGS = shortFormTags();

/**
 * Parses template text, JSON or YAML (with the short forms `!Ref`, `!GetAtt a.b`, `!Sub` …), and checks
 * its overall shape as CloudFormation does; throws {@link TemplateError} with CloudFormation's text.
 * A `Transform` is kept as written (whether it can be expanded is the caller's business).
 *
 * @example
 * parseTemplate('Resources:\n  Q:\n    Type: AWS::CDK::Metadata\n');
 */
export function parseTemplate(body: string): Template {
  const parsed = parseTemplateText(body);
  checkTemplateShape(parsed);
  return parsed;
}

function parseTemplateText(body: string): unknown {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new TemplateError(`Template format error: JSON not well-formed. (${(e as Error).message})`);
    }
  }
  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(text, { customTags: YAML_TAGS, uniqueKeys: true, merge: false });
  } catch (e) {
    throw new TemplateError(`Template format error: YAML not well-formed. (${(e as Error).message})`);
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = err.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : err.message;
    throw new TemplateError(`Template format error: YAML not well-formed. (${where})`);
  }
  try {
    // an alias without its anchor only fails here
    return doc.toJSON();
  } catch (e) {
    throw new TemplateError(`Template format error: YAML not well-formed. (${(e as Error).message})`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function formatError(message: string): TemplateError {
  return new TemplateError(`Template format error: ${message}`);
}

function checkTemplateShape(t: unknown): asserts t is Template {
  if (!isObject(t)) throw formatError('JSON not well-formed.');
  const unknown = Object.keys(t).filter((k) => !SECTIONS.has(k));
  if (unknown.length > 0) throw formatError(`Invalid template property or properties [${unknown.join(', ')}]`);
  if (!isObject(t.Resources) || Object.keys(t.Resources).length === 0) {
    throw formatError('At least one Resources member must be defined.');
  }
  for (const [id, res] of Object.entries(t.Resources)) {
    if (!/^[A-Za-z0-9]+$/.test(id)) throw formatError(`Resource name ${id} is non alphanumeric.`);
    if (!isObject(res) || typeof res.Type !== 'string') {
      throw formatError(`[/Resources/${id}] Every Resources object must contain a Type member.`);
    }
    const extra = Object.keys(res).filter((k) => !RESOURCE_ATTRIBUTES.has(k));
    if (extra.length > 0) throw formatError(`Unrecognized resource attribute(s) [${extra.join(', ')}] in ${id}`);
    if (res.Properties !== undefined && !isObject(res.Properties)) {
      throw formatError(`[/Resources/${id}/Properties] Every Properties member must be an object.`);
    }
    if (res.DeletionPolicy !== undefined && !['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'].includes(String(res.DeletionPolicy))) {
      throw formatError(`Unrecognized DeletionPolicy ${String(res.DeletionPolicy)} for resource ${id}`);
    }
  }
  for (const section of ['Parameters', 'Mappings', 'Conditions', 'Outputs', 'Rules'] as const) {
    if (t[section] !== undefined && !isObject(t[section])) throw formatError(`Every ${section} member must be an object.`);
  }
  for (const [key, p] of Object.entries(t.Parameters ?? {})) {
    if (!isObject(p) || typeof p.Type !== 'string') throw formatError(`Every Parameters object must contain a Type member. (${key})`);
    if (p.AllowedValues !== undefined && !Array.isArray(p.AllowedValues)) {
      throw formatError(`Every AllowedValues member must be a list. (${key})`);
    }
  }
  for (const [name, rule] of Object.entries(t.Rules ?? {})) {
    if (!isObject(rule) || (rule.Assertions !== undefined && !Array.isArray(rule.Assertions))) {
      throw formatError(`Every Rules member must be an object with a list of Assertions. (${name})`);
    }
    for (const assertion of (rule.Assertions ?? []) as unknown[]) {
      if (!isObject(assertion) || !('Assert' in assertion)) {
        throw formatError(`Every Assertions member of rule ${name} must contain an Assert.`);
      }
    }
  }
  for (const [key, o] of Object.entries(t.Outputs ?? {})) {
    if (!isObject(o) || !('Value' in o)) {
      throw formatError(`Every Outputs member must contain a Value object, the Outputs member [${key}] is missing one.`);
    }
  }
}
