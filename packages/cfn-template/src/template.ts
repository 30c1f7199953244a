/**
 * The sections of a CloudFormation template, as declared (values still hold intrinsic functions).
 */

/** A resource as declared in the template. */
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

/** `Mappings`: map name → top-level key → second-level key → value. */
export type Mappings = Record<string, Record<string, Record<string, unknown>>>;

/** A parsed CloudFormation template. */
export interface Template {
  readonly AWSTemplateFormatVersion?: string;
  readonly Description?: string;
  readonly Metadata?: Record<string, unknown>;
  readonly Parameters?: Record<string, ParameterDeclaration>;
  readonly Rules?: Record<string, RuleDeclaration>;
  readonly Mappings?: Mappings;
  readonly Conditions?: Record<string, unknown>;
  readonly Transform?: unknown;
  readonly Resources: Record<string, ResourceDeclaration>;
  readonly Outputs?: Record<string, OutputDeclaration>;
}
