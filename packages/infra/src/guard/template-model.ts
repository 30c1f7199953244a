/**
 * The parts of a synthesized CloudFormation template the key-policy guard reasons about:
 * KMS keys with their resolved key policies, and the log groups encrypted with them.
 * Intrinsics are resolved by `@kms-logs-api/cfn-template`, the reader local-cloud's engine deploys with.
 */
import {
  EvaluationScope,
  isSsmParameterType,
  NamedConditions,
  parameterValue,
  PSEUDO_PARAMETERS,
  replaceUnknowns,
  resolveValue,
  Template,
  TemplateError,
  Unknown,
  unknownCauses,
} from '@kms-logs-api/cfn-template';
import { logGroupArn } from '../cloudwatch-logs';
import { pseudoParameterAtSynth, StackEnvironment } from './stack-environment';

/** An `AWS::KMS::Key` of the template. */
export interface TemplateKey {
  readonly logicalId: string;
  /** A stand-in for the key's ARN (its id exists only after deploy): the resource of the requests evaluated. */
  readonly arn: string;
  /**
   * `KeyPolicy` with intrinsics resolved, each value known only after deploy written as {@link unknownText};
   * KMS's default policy when the template sets none.
   */
  readonly policy: unknown;
  /** What in the key policy is known only after deploy (the causes of its unknown values). */
  readonly unresolved: string[];
  /** Why the key policy cannot be resolved (a malformed intrinsic), if it cannot. */
  readonly error?: string;
}

/** An `AWS::Logs::LogGroup` of the template that sets `KmsKeyId`. */
export interface EncryptedLogGroupResource {
  readonly logicalId: string;
  /** The group's name; a stand-in when the template does not say it (see `nameIsKnown`). */
  readonly name: string;
  /** False when CloudFormation generates the name at deploy, or it could not be resolved. */
  readonly nameIsKnown: boolean;
  /** The group's ARN without `:*`: the encryption-context value. */
  readonly arn: string;
  /** `KmsKeyId` as resolved (a value known only after deploy as {@link unknownText}). */
  readonly kmsKeyId: string;
  /** The key of this template the group is encrypted with; undefined when it is not in the template. */
  readonly keyLogicalId?: string;
}

/**
 * How the guard writes a value known only after deploy into a policy: an ARN-shaped text with no wildcard
 * and no `${`, so that the policy still parses (as a principal, a resource or a condition value) and the
 * text matches no request, only a policy pattern `*`.
 *
 * @example
 * unknownText(new Unknown('Fn::GetAtt Role.Arn')) // 'arn:unknown-until-deploy:::::Fn::GetAtt Role.Arn'
 */
export function unknownText(unknown: Unknown): string {
  return `arn:unknown-until-deploy:::::${unknown.causes.join(', ').replace(/[*?$]/g, '_')}`;
}

/** A template with its environment: its keys and encrypted log groups, intrinsics resolved. */
export class TemplateModel {
  private readonly resources: Template['Resources'];
  private readonly scope: EvaluationScope;
  private readonly conditions: NamedConditions;
  private readonly resolvingNames = new Set<string>();

  constructor(
    private readonly template: Template,
    public readonly env: StackEnvironment,
  ) {
    this.resources = template.Resources ?? {};
    this.conditions = new NamedConditions(template.Conditions, () => this.scope);
    this.scope = {
      region: env.region,
      mappings: template.Mappings,
      ref: (name) => this.ref(name),
      getAtt: (logicalId, attribute) => this.getAtt(logicalId, attribute),
      condition: (name) => this.conditions.value(name),
      importValue: (name) => new Unknown(`Fn::ImportValue ${name}`),
    };
  }

  /** Every `AWS::KMS::Key` of the template. */
  public keys(): TemplateKey[] {
    return this.logicalIdsOfType('AWS::KMS::Key').map((logicalId) => {
      const arn = `arn:${this.env.partition}:kms:${this.env.region}:${this.env.account}:key/${logicalId}-key-id`;
      const keyPolicy = this.resources[logicalId].Properties?.KeyPolicy;
      if (keyPolicy === undefined) return { logicalId, arn, policy: this.defaultKeyPolicy(), unresolved: [] };
      try {
        const resolved = resolveValue(keyPolicy, this.scope);
        return { logicalId, arn, policy: replaceUnknowns(resolved, unknownText), unresolved: unknownCauses(resolved) };
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        return { logicalId, arn, policy: undefined, unresolved: [], error: error.message };
      }
    });
  }

  /** Every `AWS::Logs::LogGroup` of the template that sets `KmsKeyId`. */
  public encryptedLogGroups(): EncryptedLogGroupResource[] {
    const keyByReference = this.keyReferences();
    return this.logicalIdsOfType('AWS::Logs::LogGroup')
      .filter((logicalId) => this.resources[logicalId].Properties?.KmsKeyId !== undefined)
      .map((logicalId) => {
        const kmsKeyId = this.resolveQuietly(this.resources[logicalId].Properties?.KmsKeyId);
        const { name, nameIsKnown } = this.logGroupName(logicalId);
        return {
          logicalId,
          name,
          nameIsKnown,
          arn: this.logGroupArn(name),
          kmsKeyId: kmsKeyId instanceof Unknown ? unknownText(kmsKeyId) : String(kmsKeyId ?? ''),
          keyLogicalId: keyOf(kmsKeyId, keyByReference),
        };
      });
  }

  /** The ARN CloudWatch Logs puts in the encryption context for a group of this name. */
  public logGroupArn(logGroupName: string): string {
    return logGroupArn({ partition: this.env.partition, region: this.env.region, account: this.env.account, logGroupName });
  }

  /**
   * How the template can name each key: the unknowns its `Ref` and `Fn::GetAtt` resolve to, and the
   * names and ARNs of its aliases.
   */
  private keyReferences(): Map<string, string> {
    const references = new Map<string, string>();
    for (const logicalId of this.logicalIdsOfType('AWS::KMS::Key')) {
      for (const cause of [`Ref ${logicalId}`, `Fn::GetAtt ${logicalId}.Arn`, `Fn::GetAtt ${logicalId}.KeyId`]) references.set(cause, logicalId);
    }
    for (const aliasId of this.logicalIdsOfType('AWS::KMS::Alias')) {
      const properties = this.resources[aliasId].Properties ?? {};
      const keyLogicalId = keyOf(this.resolveQuietly(properties.TargetKeyId), references);
      const aliasName = this.resolveQuietly(properties.AliasName);
      if (keyLogicalId === undefined || typeof aliasName !== 'string') continue;
      references.set(aliasName, keyLogicalId);
      references.set(`arn:${this.env.partition}:kms:${this.env.region}:${this.env.account}:${aliasName}`, keyLogicalId);
    }
    return references;
  }

  private logGroupName(logicalId: string): { name: string; nameIsKnown: boolean } {
    const generated = `${this.env.stackName}-${logicalId}-GENERATED`;
    const property = this.resources[logicalId].Properties?.LogGroupName;
    if (property === undefined || this.resolvingNames.has(logicalId)) return { name: generated, nameIsKnown: false };
    this.resolvingNames.add(logicalId);
    try {
      const value = this.resolveQuietly(property);
      return typeof value === 'string' ? { name: value, nameIsKnown: true } : { name: generated, nameIsKnown: false };
    } finally {
      this.resolvingNames.delete(logicalId);
    }
  }

  /** A value resolved, or undefined when it is malformed (CloudFormation would refuse the template). */
  private resolveQuietly(value: unknown): unknown {
    try {
      return resolveValue(value, this.scope);
    } catch (error) {
      if (error instanceof TemplateError) return undefined;
      throw error;
    }
  }

  /** `Ref` at synth: the stack's environment, parameter defaults, log group names; anything else is known only after deploy. */
  private ref(name: string): unknown {
    if (PSEUDO_PARAMETERS.has(name)) return pseudoParameterAtSynth(name, this.env);
    const parameter = this.template.Parameters?.[name];
    if (parameter !== undefined) {
      // an SSM-typed parameter's default is the parameter's name; its value is read at deploy
      const known = parameter.Default !== undefined && !isSsmParameterType(parameter.Type ?? '');
      return known ? parameterValue(parameter.Type ?? 'String', String(parameter.Default)) : new Unknown(`Ref ${name}`);
    }
    if (this.resources[name]?.Type === 'AWS::Logs::LogGroup') {
      const { name: groupName, nameIsKnown } = this.logGroupName(name);
      if (nameIsKnown) return groupName;
    }
    return new Unknown(`Ref ${name}`);
  }

  /** `Fn::GetAtt` at synth: a named log group's ARN; anything else is known only after deploy. */
  private getAtt(logicalId: string, attribute: string): unknown {
    if (this.resources[logicalId]?.Type === 'AWS::Logs::LogGroup' && attribute === 'Arn') {
      const { name, nameIsKnown } = this.logGroupName(logicalId);
      if (nameIsKnown) return `${this.logGroupArn(name)}:*`;
    }
    return new Unknown(`Fn::GetAtt ${logicalId}.${attribute}`);
  }

  /** The policy KMS gives a key created without one: the account may use IAM to allow access. */
  private defaultKeyPolicy(): object {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:${this.env.partition}:iam::${this.env.account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    };
  }

  private logicalIdsOfType(type: string): string[] {
    return Object.keys(this.resources).filter((logicalId) => this.resources[logicalId].Type === type);
  }
}

/**
 * The key a resolved `KmsKeyId` (or alias `TargetKeyId`) names: an alias name or ARN of the template, or an
 * unknown built only from one key's `Ref` / `Fn::GetAtt` (its ARN, or an ARN joined from its id).
 */
function keyOf(value: unknown, references: ReadonlyMap<string, string>): string | undefined {
  if (typeof value === 'string') return references.get(value);
  if (!(value instanceof Unknown)) return undefined;
  const keys = new Set(value.causes.map((cause) => references.get(cause)));
  return keys.size === 1 ? [...keys][0] : undefined;
}
