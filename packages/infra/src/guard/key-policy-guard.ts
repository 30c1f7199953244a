import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTemplate } from '@kms-logs-api/cfn-template';
import {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
} from 'aws-cdk-lib';
import { checkLogsKeyPolicies, GuardFinding, RULES } from './logs-key-policy-checks';
import { stackEnvironment } from './stack-environment';
import { TemplateModel } from './template-model';

/**
 * A CDK policy-validation plugin that proves, for every `AWS::Logs::LogGroup` of every
 * synthesized template whose `KmsKeyId` is a key of the same template, that the key's policy
 * lets CloudWatch Logs (`logs.<region>.amazonaws.com`) perform each KMS operation it needs
 * for that group (encryption context `kms:EncryptionContext:aws:logs:arn` = the group's ARN).
 *
 * A group the key policy does not cover is an error: synthesis fails, naming the group, the
 * key, the denied actions and the statement to add. A key policy that lets CloudWatch Logs
 * use the key more widely than the template's groups is a warning. The policy is evaluated with
 * `@kms-logs-api/iam-policy`, the evaluator the local emulator enforces key policies with.
 *
 * @example
 * const app = new App();
 * Validations.of(app).addPlugins(new KeyPolicyGuard());
 */
export class KeyPolicyGuard implements IPolicyValidationPlugin {
  public readonly name = 'KmsLogsKeyPolicyGuard';
  public readonly version = '1.0.0';
  public readonly ruleIds = Object.values(RULES);

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    for (const stack of context.stackTemplates) {
      const template = parseTemplate(fs.readFileSync(stack.templatePath, 'utf-8'));
      const stackName = path.basename(stack.templatePath).replace(/\.template\.json$/, '');
      const model = new TemplateModel(template, stackEnvironment(stackName, stack.accountId, stack.region));
      // One violation per finding: each text names one group (or key), never a merged list.
      violations.push(...checkLogsKeyPolicies(model).map((finding) => toViolation(finding, stack.templatePath)));
    }
    return { success: violations.every((violation) => violation.severity !== 'error' && violation.severity !== 'fatal'), violations };
  }
}

function toViolation(finding: GuardFinding, templatePath: string): PolicyViolation {
  return {
    ruleName: finding.ruleName,
    description: finding.description,
    fix: finding.fix,
    severity: finding.severity,
    violatingResources: [{ resourceLogicalId: finding.logicalId, templatePath, locations: finding.locations }],
  };
}
