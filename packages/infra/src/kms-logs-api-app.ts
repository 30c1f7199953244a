import { App, Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KeyPolicyGuard } from './guard/key-policy-guard';
import { KmsLogsApiStack } from './kms-logs-api-stack';
import { KEY_POLICY_MODES, KeyPolicyMode } from './test-only/seed-key-policy';

/** CDK context keys this app reads. */
export const CONTEXT = {
  /** Distinguishes deployments; part of the stack name and every resource name. Default `dev`. */
  environmentSuffix: 'environmentSuffix',
  /** TEST ONLY: a {@link KeyPolicyMode} other than `least-privilege`. */
  testKeyPolicy: 'kmsLogsApi:testKeyPolicy',
  /** TEST ONLY: `off` skips the key-policy guard, so a broken key policy can be synthesized. */
  guard: 'kmsLogsApi:guard',
  /** TEST ONLY: the folder of the function's code instead of the handler's dist/ (a test deploys a changed copy). */
  handlerBundle: 'kmsLogsApi:handlerBundle',
} as const;

/**
 * Adds the KMS Logs API to an app: the stack `KmsLogsApi-<environmentSuffix>`, its tags, the
 * cdk-nag AwsSolutions checks and the key-policy guard (both run when the app synthesizes;
 * an error from either fails synthesis).
 *
 * @param env where the stack deploys; region and account come from the CDK environment
 * @example
 * const app = new App({ context: { environmentSuffix: 'pr-42' } });
 * defineKmsLogsApi(app, { region: 'ap-southeast-1' });
 * app.synth();
 */
export function defineKmsLogsApi(app: App, env: Environment): KmsLogsApiStack {
  const environmentSuffix = contextString(app, CONTEXT.environmentSuffix) ?? 'dev';
  if (!/^[A-Za-z0-9-]{1,32}$/.test(environmentSuffix)) {
    throw new Error(`Context ${CONTEXT.environmentSuffix}="${environmentSuffix}": use 1-32 letters, digits or hyphens`);
  }
  const keyPolicyMode = contextString(app, CONTEXT.testKeyPolicy) ?? 'least-privilege';
  if (!KEY_POLICY_MODES.includes(keyPolicyMode as KeyPolicyMode)) {
    throw new Error(`Context ${CONTEXT.testKeyPolicy}="${keyPolicyMode}": use one of ${KEY_POLICY_MODES.join(', ')}`);
  }
  const guard = contextString(app, CONTEXT.guard) ?? 'on';
  if (guard !== 'on' && guard !== 'off') {
    throw new Error(`Context ${CONTEXT.guard}="${guard}": use on or off`);
  }

  const stack = new KmsLogsApiStack(app, `KmsLogsApi-${environmentSuffix}`, {
    env,
    environmentSuffix,
    keyPolicyMode: keyPolicyMode as KeyPolicyMode,
    handlerBundleDirectory: contextString(app, CONTEXT.handlerBundle),
    description: `KMS Logs API (${environmentSuffix}): REST API and Lambda with KMS-encrypted CloudWatch Logs`,
  });
  Tags.of(stack).add('Project', 'kms-logs-api');
  Tags.of(stack).add('Environment', environmentSuffix);
  Tags.of(stack).add('ManagedBy', 'cdk');

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  if (guard === 'on') Validations.of(app).addPlugins(new KeyPolicyGuard());
  return stack;
}

/**
 * The stack's environment from the CDK CLI's variables: the account and region of the ambient
 * credentials and configuration; `ap-southeast-1` when no region is set.
 */
export function environmentFromProcess(env: NodeJS.ProcessEnv): Environment {
  return { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION ?? 'ap-southeast-1' };
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === null ? undefined : String(value);
}
