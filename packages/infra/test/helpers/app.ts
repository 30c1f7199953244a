import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { defineKmsLogsApi } from '../../src/kms-logs-api-app';
import { KmsLogsApiStack } from '../../src/kms-logs-api-stack';
import { Template } from './cfn';

/** The environment the tests synthesize in: a concrete region, an unknown account. */
export const TEST_REGION = 'ap-southeast-1';

/** An app as `main.ts` builds it (stack, tags, cdk-nag, guard), with this context. */
export function kmsLogsApiApp(context: Record<string, string> = {}): { app: App; stack: KmsLogsApiStack } {
  const app = new App({ context });
  const stack = defineKmsLogsApi(app, { region: TEST_REGION });
  return { app, stack };
}

/** Synthesizes the app and returns the stack's template and the assembly. */
export function synthesize(app: App, stack: KmsLogsApiStack): { template: Template; assembly: CloudAssembly } {
  const assembly = app.synth();
  return { template: assembly.getStackByName(stack.stackName).template as Template, assembly };
}

/** One violation of the CDK validation report of an assembly. */
export interface ReportedViolation {
  pluginName: string;
  ruleName: string;
  severity: string;
  description: string;
  logicalIds: string[];
}

/** The violations in the assembly's validation report (`validation-report.json`), of every plugin. */
export function reportedViolations(assembly: CloudAssembly): ReportedViolation[] {
  const file = path.join(assembly.directory, 'validation-report.json');
  const report = JSON.parse(fs.readFileSync(file, 'utf-8')) as {
    pluginReports: {
      pluginName: string;
      violations: {
        ruleName: string;
        severity: string;
        description: string;
        violatingConstructs: { cloudFormationResource?: { logicalId: string } }[];
      }[];
    }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((violation) => ({
      pluginName: plugin.pluginName,
      ruleName: violation.ruleName,
      severity: violation.severity,
      description: violation.description,
      logicalIds: violation.violatingConstructs.map((c) => c.cloudFormationResource?.logicalId ?? ''),
    })),
  );
}
