import {
  collectReferences,
  evaluateCondition,
  EvaluationScope,
  NamedConditions,
  NO_VALUE,
  parseTemplate as parseTemplateText,
  pseudoParameter,
  PSEUDO_PARAMETERS,
  Reference,
  resolveValue,
  RULE_FUNCTIONS,
  Template,
  Unknown,
} from '@kms-logs-api/cfn-template';
import { unresolvedDependencies, validationError, withValidationErrors } from './errors';
import { parameterRuntimeValue, StackParameter } from './parameters';

/** Where a stack lives: the values of the pseudo parameters. */
export interface StackEnvironment {
  readonly accountId: string;
  readonly region: string;
  readonly stackName: string;
  readonly stackId: string;
  readonly notificationArns?: readonly string[];
}

/**
 * Parses a template body (JSON or YAML) as CloudFormation does, answering a bad one with its
 * `ValidationError`. A `Transform` (a macro such as SAM) is refused: local-cloud does not expand macros.
 */
export function parseTemplate(body: string): Template {
  const template = withValidationErrors(() => parseTemplateText(body));
  if (template.Transform !== undefined) {
    throw validationError(`Template format error: Transform ${JSON.stringify(template.Transform)} is not supported by local-cloud`);
  }
  return template;
}

/** Template sections that decide a stack's state besides its resources: a change here is a change. */
export function nonResourceFingerprint(t: Template): string {
  return JSON.stringify({ d: t.Description ?? null, o: t.Outputs ?? null });
}

/** What `Ref` and `Fn::GetAtt` of a resource give at the moment of evaluation. */
export interface ResourceValues {
  ref(logicalId: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
}

/** What the engine may ask about resource types while checking a template. */
export interface ResourceTypeCatalog {
  /** The attributes `Fn::GetAtt` may read; `undefined` when unknown (nothing is checked). */
  attributesOf(type: string): readonly string[] | undefined;
}

export interface EvaluateOptions {
  readonly types?: ResourceTypeCatalog;
  /** `Fn::ImportValue`: the exports of the account's other stacks. */
  readonly importValue?: (name: string) => unknown;
}

/** One output after resolution. */
export interface ResolvedOutput {
  readonly OutputKey: string;
  readonly OutputValue: string;
  readonly Description?: string;
  readonly ExportName?: string;
}

function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(scalarText).join(',');
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

/**
 * A template evaluated against its parameters and environment: conditions decided, rules checked, every
 * reference checked, the dependency graph built (cycles refused) and the creation order fixed.
 */
export class EvaluatedTemplate {
  /**
   * Evaluates `template`; throws the `ValidationError` CloudFormation answers synchronously for a bad
   * template (unresolved reference, circular dependency, failed rule assertion, …).
   */
  public static evaluate(
    template: Template,
    parameters: readonly StackParameter[],
    env: StackEnvironment,
    options: EvaluateOptions = {},
  ): EvaluatedTemplate {
    return withValidationErrors(() => new EvaluatedTemplate(template, parameters, env, options));
  }

  /** Active resources (condition true), in template order. */
  public readonly resources: readonly string[];
  /** For each active resource, the active resources it depends on (references and DependsOn). */
  public readonly dependencies: ReadonlyMap<string, readonly string[]>;
  /** Active resources in a creation order that respects every dependency. */
  public readonly order: readonly string[];

  private readonly params = new Map<string, StackParameter>();
  private readonly conditions: NamedConditions;

  private constructor(
    public readonly template: Template,
    public readonly parameters: readonly StackParameter[],
    public readonly env: StackEnvironment,
    private readonly options: EvaluateOptions,
  ) {
    for (const p of parameters) this.params.set(p.key, p);
    this.conditions = new NamedConditions(template.Conditions, () => this.conditionScope());
    for (const name of this.conditions.names()) this.condition(name);
    this.checkRules();
    this.resources = Object.keys(template.Resources).filter((id) => this.isActive(id));
    this.dependencies = this.buildDependencies();
    this.checkOutputs();
    this.order = this.topologicalOrder();
  }

  /** The value of a named condition (evaluated once). */
  public condition(name: string): boolean {
    const value = withValidationErrors(() => this.conditions.value(name));
    // conditions read only parameters and pseudo parameters, which a deploy always knows
    if (value instanceof Unknown) throw validationError(`Template error: condition ${name} cannot be evaluated`);
    return value;
  }

  /** Whether a resource of the template is part of the stack (its Condition, if any, is true). */
  public isActive(logicalId: string): boolean {
    const decl = this.template.Resources[logicalId];
    if (!decl) return false;
    if (decl.Condition === undefined) return true;
    if (typeof decl.Condition !== 'string') throw validationError(`Template format error: Condition of ${logicalId} must be a string`);
    return this.condition(decl.Condition);
  }

  public typeOf(logicalId: string): string {
    return this.template.Resources[logicalId].Type;
  }

  /** The scope resources' properties and outputs are resolved in. */
  public scope(values: ResourceValues): EvaluationScope {
    return {
      region: this.env.region,
      mappings: this.template.Mappings,
      condition: (n) => this.condition(n),
      importValue: this.options.importValue,
      ref: (name) => {
        if (PSEUDO_PARAMETERS.has(name)) return pseudoParameter(name, this.env);
        const p = this.params.get(name);
        if (p) return parameterRuntimeValue(p);
        if (this.resources.includes(name)) return values.ref(name);
        throw unresolvedDependencies([name]);
      },
      getAtt: (id, attr) => {
        if (!this.resources.includes(id)) {
          throw validationError(`Template error: instance of Fn::GetAtt references undefined resource ${id}`);
        }
        return values.getAtt(id, attr);
      },
    };
  }

  /** A resource's `Properties` with every intrinsic resolved (`AWS::NoValue` members removed). */
  public resolveProperties(logicalId: string, values: ResourceValues): Record<string, unknown> {
    const props = this.template.Resources[logicalId].Properties ?? {};
    const r = withValidationErrors(() => resolveValue(props, this.scope(values)));
    return r === NO_VALUE ? {} : (r as Record<string, unknown>);
  }

  /** The outputs whose condition holds, resolved. */
  public resolveOutputs(values: ResourceValues): ResolvedOutput[] {
    return withValidationErrors(() => this.outputs(values));
  }

  private outputs(values: ResourceValues): ResolvedOutput[] {
    const out: ResolvedOutput[] = [];
    const scope = this.scope(values);
    for (const [key, o] of Object.entries(this.template.Outputs ?? {})) {
      if (o.Condition !== undefined && !this.condition(o.Condition)) continue;
      const value = resolveValue(o.Value, scope);
      if (value === NO_VALUE) continue;
      const description = o.Description === undefined ? undefined : resolveValue(o.Description, scope);
      const exportName = o.Export?.Name === undefined ? undefined : resolveValue(o.Export.Name, scope);
      out.push({
        OutputKey: key,
        OutputValue: scalarText(value),
        ...(description !== undefined && description !== NO_VALUE ? { Description: scalarText(description) } : {}),
        ...(exportName !== undefined && exportName !== NO_VALUE ? { ExportName: scalarText(exportName) } : {}),
      });
    }
    return out;
  }

  private conditionScope(): EvaluationScope {
    return {
      region: this.env.region,
      mappings: this.template.Mappings,
      condition: (n) => this.condition(n),
      ref: (name) => {
        if (PSEUDO_PARAMETERS.has(name)) return pseudoParameter(name, this.env);
        const p = this.params.get(name);
        if (p) return parameterRuntimeValue(p);
        if (name in this.template.Resources) {
          throw validationError(`Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`);
        }
        throw unresolvedDependencies([name]);
      },
      getAtt: (id) => {
        throw validationError(`Template format error: Unresolved dependencies [${id}]. Cannot reference resources in the Conditions block of the template`);
      },
    };
  }

  private checkRules(): void {
    const scope: EvaluationScope = {
      ...this.conditionScope(),
      allowedFunctions: RULE_FUNCTIONS,
      condition: (n) => this.condition(n),
      refAll: (type) => this.parameters.filter((p) => p.type === type).map((p) => parameterRuntimeValue(p)),
    };
    // a rule reads only parameters, which a deploy always knows: anything but true is false
    const holds = (expression: unknown) => evaluateCondition(expression, scope) === true;
    for (const [name, rule] of Object.entries(this.template.Rules ?? {})) {
      if (rule.RuleCondition !== undefined && !holds(rule.RuleCondition)) continue;
      for (const assertion of rule.Assertions ?? []) {
        if (!holds(assertion.Assert)) {
          throw validationError(assertion.AssertDescription ?? `Template error: Assertion failed for rule ${name}`);
        }
      }
    }
  }

  private checkReference(ref: Reference, deps: Set<string>): void {
    if (ref.kind === 'Ref') {
      if (PSEUDO_PARAMETERS.has(ref.name) || this.params.has(ref.name)) return;
      if (!this.resources.includes(ref.name)) throw unresolvedDependencies([ref.name]);
      deps.add(ref.name);
      return;
    }
    if (!this.resources.includes(ref.name)) {
      throw validationError(`Template error: instance of Fn::GetAtt references undefined resource ${ref.name}`);
    }
    const attributes = this.options.types?.attributesOf(this.typeOf(ref.name));
    if (attributes && ref.attribute !== undefined && !attributes.includes(ref.attribute)) {
      throw validationError(
        `Template error: resource ${ref.name} does not support attribute type ${ref.attribute} in Fn::GetAtt`,
      );
    }
    deps.add(ref.name);
  }

  private buildDependencies(): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    const cond = (n: string) => this.condition(n);
    for (const id of this.resources) {
      const decl = this.template.Resources[id];
      const deps = new Set<string>();
      for (const ref of collectReferences(decl.Properties ?? {}, cond)) this.checkReference(ref, deps);
      const dependsOn = decl.DependsOn === undefined ? [] : Array.isArray(decl.DependsOn) ? decl.DependsOn : [decl.DependsOn];
      const unknown = dependsOn.filter((d) => typeof d !== 'string' || !this.resources.includes(d));
      if (unknown.length > 0) throw unresolvedDependencies(unknown.map(String));
      for (const d of dependsOn) deps.add(d);
      graph.set(id, [...deps]);
    }
    return graph;
  }

  private checkOutputs(): void {
    const cond = (n: string) => this.condition(n);
    for (const o of Object.values(this.template.Outputs ?? {})) {
      if (o.Condition !== undefined && !this.condition(o.Condition)) continue;
      for (const ref of collectReferences([o.Value, o.Description, o.Export?.Name], cond)) {
        this.checkReference(ref, new Set());
      }
    }
  }

  private topologicalOrder(): string[] {
    const index = new Map(this.resources.map((id, i) => [id, i]));
    const remaining = new Map<string, number>();
    const dependents = new Map<string, string[]>();
    for (const id of this.resources) {
      const deps = this.dependencies.get(id) ?? [];
      remaining.set(id, deps.length);
      for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), id]);
    }
    const ready = this.resources.filter((id) => remaining.get(id) === 0);
    const order: string[] = [];
    while (ready.length > 0) {
      ready.sort((a, b) => index.get(a)! - index.get(b)!);
      const id = ready.shift()!;
      order.push(id);
      for (const next of dependents.get(id) ?? []) {
        const left = remaining.get(next)! - 1;
        remaining.set(next, left);
        if (left === 0) ready.push(next);
      }
    }
    if (order.length < this.resources.length) {
      const cyclic = cycleMembers(this.resources.filter((id) => !order.includes(id)), this.dependencies);
      throw validationError(`Circular dependency between resources: [${cyclic.join(', ')}]`);
    }
    return order;
  }
}

/** The members of dependency cycles (Tarjan's strongly connected components of size > 1, or self loops). */
function cycleMembers(nodes: string[], graph: ReadonlyMap<string, readonly string[]>): string[] {
  const inSet = new Set(nodes);
  let counter = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const members = new Set<string>();
  const visit = (v: string): void => {
    idx.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!inSet.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) for (const m of scc) members.add(m);
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  const result = nodes.filter((n) => members.has(n));
  return result.length > 0 ? result : nodes;
}

/**
 * Orders stored resources for deletion: every resource after the resources that depend on it.
 *
 * @example
 * deletionOrder([{ logicalId: 'Fn', dependsOn: ['Role'] }, { logicalId: 'Role', dependsOn: [] }]); // ['Fn', 'Role']
 */
export function deletionOrder<T extends { logicalId: string; dependsOn: readonly string[] }>(resources: readonly T[]): T[] {
  const ids = new Set(resources.map((r) => r.logicalId));
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const visited = new Set<string>();
  const created: T[] = [];
  const visit = (id: string, path: Set<string>): void => {
    if (visited.has(id) || path.has(id)) return;
    path.add(id);
    for (const d of byId.get(id)!.dependsOn) if (ids.has(d)) visit(d, path);
    path.delete(id);
    visited.add(id);
    created.push(byId.get(id)!);
  };
  for (const r of resources) visit(r.logicalId, new Set());
  return created.reverse();
}
