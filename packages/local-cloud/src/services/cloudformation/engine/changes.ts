import { containsUnknown, Unknown } from '@kms-logs-api/cfn-template';
import { canonicalJson } from '../providers/provider';
import type { ResourceChange, ResourceChangeDetail, ResourceRecord } from './model';
import type { EvaluatedTemplate, ResourceValues } from './stack-template';

/** What the planner needs to know about a resource type. */
export interface TypeInfo {
  replaceOn(type: string): readonly string[];
}

/** Top-level property names whose values differ (added, removed or changed). */
export function changedProperties(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => canonicalJson(before[n]) !== canonicalJson(after[n]) || containsUnknown(after[n]));
}

/** A resolved value with unknowns written as `{{…}}` markers, safe to store and show. */
export function displayable(v: unknown): unknown {
  if (v instanceof Unknown) return v.toString();
  if (Array.isArray(v)) return v.map(displayable);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = displayable(x);
    return out;
  }
  return v;
}

function text(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const shown = displayable(v);
  return typeof shown === 'string' ? shown : JSON.stringify(shown);
}

/** Whether an existing resource record stands for a live physical resource. */
export function isLive(r: ResourceRecord | undefined): r is ResourceRecord & { physicalId: string } {
  return r !== undefined && r.physicalId !== undefined
    && !['DELETE_COMPLETE', 'DELETE_SKIPPED', 'CREATE_FAILED'].includes(r.status);
}

/**
 * The resource changes that turning the stack's current resources into `next` needs, as a change set
 * lists them. Values that depend on a resource being added or replaced are unknown, so a property that
 * depends on one changes `Dynamic`ally and, when it is replace-on, makes the replacement `Conditional`.
 */
export function planChanges(
  next: EvaluatedTemplate,
  current: ReadonlyMap<string, ResourceRecord>,
  types: TypeInfo,
  includePropertyValues = true,
): ResourceChange[] {
  const changes: ResourceChange[] = [];
  const pending = new Set<string>();
  const values: ResourceValues = {
    ref: (id) => {
      const r = current.get(id);
      return pending.has(id) || !isLive(r) ? new Unknown(`${id}`) : r.physicalId;
    },
    getAtt: (id, attr) => {
      const r = current.get(id);
      if (pending.has(id) || !isLive(r) || !(attr in r.attributes)) return new Unknown(`${id}.${attr}`);
      return r.attributes[attr];
    },
  };
  for (const id of next.order) {
    const type = next.typeOf(id);
    const old = current.get(id);
    const props = next.resolveProperties(id, values);
    if (!isLive(old)) {
      pending.add(id);
      changes.push({
        Action: 'Add',
        LogicalResourceId: id,
        ResourceType: type,
        Scope: [],
        Details: [],
        ...(includePropertyValues ? { AfterContext: JSON.stringify({ Properties: displayable(props) }) } : {}),
      });
      continue;
    }
    const changed = changedProperties(old.properties, props);
    if (changed.length === 0) continue;
    const replaceOn = types.replaceOn(type);
    let replacement: 'True' | 'False' | 'Conditional' = 'False';
    const details: ResourceChangeDetail[] = [];
    for (const name of changed) {
      const dynamic = containsUnknown(props[name]);
      const recreate = replaceOn.includes(name);
      if (recreate) replacement = !dynamic ? 'True' : replacement === 'True' ? 'True' : 'Conditional';
      details.push({
        Target: {
          Attribute: 'Properties',
          Name: name,
          RequiresRecreation: recreate ? (dynamic ? 'Conditionally' : 'Always') : 'Never',
          Path: `/Properties/${name}`,
          ...(includePropertyValues && old.properties[name] !== undefined ? { BeforeValue: text(old.properties[name]) } : {}),
          ...(includePropertyValues && props[name] !== undefined ? { AfterValue: text(props[name]) } : {}),
          AttributeChangeType: old.properties[name] === undefined ? 'Add' : props[name] === undefined ? 'Remove' : 'Modify',
        },
        Evaluation: dynamic ? 'Dynamic' : 'Static',
        ChangeSource: dynamic ? 'ResourceReference' : 'DirectModification',
      });
    }
    if (replacement !== 'False') pending.add(id);
    changes.push({
      Action: 'Modify',
      LogicalResourceId: id,
      PhysicalResourceId: old.physicalId,
      ResourceType: type,
      Replacement: replacement,
      Scope: ['Properties'],
      Details: details,
      ...(includePropertyValues
        ? {
          BeforeContext: JSON.stringify({ Properties: old.properties }),
          AfterContext: JSON.stringify({ Properties: displayable(props) }),
        }
        : {}),
    });
  }
  for (const [id, old] of current) {
    if (next.resources.includes(id) || !isLive(old)) continue;
    changes.push({
      Action: 'Remove',
      LogicalResourceId: id,
      PhysicalResourceId: old.physicalId,
      ResourceType: old.type,
      Scope: [],
      Details: [],
      ...(includePropertyValues ? { BeforeContext: JSON.stringify({ Properties: old.properties }) } : {}),
    });
  }
  return changes;
}

/** Logical ids whose resource type the new template changes (CloudFormation refuses that). */
export function typeChanges(next: EvaluatedTemplate, current: ReadonlyMap<string, ResourceRecord>): string[] {
  return next.resources.filter((id) => {
    const old = current.get(id);
    return isLive(old) && old.type !== next.typeOf(id);
  });
}
