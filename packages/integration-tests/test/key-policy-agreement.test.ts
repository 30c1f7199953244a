/**
 * infra's synth-time key-policy guard and local-cloud's deploy read a template with the same evaluator
 * (@kms-logs-api/cfn-template) and evaluate the key policy with the same IAM evaluator, so they must reach
 * the same decision for every encrypted log group: the guard fails synthesis for a group exactly when the
 * local deploy fails to create it with AccessDeniedException. Checked for the project's own stack, the
 * seed's broken key policy, and key policies written with Fn::Sub / Fn::Join / Fn::Select and Fn::If / Fn::FindInMap.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  StackResource,
} from '@aws-sdk/client-cloudformation';
import { GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { defineKmsLogsApi } from '@kms-logs-api/infra/lib/kms-logs-api-app';
import { KeyPolicyGuard } from '@kms-logs-api/infra/lib/guard/key-policy-guard';
import { stackEnvironment } from '@kms-logs-api/infra/lib/guard/stack-environment';
import { TemplateModel } from '@kms-logs-api/infra/lib/guard/template-model';
import { LocalCloudServer, startServer } from '@kms-logs-api/local-cloud';
import { App } from 'aws-cdk-lib';

const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const DENIES = 'logs-key-policy-denies-log-group';

// synthesizing the project's app and one local deploy per group take a few seconds each
jest.setTimeout(120_000);

type Template = { Resources: Record<string, { Type: string; DependsOn?: string | string[] }> } & Record<string, unknown>;

/** The project's stack as `cdk synth` writes it for the local account, with the key policy `mode` asks for. */
function projectTemplate(mode: 'least-privilege' | 'seed-broken'): Template {
  // guard off: a broken policy must reach the template so both sides can judge it
  const app = new App({ context: { 'kmsLogsApi:testKeyPolicy': mode, 'kmsLogsApi:guard': 'off' } });
  const stack = defineKmsLogsApi(app, { account: ACCOUNT, region: REGION });
  return app.synth().getStackByName(stack.stackName).template as Template;
}

/**
 * The template cut down to its keys, aliases and one encrypted log group (what the decision is about):
 * deployable without the Lambda asset, and one group per stack so that no group is cancelled by another's failure.
 */
function withOnlyGroup(template: Template, groupId: string): Template {
  const kept = Object.fromEntries(
    Object.entries(template.Resources).filter(([id, r]) => id === groupId || r.Type === 'AWS::KMS::Key' || r.Type === 'AWS::KMS::Alias'),
  );
  const resources = Object.fromEntries(
    Object.entries(kept).map(([id, r]) => {
      const dependsOn = [r.DependsOn ?? []].flat().filter((d) => d in kept);
      const { DependsOn: _dropped, ...rest } = r;
      return [id, dependsOn.length > 0 ? { ...rest, DependsOn: dependsOn } : rest];
    }),
  );
  const { Outputs: _outputs, ...sections } = template;
  return { ...sections, Resources: resources };
}

function encryptedGroups(template: Template): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Logs::LogGroup' && (r as { Properties?: { KmsKeyId?: unknown } }).Properties?.KmsKeyId !== undefined)
    .map(([id]) => id);
}

/** The guard's verdict, through the CDK policy-validation plugin exactly as synthesis runs it. */
function guardDenies(template: Template, stackName: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agreement-'));
  const templatePath = path.join(dir, `${stackName}.template.json`);
  fs.writeFileSync(templatePath, JSON.stringify(template));
  const report = new KeyPolicyGuard().validate({
    templatePaths: [templatePath],
    stackTemplates: [{ stackConstructPath: stackName, templatePath, accountId: ACCOUNT, region: REGION }],
    appConstruct: new App(),
  });
  return report.violations.filter((v) => v.ruleName === DENIES).flatMap((v) => v.violatingResources.map((r) => r.resourceLogicalId ?? ''));
}

/**
 * Deploys through a fresh in-process local-cloud's CloudFormation (the stack kept as it ends, failed or not)
 * and hands its resources and a KMS client to `inspect` before the server stops.
 */
async function deployLocally<T>(template: Template, stackName: string, inspect: (resources: StackResource[], kms: KMSClient) => Promise<T>): Promise<T> {
  const server: LocalCloudServer = await startServer({ port: 0, dbFile: ':memory:' });
  const config = { endpoint: server.url, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const cloudFormation = new CloudFormationClient(config);
  const kms = new KMSClient(config);
  try {
    await cloudFormation.send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(template), OnFailure: 'DO_NOTHING' }));
    for (let i = 0; i < 600; i++) {
      const [stack] = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks ?? [];
      if (!stack.StackStatus?.endsWith('_IN_PROGRESS')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const resources = (await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources ?? [];
    return await inspect(resources, kms);
  } finally {
    cloudFormation.destroy();
    kms.destroy();
    await server.close();
  }
}

interface Verdicts {
  /** Groups the guard fails synthesis for. */
  readonly guard: string[];
  /** Groups the local deploy could not create, refused by the key policy. */
  readonly local: string[];
}

/** Each encrypted group on its own: the guard's verdict, and the local deploy's; both sides' resolved key policies agree. */
async function verdicts(template: Template): Promise<Verdicts> {
  const guard: string[] = [];
  const local: string[] = [];
  for (const groupId of encryptedGroups(template)) {
    const stackName = `Agreement-${groupId}`;
    const single = withOnlyGroup(template, groupId);
    guard.push(...guardDenies(single, stackName));

    await deployLocally(single, stackName, async (resources, kms) => {
      const group = resources.find((r) => r.LogicalResourceId === groupId)!;
      if (group.ResourceStatus === 'CREATE_FAILED') {
        expect(group.ResourceStatusReason).toContain('AccessDeniedException');
        local.push(groupId);
      } else {
        expect(group.ResourceStatus).toBe('CREATE_COMPLETE');
      }

      // the value each side evaluated: the guard's resolved KeyPolicy is the policy the engine gave KMS
      const [key] = new TemplateModel(single as never, stackEnvironment(stackName, ACCOUNT, REGION)).keys();
      const keyId = resources.find((r) => r.LogicalResourceId === key.logicalId)!.PhysicalResourceId!;
      const deployed = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!);
      expect(deployed).toEqual(key.policy);
    });
  }
  return { guard, local };
}

const ROOT = {
  Sid: 'Root',
  Effect: 'Allow',
  Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
  Action: 'kms:*',
  Resource: '*',
};
const LOGS_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];
/** A key whose policy is the account root and `statement`. */
const keyWith = (statement: object) => ({
  Type: 'AWS::KMS::Key',
  Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [ROOT, statement] } },
});
const encryptedGroup = (name: unknown) => ({
  Type: 'AWS::Logs::LogGroup',
  Properties: { LogGroupName: name, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
});

/** A key policy built with Fn::Join (the principal), Fn::Sub (the ARN) and Fn::Select (the one group it names). */
const SUB_JOIN_SELECT: Template = {
  Parameters: { GroupNames: { Type: 'CommaDelimitedList', Default: '/app/selected,/app/other' } },
  Resources: {
    Key: keyWith({
      Sid: 'Logs',
      Effect: 'Allow',
      Principal: { Service: { 'Fn::Join': ['.', ['logs', { Ref: 'AWS::Region' }, { Ref: 'AWS::URLSuffix' }]] } },
      Action: LOGS_ACTIONS,
      Resource: '*',
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Sub': [
              'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Name}',
              { Name: { 'Fn::Select': [0, { Ref: 'GroupNames' }] } },
            ],
          },
        },
      },
    }),
    Selected: encryptedGroup({ 'Fn::Select': [0, { Ref: 'GroupNames' }] }),
    Other: encryptedGroup({ 'Fn::Join': ['/', ['', 'app', 'other']] }),
  },
} as unknown as Template;

/** A key policy whose logs statement is chosen by Fn::If on a condition and names its region through Fn::FindInMap. */
const IF_FIND_IN_MAP: Template = {
  Parameters: { Stage: { Type: 'String', Default: 'prod' } },
  Mappings: { Logs: { Principal: { 'ap-southeast-1': 'logs.ap-southeast-1.amazonaws.com' } } },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
  Resources: {
    Key: keyWith({
      'Fn::If': [
        'IsProd',
        {
          Effect: 'Allow',
          Principal: { Service: { 'Fn::FindInMap': ['Logs', 'Principal', { Ref: 'AWS::Region' }] } },
          Action: LOGS_ACTIONS,
          Resource: '*',
          Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Sub': 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/prod/app' } } },
        },
        { Ref: 'AWS::NoValue' },
      ],
    }),
    Prod: encryptedGroup('/prod/app'),
    Dev: encryptedGroup('/dev/app'),
  },
} as unknown as Template;

describe('the synth guard and the local deploy reach the same decision for every encrypted log group', () => {
  it('the project\'s stack: both allow CloudWatch Logs for both groups', async () => {
    const template = projectTemplate('least-privilege');
    expect(encryptedGroups(template)).toHaveLength(2);
    const { guard, local } = await verdicts(template);
    expect(guard).toEqual([]);
    expect(local).toEqual(guard);
  });

  it('the seed\'s broken key policy (account root only): both refuse both groups', async () => {
    const template = projectTemplate('seed-broken');
    const { guard, local } = await verdicts(template);
    expect(guard).toEqual(encryptedGroups(template));
    expect(local).toEqual(guard);
  });

  it('a key policy written with Fn::Sub, Fn::Join and Fn::Select: both allow the selected group only', async () => {
    const { guard, local } = await verdicts(SUB_JOIN_SELECT);
    expect(guard).toEqual(['Other']);
    expect(local).toEqual(guard);
  });

  it('a key policy written with Fn::If on a condition and Fn::FindInMap: both allow the prod group only', async () => {
    const { guard, local } = await verdicts(IF_FIND_IN_MAP);
    expect(guard).toEqual(['Dev']);
    expect(local).toEqual(guard);
  });
});
