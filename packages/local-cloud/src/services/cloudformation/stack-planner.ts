import type { Template } from '@kms-logs-api/cfn-template';
import { isCloudFormationArn } from '../../core/arns/cloudformation';
import { AwsError } from '../../core/aws-error';
import type { InputReader } from '../../core/input';
import type { Scope } from '../../core/scope';
import type { CallContext, ServiceDirectory } from '../../core/service';
import { checkCapabilities } from './capabilities';
import { planChanges, typeChanges } from './engine/changes';
import { stackNotFound, validationError } from './engine/errors';
import type { ResourceChange, ResourceRecord, StackRecord, Tag } from './engine/model';
import { ParameterInput, ParameterStoreReader, resolveParameters, sameParameters, StackParameter } from './engine/parameters';
import type { StackStore } from './engine/stack-store';
import { EvaluatedTemplate, nonResourceFingerprint, parseTemplate, StackEnvironment } from './engine/stack-template';
import type { ResourceProvider } from './providers/provider';
import { readTemplateUrl } from './template-source';

/** What a template evaluation is for: the stack it becomes, and what the caller sent with it. */
export interface EvaluationRequest {
  readonly body: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly inputs: ParameterInput[];
  /** The stack's current parameters (for `UsePreviousValue`), on an update. */
  readonly previous?: StackParameter[];
  readonly capabilities: string[];
  readonly notificationArns: string[];
}

/**
 * Finding stacks, and turning a submitted template into what a stack operation runs: its source (body, URL or
 * the previous one), parameters, intrinsics, capabilities, and what would change.
 */
export class StackPlanner {
  public readonly types: { attributesOf(type: string): readonly string[] | undefined; replaceOn(type: string): readonly string[] };

  constructor(
    private readonly store: StackStore,
    providers: ReadonlyMap<string, ResourceProvider>,
    private readonly directory: ServiceDirectory | undefined,
  ) {
    this.types = {
      attributesOf: (type: string) => providers.get(type)?.attributes,
      replaceOn: (type: string) => providers.get(type)?.replaceOn ?? [],
    };
  }

  /** A stack by name (live only) or by ARN (deleted ones too). */
  public findStack(nameOrArn: string, scope: Scope): StackRecord | undefined {
    if (isCloudFormationArn(nameOrArn)) {
      const s = this.store.getStack(nameOrArn);
      return s && s.accountId === scope.accountId ? s : undefined;
    }
    return this.store.findLiveStack(scope.accountId, scope.region, nameOrArn);
  }

  public requireStack(nameOrArn: string, scope: Scope, notFound: (name: string) => AwsError = stackNotFound): StackRecord {
    const s = this.findStack(nameOrArn, scope);
    if (!s) throw notFound(nameOrArn);
    return s;
  }

  /** The template a request submits: exactly one of TemplateBody, TemplateURL (read from local S3) or UsePreviousTemplate. */
  public async templateBodyFrom(r: InputReader, ctx: CallContext, previous?: StackRecord): Promise<string> {
    const body = r.string('TemplateBody');
    const url = r.string('TemplateURL');
    const usePrevious = r.boolean('UsePreviousTemplate') ?? false;
    if ([body !== undefined, url !== undefined, usePrevious].filter(Boolean).length > 1) {
      throw validationError('Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate.');
    }
    if (body !== undefined) return body;
    if (url !== undefined) return readTemplateUrl(url, this.directory, ctx);
    if (usePrevious) {
      if (!previous?.templateBody) throw validationError('UsePreviousTemplate can only be used on an existing stack.');
      return previous.templateBody;
    }
    throw validationError('Either Template URL or Template Body must be specified.');
  }

  /** Parses and evaluates a submitted template (parameters resolved, SSM parameter types read), then checks capabilities. */
  public async evaluate(request: EvaluationRequest, ctx: CallContext): Promise<EvaluatedTemplate> {
    const template = parseTemplate(request.body);
    const parameters = await resolveParameters(template, request.inputs, request.previous, this.ssmReader(ctx));
    const evaluated = EvaluatedTemplate.evaluate(
      template, parameters, this.environment(request.stackId, request.stackName, ctx, request.notificationArns),
      { types: this.types, importValue: this.importValue(ctx) },
    );
    checkCapabilities(template, request.capabilities);
    return evaluated;
  }

  /** Evaluates a template already accepted (a change set's), with its resolved parameters. */
  public evaluateAccepted(
    body: string, parameters: StackParameter[], stack: StackRecord, ctx: CallContext, notificationArns: readonly string[],
  ): EvaluatedTemplate {
    return EvaluatedTemplate.evaluate(parseTemplate(body), parameters,
      this.environment(stack.stackId, stack.stackName, ctx, notificationArns), { types: this.types, importValue: this.importValue(ctx) });
  }

  public currentResources(stackId: string): Map<string, ResourceRecord> {
    return new Map(this.store.listResources(stackId).map((r) => [r.logicalId, r]));
  }

  /** The changes a change set shows: against the stack's resources on an update, against nothing on a create. */
  public plan(next: EvaluatedTemplate, stackId: string | undefined): ResourceChange[] {
    return planChanges(next, stackId === undefined ? new Map() : this.currentResources(stackId), this.types);
  }

  /** Whether updating `stack` to `next` (with these tags) would change nothing. */
  public isNoChange(stack: StackRecord, body: string, next: EvaluatedTemplate, tags: Tag[]): boolean {
    if (!sameParameters(next.parameters, stack.parameters) || !sameTags(tags, stack.tags)) return false;
    if (body === stack.templateBody) return true;
    if (planChanges(next, this.currentResources(stack.stackId), this.types, false).length > 0) return false;
    let before: Template;
    try {
      before = parseTemplate(stack.templateBody ?? '');
    } catch {
      return false;
    }
    return nonResourceFingerprint(before) === nonResourceFingerprint(next.template);
  }

  public checkTypeChanges(next: EvaluatedTemplate, stackId: string): void {
    const changed = typeChanges(next, this.currentResources(stackId));
    if (changed.length > 0) {
      throw validationError(`Update of resource type is not permitted. The new template modifies resource type of the following resources: [${changed.join(', ')}]`);
    }
  }

  private environment(stackId: string, stackName: string, ctx: CallContext, notificationArns: readonly string[] = []): StackEnvironment {
    return { accountId: ctx.accountId, region: ctx.region, stackName, stackId, notificationArns };
  }

  /** `Fn::ImportValue`: an export of the account's live stacks in the region. */
  private importValue(scope: Scope) {
    return (name: string): unknown => {
      for (const s of this.store.listStacks(scope.accountId, scope.region, false)) {
        const out = s.outputs.find((o) => o.ExportName === name);
        if (out) return out.OutputValue;
      }
      throw validationError(`No export named ${name} found.`);
    };
  }

  /** SSM parameter types read through SSM's own GetParameter, as the caller. */
  private ssmReader(ctx: CallContext): ParameterStoreReader {
    const directory = this.directory;
    return {
      async getParameterValue(name) {
        const op = directory?.get('ssm')?.operations.GetParameter;
        if (!op) return undefined;
        try {
          const out = await op({ Name: name }, ctx) as { Parameter?: { Value?: string } };
          return out.Parameter?.Value;
        } catch (e) {
          if (e instanceof AwsError) return undefined;
          throw e;
        }
      },
    };
  }
}

function sameTags(a: readonly Tag[], b: readonly Tag[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((t) => b.some((u) => u.Key === t.Key && u.Value === t.Value));
}
