/**
 * The checks of the key-policy guard, on one template: does each encrypted log group's key
 * policy let CloudWatch Logs use the key for that group (an error if not), and does it let
 * CloudWatch Logs use the key for more than the template's groups (a warning).
 */
import { DecidingStatement, evaluatePolicy, parsePolicy, PolicyDocument } from '@kms-logs-api/iam-policy';
import {
  LOGS_ENCRYPTION_CONTEXT_KEY,
  LOGS_KMS_OPERATIONS,
  logsKeyPolicyStatement,
  logsServicePrincipal,
} from '../cloudwatch-logs';
import { PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION } from './stack-environment';
import { EncryptedLogGroupResource, TemplateKey, TemplateModel } from './template-model';

/**
 * How bad a finding is. `fatal` and `error` fail synthesis; `fatal` (a log group CloudFormation
 * could not create) cannot be acknowledged away with `Validations.acknowledge`. The others are
 * reported only.
 */
export type FindingSeverity = 'fatal' | 'error' | 'warning' | 'info';

/** One thing the guard found, about one resource of the template. */
export interface GuardFinding {
  readonly ruleName: string;
  readonly severity: FindingSeverity;
  /** The resource the finding is about. */
  readonly logicalId: string;
  /** Where in that resource, e.g. `Properties/KeyPolicy`. */
  readonly locations: string[];
  readonly description: string;
  readonly fix: string;
}

/** The rules of the guard. */
export const RULES = {
  /** The key policy does not let CloudWatch Logs use the key for a group encrypted with it. */
  deniesLogGroup: 'logs-key-policy-denies-log-group',
  /** The key policy cannot be read or evaluated. */
  unreadable: 'logs-key-policy-unreadable',
  /** The key policy lets CloudWatch Logs use the key without naming a log group. */
  unscoped: 'logs-key-policy-unscoped',
  /** The key policy lets CloudWatch Logs use the key for log groups the template does not own. */
  widerThanStack: 'logs-key-policy-wider-than-stack',
  /** The key policy grants CloudWatch Logs actions it does not need. */
  unneededActions: 'logs-key-policy-unneeded-actions',
  /** A log group is encrypted with a key that is not in the template: nothing to prove. */
  keyNotInTemplate: 'logs-key-not-in-template',
} as const;

/** Log group names no stack owns, tried against every key policy. */
export const PROBE_LOG_GROUP_NAMES: readonly string[] = ['/aws/lambda/__kms-logs-api-guard-probe__', '__kms-logs-api-guard-probe__'];
const PROBE_SUFFIX = '__kms-logs-api-guard-probe__';

/** KMS actions CloudWatch Logs never needs on a log group's key. */
export const UNNEEDED_ACTIONS: readonly string[] = [
  'kms:CreateGrant',
  'kms:ListGrants',
  'kms:RevokeGrant',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:Sign',
];

/** Operations that carry data; allowing them without an encryption context is unscoped use. */
const DATA_OPERATIONS: readonly string[] = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'];

/**
 * Runs every check on one template.
 *
 * @example
 * const findings = checkLogsKeyPolicies(new TemplateModel(template, stackEnvironment('MyStack', undefined, 'ap-southeast-1')));
 * findings.filter((f) => f.severity === 'error') // the groups CloudWatch Logs could not create
 */
export function checkLogsKeyPolicies(model: TemplateModel): GuardFinding[] {
  const findings: GuardFinding[] = [];
  const keys = new Map(model.keys().map((key) => [key.logicalId, key]));
  const groupsByKey = new Map<string, EncryptedLogGroupResource[]>();

  for (const group of model.encryptedLogGroups()) {
    const key = group.keyLogicalId === undefined ? undefined : keys.get(group.keyLogicalId);
    if (key === undefined) {
      findings.push(keyNotInTemplate(group));
      continue;
    }
    groupsByKey.set(key.logicalId, [...(groupsByKey.get(key.logicalId) ?? []), group]);
  }

  for (const [keyLogicalId, groups] of groupsByKey) {
    const key = keys.get(keyLogicalId)!;
    const checker = KeyPolicyChecker.create(model, key);
    if (typeof checker === 'string') {
      findings.push(...groups.map((group) => unreadable(model, key, group, checker)));
      continue;
    }
    findings.push(...groups.flatMap((group) => checker.checkGroup(group)));
    findings.push(...checker.checkWidth(groups));
  }
  return findings;
}

/** Evaluates one key's policy for requests CloudWatch Logs makes. */
class KeyPolicyChecker {
  /** A checker, or why the policy cannot be evaluated. */
  public static create(model: TemplateModel, key: TemplateKey): KeyPolicyChecker | string {
    if (key.error !== undefined) return key.error;
    try {
      return new KeyPolicyChecker(model, key, parsePolicy(key.policy as object));
    } catch (error) {
      return (error as Error).message;
    }
  }

  private readonly principal: { Service: string };

  private constructor(
    private readonly model: TemplateModel,
    private readonly key: TemplateKey,
    private readonly policy: PolicyDocument,
  ) {
    this.principal = { Service: logsServicePrincipal(model.env.region) };
  }

  /** An error when CloudWatch Logs may not perform every operation for this group. */
  public checkGroup(group: EncryptedLogGroupResource): GuardFinding[] {
    const results = LOGS_KMS_OPERATIONS.map((action) => ({ action, result: this.evaluate(action, group.arn) }));
    const denied = results.filter(({ result }) => result.decision !== 'Allow');
    if (denied.length === 0) return [];

    const env = this.model.env;
    const denyStatements = uniqueStatements(denied.flatMap(({ result }) => (result.decision === 'ExplicitDeny' ? result.statements : [])));
    const statement = JSON.stringify(logsKeyPolicyStatement(env.region, [group.arn]));
    const why = [
      `Denied: ${denied.map(({ action }) => action).join(', ')}`,
      denyStatements.length > 0 ? `explicitly, by ${denyStatements.map(describeStatement).join(', ')}` : 'no statement allows them',
    ].join(' - ');
    const notes = [
      ...(group.nameIsKnown ? [] : ['The group has no resolvable LogGroupName (CloudFormation would generate one), so no key policy can name its ARN: give it a LogGroupName.']),
      ...placeholderNotes(this.model),
      ...(this.key.unresolved.length > 0 ? [`Known only after deploy, so matching no request here: ${this.key.unresolved.join('; ')} in the key policy.`] : []),
    ];
    return [
      {
        ruleName: RULES.deniesLogGroup,
        severity: 'fatal',
        logicalId: group.logicalId,
        locations: ['Properties/KmsKeyId'],
        description: [
          `Log group ${group.logicalId} (${group.name}) is encrypted with KMS key ${this.key.logicalId}, but the key policy does not let CloudWatch Logs (${this.principal.Service}) use the key for ${group.arn}.`,
          `${why}.`,
          'CloudFormation would fail to create the log group with AccessDeniedException.',
          `Statement to add to the KeyPolicy of ${this.key.logicalId}: ${statement}`,
          ...notes,
        ].join(' '),
        fix: [
          `Add to the KeyPolicy of ${this.key.logicalId}: ${statement}`,
          ...(denyStatements.length > 0 ? [`and remove or narrow ${denyStatements.map(describeStatement).join(', ')}`] : []),
          '- or, in this app, create the group with EncryptedLogGroup (src/constructs/encrypted-log-group.ts), which adds it to the key policy.',
        ].join(' '),
      },
    ];
  }

  /** Warnings when the policy lets CloudWatch Logs use the key beyond these groups. */
  public checkWidth(groups: EncryptedLogGroupResource[]): GuardFinding[] {
    const owned = new Set(groups.filter((group) => group.nameIsKnown).map((group) => group.arn));
    const granting = uniqueStatements(
      [...owned].flatMap((arn) =>
        LOGS_KMS_OPERATIONS.map((action) => this.evaluate(action, arn)).flatMap((result) => (result.decision === 'Allow' ? result.statements : [])),
      ),
    );
    const findings: GuardFinding[] = [];
    const finding = (ruleName: string, description: string, fix: string): GuardFinding => ({
      ruleName,
      severity: 'warning',
      logicalId: this.key.logicalId,
      locations: ['Properties/KeyPolicy'],
      description,
      fix,
    });
    const statementToUse = JSON.stringify(logsKeyPolicyStatement(this.model.env.region, [...owned]));

    const unscoped = DATA_OPERATIONS.filter((action) => this.evaluate(action, undefined).decision === 'Allow');
    if (unscoped.length > 0) {
      const statements = uniqueStatements(unscoped.flatMap((action) => this.evaluate(action, undefined).statements));
      findings.push(
        finding(
          RULES.unscoped,
          `Key ${this.key.logicalId} lets CloudWatch Logs (${this.principal.Service}) perform ${unscoped.join(', ')} without a ${LOGS_ENCRYPTION_CONTEXT_KEY} condition (${statements.map(describeStatement).join(', ')}): any log group in any account could use the key.`,
          `Scope the statement to this stack's log groups: ${statementToUse}`,
        ),
      );
    } else {
      const probes = this.probeArns(groups).filter((arn) => !owned.has(arn));
      const allowedProbes = probes.filter((arn) => LOGS_KMS_OPERATIONS.some((action) => this.evaluate(action, arn).decision === 'Allow'));
      const wildcards = [...new Set(granting.flatMap(encryptionContextPatterns).filter((value) => /[*?]/.test(value)))];
      if (allowedProbes.length > 0 || wildcards.length > 0) {
        findings.push(
          finding(
            RULES.widerThanStack,
            [
              `Key ${this.key.logicalId} lets CloudWatch Logs use it for log groups this stack does not own`,
              wildcards.length > 0 ? `(wildcard ${LOGS_ENCRYPTION_CONTEXT_KEY} pattern ${wildcards.join(', ')})` : '',
              allowedProbes.length > 0 ? `- e.g. ${allowedProbes.slice(0, 2).join(', ')}` : '',
              `- via ${granting.map(describeStatement).join(', ')}.`,
              `Least privilege names exactly the stack's groups: ${[...owned].join(', ')}.`,
            ]
              .filter((part) => part !== '')
              .join(' '),
            `Use ArnEquals with exactly the stack's log group ARNs: ${statementToUse}`,
          ),
        );
      }
    }

    const someOwned = [...owned][0];
    const unneeded = someOwned === undefined ? [] : UNNEEDED_ACTIONS.filter((action) => this.evaluate(action, someOwned).decision === 'Allow');
    if (unneeded.length > 0) {
      const statements = uniqueStatements(unneeded.flatMap((action) => this.evaluate(action, someOwned).statements));
      findings.push(
        finding(
          RULES.unneededActions,
          `Key ${this.key.logicalId} grants CloudWatch Logs ${unneeded.join(', ')} (${statements.map(describeStatement).join(', ')}), which it does not need; AWS documents only ${['Encrypt*', 'Decrypt*', 'ReEncrypt*', 'GenerateDataKey*', 'Describe*'].map((a) => `kms:${a}`).join(', ')}.`,
          `Grant only the documented actions: ${statementToUse}`,
        ),
      );
    }
    return findings;
  }

  /** Log group ARNs the stack does not own: fixed probes, siblings and extensions of its groups, another account. */
  private probeArns(groups: EncryptedLogGroupResource[]): string[] {
    const names = new Set(PROBE_LOG_GROUP_NAMES);
    for (const group of groups.filter((g) => g.nameIsKnown)) {
      names.add(`${group.name.slice(0, group.name.lastIndexOf('/') + 1)}${PROBE_SUFFIX}`);
      names.add(`${group.name}${PROBE_SUFFIX}`);
    }
    const arns = [...names].map((name) => this.model.logGroupArn(name));
    const otherAccount = this.model.env.account === '210987654321' ? '123456789012' : '210987654321';
    for (const group of groups.filter((g) => g.nameIsKnown)) {
      arns.push(group.arn.replace(`:${this.model.env.account}:log-group:`, `:${otherAccount}:log-group:`));
    }
    return arns;
  }

  private evaluate(action: string, logGroupArn: string | undefined) {
    return evaluatePolicy(this.policy, {
      principal: this.principal,
      action,
      resource: this.key.arn,
      context: logGroupArn === undefined ? {} : { [LOGS_ENCRYPTION_CONTEXT_KEY]: logGroupArn },
    });
  }
}

function keyNotInTemplate(group: EncryptedLogGroupResource): GuardFinding {
  return {
    ruleName: RULES.keyNotInTemplate,
    severity: 'info',
    logicalId: group.logicalId,
    locations: ['Properties/KmsKeyId'],
    description: `Log group ${group.logicalId} (${group.name}) is encrypted with a key that is not in this template (${group.kmsKeyId}); its key policy cannot be checked at synth.`,
    fix: `Make sure that key's policy allows CloudWatch Logs for ${group.arn}, or define the key in this stack.`,
  };
}

function unreadable(model: TemplateModel, key: TemplateKey, group: EncryptedLogGroupResource, reason: string): GuardFinding {
  return {
    ruleName: RULES.unreadable,
    severity: 'error',
    logicalId: group.logicalId,
    locations: ['Properties/KmsKeyId'],
    description: `Log group ${group.logicalId} (${group.name}) is encrypted with KMS key ${key.logicalId}, whose KeyPolicy cannot be evaluated: ${reason}`,
    fix: `Fix the KeyPolicy of ${key.logicalId} and give it: ${JSON.stringify(logsKeyPolicyStatement(model.env.region, [group.arn]))}`,
  };
}

function placeholderNotes(model: TemplateModel): string[] {
  const notes: string[] = [];
  if (model.env.accountIsPlaceholder) notes.push(`(The stack's account is unknown at synth: ${PLACEHOLDER_ACCOUNT} stands for it.)`);
  if (model.env.regionIsPlaceholder) notes.push(`(The stack's region is unknown at synth: ${PLACEHOLDER_REGION} stands for it.)`);
  return notes;
}

function describeStatement(statement: DecidingStatement): string {
  return `${statement.effect} Statement[${statement.index}]${statement.sid === undefined ? '' : ` (Sid ${statement.sid})`}`;
}

function uniqueStatements(statements: DecidingStatement[]): DecidingStatement[] {
  const byIndex = new Map<number, DecidingStatement>();
  for (const statement of statements) byIndex.set(statement.index, statement);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** The values a statement's conditions compare `kms:EncryptionContext:aws:logs:arn` with. */
function encryptionContextPatterns(statement: DecidingStatement): string[] {
  const condition = (statement.statement as { Condition?: Record<string, Record<string, unknown>> }).Condition ?? {};
  return Object.values(condition).flatMap((byKey) =>
    Object.entries(byKey)
      .filter(([key]) => key.toLowerCase() === LOGS_ENCRYPTION_CONTEXT_KEY.toLowerCase())
      .flatMap(([, values]) => (Array.isArray(values) ? values : [values]))
      .filter((value): value is string => typeof value === 'string'),
  );
}
