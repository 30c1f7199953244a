import { TemplateError } from '../errors';
import type { EvaluationScope } from '../intrinsics/function';
import { evaluateCondition } from '../evaluate';
import { Unknown } from '../unknown';

/**
 * The `Conditions` section: each named condition evaluated once, on first use; an undefined name and a
 * cycle are CloudFormation's format errors.
 *
 * @example
 * const conditions = new NamedConditions(template.Conditions, () => scope);
 * conditions.value('IsProd'); // true | false | Unknown
 */
export class NamedConditions {
  private readonly values = new Map<string, boolean | Unknown>();
  private readonly inProgress = new Set<string>();

  /** @param scope the scope condition expressions are evaluated in (parameters and pseudo parameters only) */
  constructor(
    private readonly declarations: Readonly<Record<string, unknown>> | undefined,
    private readonly scope: () => EvaluationScope,
  ) {}

  /** The names the template declares. */
  public names(): string[] {
    return Object.keys(this.declarations ?? {});
  }

  /** The value of a named condition. */
  public value(name: string): boolean | Unknown {
    const known = this.values.get(name);
    if (known !== undefined) return known;
    const expression = this.declarations?.[name];
    if (expression === undefined) throw new TemplateError(`Template format error: Unresolved condition dependency ${name}`);
    if (this.inProgress.has(name)) {
      throw new TemplateError(`Template format error: Circular dependency between conditions: [${[...this.inProgress].join(', ')}]`);
    }
    this.inProgress.add(name);
    try {
      const value = evaluateCondition(expression, this.scope());
      this.values.set(name, value);
      return value;
    } finally {
      this.inProgress.delete(name);
    }
  }
}
