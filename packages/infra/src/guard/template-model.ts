/**
 * The parts of a synthesized CloudFormation template the key-policy guard reasons about:
 * KMS keys with their resolved key policies, and the log groups encrypted with them.
 */
import { logGroupArn } from '../cloudwatch-logs';
import { IntrinsicValues, resolveIntrinsics, resolveString } from './cfn-intrinsics';
import { pseudoParameters, StackEnvironment } from './stack-environment';

/** A CloudFormation template, as far as the guard reads it. */
export interface CfnTemplate {
  readonly Parameters?: Record<string, { readonly Default?: unknown }>;
  readonly Resources?: Record<string, CfnResource>;
}

/** A resource of a template. */
export interface CfnResource {
  readonly Type?: string;
  readonly Properties?: Record<string, unknown>;
}

/** An `AWS::KMS::Key` of the template. */
export interface TemplateKey {
  readonly logicalId: string;
  /** The key's ARN in the evaluation environment (its key id is a placeholder). */
  readonly arn: string;
  /** `KeyPolicy` with intrinsics resolved; KMS's default policy when the template sets none. */
  readonly policy: unknown;
  /** Intrinsics in the key policy that could not be resolved. */
  readonly unresolved: string[];
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
  /** `KmsKeyId` as resolved. */
  readonly kmsKeyId: string;
  /** The key of this template the group is encrypted with; undefined when it is not in the template. */
  readonly keyLogicalId?: string;
}

/** A template with its environment: its keys and encrypted log groups, intrinsics resolved. */
export class TemplateModel {
  private readonly resources: Record<string, CfnResource>;
  private readonly values: IntrinsicValues;
  private readonly resolvingNames = new Set<string>();

  constructor(
    private readonly template: CfnTemplate,
    public readonly env: StackEnvironment,
  ) {
    this.resources = template.Resources ?? {};
    this.values = {
      pseudoParameters: pseudoParameters(env),
      ref: (logicalId) => this.ref(logicalId),
      getAtt: (logicalId, attribute) => this.getAtt(logicalId, attribute),
    };
  }

  /** Every `AWS::KMS::Key` of the template. */
  public keys(): TemplateKey[] {
    return this.logicalIdsOfType('AWS::KMS::Key').map((logicalId) => {
      const keyPolicy = this.resources[logicalId].Properties?.KeyPolicy;
      const { value, unresolved } =
        keyPolicy === undefined ? { value: this.defaultKeyPolicy(), unresolved: [] } : resolveIntrinsics(keyPolicy, this.values);
      return { logicalId, arn: this.keyArn(logicalId), policy: value, unresolved };
    });
  }

  /** Every `AWS::Logs::LogGroup` of the template that sets `KmsKeyId`. */
  public encryptedLogGroups(): EncryptedLogGroupResource[] {
    const keyByReference = this.keyReferences();
    return this.logicalIdsOfType('AWS::Logs::LogGroup')
      .filter((logicalId) => this.resources[logicalId].Properties?.KmsKeyId !== undefined)
      .map((logicalId) => {
        const kmsKeyId = resolveString(this.resources[logicalId].Properties?.KmsKeyId, this.values).value ?? '';
        const { name, nameIsKnown } = this.logGroupName(logicalId);
        return {
          logicalId,
          name,
          nameIsKnown,
          arn: this.logGroupArn(name),
          kmsKeyId,
          keyLogicalId: keyByReference.get(kmsKeyId),
        };
      });
  }

  /** The ARN CloudWatch Logs puts in the encryption context for a group of this name. */
  public logGroupArn(logGroupName: string): string {
    return logGroupArn({ partition: this.env.partition, region: this.env.region, account: this.env.account, logGroupName });
  }

  /** Key ARNs, key ids and alias ARNs/names of the template, each mapped to its key. */
  private keyReferences(): Map<string, string> {
    const references = new Map<string, string>();
    for (const logicalId of this.logicalIdsOfType('AWS::KMS::Key')) {
      references.set(this.keyArn(logicalId), logicalId);
      references.set(this.keyId(logicalId), logicalId);
    }
    for (const aliasId of this.logicalIdsOfType('AWS::KMS::Alias')) {
      const properties = this.resources[aliasId].Properties ?? {};
      const target = resolveString(properties.TargetKeyId, this.values).value;
      const aliasName = resolveString(properties.AliasName, this.values).value;
      const keyLogicalId = target === undefined ? undefined : references.get(target);
      if (keyLogicalId === undefined || aliasName === undefined) continue;
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
      const { value, unresolved } = resolveString(property, this.values);
      return value === undefined || unresolved.length > 0 ? { name: generated, nameIsKnown: false } : { name: value, nameIsKnown: true };
    } finally {
      this.resolvingNames.delete(logicalId);
    }
  }

  private ref(logicalId: string): string | undefined {
    const parameter = this.template.Parameters?.[logicalId];
    if (parameter !== undefined) return typeof parameter.Default === 'string' ? parameter.Default : undefined;
    switch (this.resources[logicalId]?.Type) {
      case 'AWS::KMS::Key':
        return this.keyId(logicalId);
      case 'AWS::Logs::LogGroup':
        return this.logGroupName(logicalId).name;
      default:
        return undefined;
    }
  }

  private getAtt(logicalId: string, attribute: string): string | undefined {
    const type = this.resources[logicalId]?.Type;
    const { partition, region, account } = this.env;
    switch (`${type}.${attribute}`) {
      case 'AWS::KMS::Key.Arn':
        return this.keyArn(logicalId);
      case 'AWS::KMS::Key.KeyId':
        return this.keyId(logicalId);
      case 'AWS::Logs::LogGroup.Arn':
        return `${this.logGroupArn(this.logGroupName(logicalId).name)}:*`;
      // Principals in key policies: a stand-in ARN of the right shape (IAM rejects a malformed one).
      case 'AWS::IAM::Role.Arn':
        return `arn:${partition}:iam::${account}:role/${logicalId}`;
      case 'AWS::IAM::User.Arn':
        return `arn:${partition}:iam::${account}:user/${logicalId}`;
      default:
        if (type === undefined || attribute !== 'Arn') return undefined;
        // Any other resource's ARN: `arn:<partition>:<service>:<region>:<account>:<logicalId>`.
        return `arn:${partition}:${type.split('::')[1]?.toLowerCase() ?? 'unknown'}:${region}:${account}:${logicalId}`;
    }
  }

  private keyId(logicalId: string): string {
    return `key-id-of-${logicalId}`;
  }

  private keyArn(logicalId: string): string {
    return `arn:${this.env.partition}:kms:${this.env.region}:${this.env.account}:key/${this.keyId(logicalId)}`;
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
