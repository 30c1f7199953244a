/**
 * Small assertion helpers for synthesized templates, independent of the code under test.
 */

/** A resource of a template, as the tests read it. */
export interface Resource {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, any>;
}

/** A template, as the tests read it. */
export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

/**
 * A CloudFormation value as one string: `Fn::Join` joined, `Ref X` as `${X}`, `Fn::GetAtt`
 * as `${X.Attr}`, so an ARN built from pseudo parameters reads like its `Fn::Sub` form.
 *
 * @example
 * flatten({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs']] }) // 'arn:${AWS::Partition}:logs'
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const v = value as Record<string, any>;
    if ('Fn::Join' in v) return (v['Fn::Join'][1] as unknown[]).map(flatten).join(v['Fn::Join'][0]);
    if ('Ref' in v) return `\${${v.Ref}}`;
    if ('Fn::GetAtt' in v) return `\${${v['Fn::GetAtt'].join('.')}}`;
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

/** The logical ids of a template's resources of one type. */
export function logicalIdsOfType(template: Template, type: string): string[] {
  return Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
}

/** The one resource of a type; fails when there is not exactly one. */
export function onlyResource(template: Template, type: string): { id: string; resource: Resource } {
  const ids = logicalIdsOfType(template, type);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}: ${ids.join(', ')}`);
  return { id: ids[0], resource: template.Resources[ids[0]] };
}

/** A value as a list (`DependsOn`, `Action`, … may be one value or several). */
export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The template with every 64-hex asset hash replaced, so a change in the handler bundle does
 * not change a snapshot.
 */
export function withoutAssetHashes(template: object): object {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}
