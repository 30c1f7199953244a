import type { Template } from '@kms-logs-api/cfn-template';
import type { GetTemplateSummaryOutput, ValidateTemplateOutput } from '@aws-sdk/client-cloudformation';
import { requiredCapability } from './capabilities';

const noEcho = (value: unknown): boolean => value === true || value === 'true';

/** GetTemplateSummary's answer for a template. */
export function templateSummary(template: Template): GetTemplateSummaryOutput {
  const needed = requiredCapability(template);
  const byType = new Map<string, string[]>();
  for (const [id, res] of Object.entries(template.Resources)) byType.set(res.Type, [...(byType.get(res.Type) ?? []), id]);
  return {
    Parameters: Object.entries(template.Parameters ?? {}).map(([key, p]) => ({
      ParameterKey: key,
      DefaultValue: p.Default === undefined ? undefined : String(p.Default),
      ParameterType: p.Type,
      NoEcho: noEcho(p.NoEcho),
      Description: p.Description,
      ParameterConstraints: p.AllowedValues ? { AllowedValues: p.AllowedValues.map(String) } : {},
    })),
    Description: template.Description,
    Capabilities: needed ? [needed] : undefined,
    CapabilitiesReason: needed ? 'The following resource(s) require capabilities: [' + [...byType.keys()].filter((t) => t.startsWith('AWS::IAM::')).join(', ') + ']' : undefined,
    ResourceTypes: [...byType.keys()],
    Version: template.AWSTemplateFormatVersion,
    Metadata: template.Metadata === undefined ? undefined : JSON.stringify(template.Metadata),
    DeclaredTransforms: [],
    ResourceIdentifierSummaries: [...byType.entries()].map(([t, ids]) => ({ ResourceType: t, LogicalResourceIds: ids })),
  };
}

/** ValidateTemplate's answer for a template. */
export function templateValidation(template: Template): ValidateTemplateOutput {
  const needed = requiredCapability(template);
  return {
    Parameters: Object.entries(template.Parameters ?? {}).map(([key, p]) => ({
      ParameterKey: key,
      DefaultValue: p.Default === undefined ? undefined : String(p.Default),
      NoEcho: noEcho(p.NoEcho),
      Description: p.Description,
    })),
    Description: template.Description,
    Capabilities: needed ? [needed] : undefined,
    CapabilitiesReason: needed ? 'The following resource(s) require capabilities: [' + Object.values(template.Resources).map((x) => x.Type).filter((t) => t.startsWith('AWS::IAM::')).filter((t, i, a) => a.indexOf(t) === i).join(', ') + ']' : undefined,
    DeclaredTransforms: [],
  };
}
