import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeChangeSetCommandOutput,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
  Stack,
  UpdateStackCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { useLocalCloud } from '../../helpers/local-cloud';
import { errorOf } from '../../helpers/sdk-errors';

const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const ASSETS = `cdk-hnb659fds-assets-${ACCOUNT}-${REGION}`;
const CHANGE_SET = 'cdk-deploy-change-set';
const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

/** What the CDK's default synthesizer adds to every stack. */
const BOOTSTRAP = {
  Parameters: {
    BootstrapVersion: {
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: '/cdk-bootstrap/hnb659fds/version',
      Description: 'Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]',
    },
  },
  Rules: {
    CheckBootstrapVersion: {
      Assertions: [{
        Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] },
        AssertDescription: "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
      }],
    },
  },
};

function appTemplate(retention: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...BOOTSTRAP,
    Resources: {
      AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: retention }, UpdateReplacePolicy: 'Delete', DeletionPolicy: 'Delete' },
      AppRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
        },
      },
      CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:H4sI' } },
      ...extra,
    },
    Outputs: {
      LogGroupName: { Value: { Ref: 'AppLogs' } },
      RoleArn: { Value: { 'Fn::GetAtt': ['AppRole', 'Arn'] }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-RoleArn' } } },
    },
  };
}

const cloud = useLocalCloud({ cfn: CloudFormationClient, s3: [S3Client, { forcePathStyle: true }] });
const { cfn, s3 } = cloud;

/** Uploads a template to the assets bucket as the CDK CLI does, and returns its TemplateURL. */
async function upload(body: string): Promise<string> {
  const key = `${Math.random().toString(16).slice(2)}.json`;
  await s3.send(new PutObjectCommand({ Bucket: ASSETS, Key: key, Body: body }));
  return `${cloud().endpoint}/${ASSETS}/${key}`;
}

/** Polls DescribeStacks (as the CLI does, only faster) until the stack is no longer in progress. */
async function waitStable(stackNameOrArn: string): Promise<Stack> {
  for (let i = 0; i < 400; i++) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackNameOrArn }));
    const status = Stacks![0].StackStatus!;
    if (!status.endsWith('_IN_PROGRESS')) return Stacks![0];
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('stack did not settle');
}

/** The CDK CLI's `cdk deploy` sequence for a stack, new or existing. */
async function cdkDeploy(stackName: string, template: Record<string, unknown>): Promise<{ changeSet: DescribeChangeSetCommandOutput; stack?: Stack }> {
  let exists = true;
  try {
    await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
  } catch (e) {
    if ((e as Error).message !== `Stack with id ${stackName} does not exist`) throw e;
    exists = false;
  }
  if (exists) {
    await cfn.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: CHANGE_SET }));
    expect((await errorOf(cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: CHANGE_SET })))).name)
      .toBe('ChangeSetNotFoundException');
  }
  const body = JSON.stringify(template, undefined, 1);
  const created = await cfn.send(new CreateChangeSetCommand({
    StackName: stackName,
    ChangeSetName: CHANGE_SET,
    ChangeSetType: exists ? 'UPDATE' : 'CREATE',
    TemplateURL: await upload(body),
    Parameters: exists ? [{ ParameterKey: 'BootstrapVersion', UsePreviousValue: true }] : [],
    Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
    RoleARN: `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`,
    Tags: [],
    Description: 'CDK Changeset for execution 1234',
    ClientToken: `create${Math.random()}`,
    IncludeNestedStacks: true,
  }));
  const changeSet = await cfn.send(new DescribeChangeSetCommand({ StackName: created.StackId, ChangeSetName: created.Id, IncludePropertyValues: true }));
  if (changeSet.Status === 'FAILED') {
    await cfn.send(new DeleteChangeSetCommand({ StackName: changeSet.StackId, ChangeSetName: changeSet.ChangeSetId }));
    return { changeSet };
  }
  await cfn.send(new ExecuteChangeSetCommand({ StackName: changeSet.StackId, ChangeSetName: changeSet.ChangeSetId, ClientRequestToken: 'exec1' }));
  return { changeSet, stack: await waitStable(changeSet.StackId!) };
}

describe('CloudFormation API: the CDK CLI deploy sequence', () => {
  const name = 'AppStack';
  let stackId: string;
  let firstBody: string;

  it('answers DescribeStacks of a missing stack with the exact ValidationError', async () => {
    const err = await errorOf(cfn.send(new DescribeStacksCommand({ StackName: name })));
    expect(err).toEqual({ name: 'ValidationError', message: `Stack with id ${name} does not exist`, status: 400 });
  });

  it('creates the change set synchronously, with the stack in REVIEW_IN_PROGRESS', async () => {
    // Prepare
    firstBody = JSON.stringify(appTemplate(7), undefined, 1);

    // Act
    const created = await cfn.send(new CreateChangeSetCommand({
      StackName: name, ChangeSetName: CHANGE_SET, ChangeSetType: 'CREATE', TemplateURL: await upload(firstBody),
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'], Tags: [], Parameters: [],
    }));
    stackId = created.StackId!;
    const cs = await cfn.send(new DescribeChangeSetCommand({ StackName: stackId, ChangeSetName: created.Id }));

    // Assess
    expect(created.Id).toMatch(new RegExp(`^arn:aws:cloudformation:${REGION}:${ACCOUNT}:changeSet/${CHANGE_SET}/[0-9a-f-]{36}$`));
    expect(stackId).toMatch(new RegExp(`^arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/[0-9a-f-]{36}$`));
    expect(cs.Status).toBe('CREATE_COMPLETE');
    expect(cs.ExecutionStatus).toBe('AVAILABLE');
    expect(cs.Parameters).toEqual([{ ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version', ResolvedValue: '30' }]);
    expect(cs.Changes?.map((c) => [c.Type, c.ResourceChange?.Action, c.ResourceChange?.LogicalResourceId, c.ResourceChange?.ResourceType])).toEqual([
      ['Resource', 'Add', 'AppLogs', 'AWS::Logs::LogGroup'],
      ['Resource', 'Add', 'AppRole', 'AWS::IAM::Role'],
      ['Resource', 'Add', 'CDKMetadata', 'AWS::CDK::Metadata'],
    ]);
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    expect(Stacks![0]).toMatchObject({ StackId: stackId, StackStatus: 'REVIEW_IN_PROGRESS' });
  });

  it('returns the template verbatim from GetTemplate', async () => {
    const out = await cfn.send(new GetTemplateCommand({ StackName: name, ChangeSetName: CHANGE_SET, TemplateStage: 'Original' }));
    expect(out.TemplateBody).toBe(firstBody);
  });

  it('executes asynchronously and reaches CREATE_COMPLETE', async () => {
    // Act
    await cfn.send(new ExecuteChangeSetCommand({ StackName: name, ChangeSetName: CHANGE_SET }));
    const stack = await waitStable(stackId);

    // Assess
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Parameters).toEqual([{ ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version', ResolvedValue: '30' }]);
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o]));
    expect(outputs.LogGroupName.OutputValue).toMatch(/^AppStack-AppLogs-[A-Z0-9]{12}$/);
    expect(outputs.RoleArn).toMatchObject({ ExportName: 'AppStack-RoleArn' });
    expect(outputs.RoleArn.OutputValue).toMatch(/^arn:aws:iam::000000000000:role\/AppStack-AppRole-[A-Z0-9]{12}$/);
    const cs = await cfn.send(new DescribeChangeSetCommand({ StackName: name, ChangeSetName: CHANGE_SET }));
    expect([cs.Status, cs.ExecutionStatus]).toEqual(['CREATE_COMPLETE', 'EXECUTE_COMPLETE']);
    expect(stack.ChangeSetId).toBe(cs.ChangeSetId);
    expect((await cfn.send(new GetTemplateCommand({ StackName: name }))).TemplateBody).toBe(firstBody);
  });

  it('made the real resources, through the same services the API serves', async () => {
    const stack = await waitStable(name);
    const groupName = stack.Outputs!.find((o) => o.OutputKey === 'LogGroupName')!.OutputValue!;
    const logs = new CloudWatchLogsClient(cloud().clientConfig);
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: groupName }));
    expect(logGroups).toEqual([expect.objectContaining({ logGroupName: groupName, retentionInDays: 7 })]);
    const roleName = stack.Outputs!.find((o) => o.OutputKey === 'RoleArn')!.OutputValue!.split('/').pop()!;
    const iam = new IAMClient(cloud().clientConfig);
    expect((await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn).toMatch(/AppStack-AppRole/);
  });

  it('writes the events in AWS order, newest first, with the stack events carrying the StackId', async () => {
    const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: name }));
    const oldestFirst = [...StackEvents!].reverse()
      .map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`);
    expect(oldestFirst.slice(0, 2)).toEqual(['AppStack REVIEW_IN_PROGRESS User Initiated', 'AppStack CREATE_IN_PROGRESS User Initiated']);
    expect(oldestFirst[oldestFirst.length - 1]).toBe('AppStack CREATE_COMPLETE');
    // independent resources are created side by side: each one's own events are in order
    for (const id of ['AppLogs', 'AppRole', 'CDKMetadata']) {
      expect(oldestFirst.filter((e) => e.startsWith(`${id} `))).toEqual([
        `${id} CREATE_IN_PROGRESS`,
        `${id} CREATE_IN_PROGRESS Resource creation Initiated`,
        `${id} CREATE_COMPLETE`,
      ]);
    }
    expect(oldestFirst).toHaveLength(12);
    for (const e of StackEvents!) {
      expect(e.StackId).toBe(stackId);
      expect(e.EventId).toBeTruthy();
      expect(e.Timestamp).toBeInstanceOf(Date);
      if (e.ResourceType === 'AWS::CloudFormation::Stack') expect(e.PhysicalResourceId).toBe(stackId);
    }
    expect(new Set(StackEvents!.map((e) => e.EventId)).size).toBe(StackEvents!.length);
  });

  it('describes and lists the stack resources', async () => {
    const { StackResources } = await cfn.send(new DescribeStackResourcesCommand({ StackName: name }));
    expect(StackResources!.map((r) => [r.LogicalResourceId, r.ResourceType, r.ResourceStatus])).toEqual([
      ['AppLogs', 'AWS::Logs::LogGroup', 'CREATE_COMPLETE'],
      ['AppRole', 'AWS::IAM::Role', 'CREATE_COMPLETE'],
      ['CDKMetadata', 'AWS::CDK::Metadata', 'CREATE_COMPLETE'],
    ]);
    const { StackResourceSummaries } = await cfn.send(new ListStackResourcesCommand({ StackName: name }));
    expect(StackResourceSummaries).toHaveLength(3);
    const { StackResourceDetail } = await cfn.send(new DescribeStackResourceCommand({ StackName: name, LogicalResourceId: 'AppRole' }));
    expect(StackResourceDetail?.PhysicalResourceId).toMatch(/^AppStack-AppRole-/);
  });

  it('answers a redeploy of the same template with a FAILED change set and the exact reason', async () => {
    // Act
    const { changeSet, stack } = await cdkDeploy(name, JSON.parse(firstBody));

    // Assess
    expect(stack).toBeUndefined();
    expect(changeSet.Status).toBe('FAILED');
    expect(changeSet.StatusReason).toBe(NO_CHANGES);
    expect(changeSet.ExecutionStatus).toBe('UNAVAILABLE');
    const after = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    expect(after.Stacks![0].Parameters).toEqual([{ ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version', ResolvedValue: '30' }]);
    const { Summaries } = await cfn.send(new ListChangeSetsCommand({ StackName: name }));
    expect(Summaries).toEqual([]);
  });

  it('updates in place, keeping the SSM parameter NAME as the previous value', async () => {
    // Act
    const { changeSet, stack } = await cdkDeploy(name, appTemplate(14));

    // Assess
    expect(changeSet.Changes?.map((c) => ({ ...c.ResourceChange, Details: undefined, BeforeContext: undefined, AfterContext: undefined }))).toEqual([
      expect.objectContaining({ Action: 'Modify', LogicalResourceId: 'AppLogs', Replacement: 'False', Scope: ['Properties'] }),
    ]);
    expect(changeSet.Changes?.[0].ResourceChange?.Details?.[0]).toMatchObject({
      Target: { Attribute: 'Properties', Name: 'RetentionInDays', RequiresRecreation: 'Never', BeforeValue: '7', AfterValue: '14' },
      Evaluation: 'Static',
    });
    expect(stack?.StackStatus).toBe('UPDATE_COMPLETE');
    expect(stack?.Parameters).toEqual([{ ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version', ResolvedValue: '30' }]);
    const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: name }));
    expect(StackEvents!.slice(0, 5).map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`)).toEqual([
      'AppStack UPDATE_COMPLETE',
      'AppStack UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'AppLogs UPDATE_COMPLETE',
      'AppLogs UPDATE_IN_PROGRESS',
      'AppStack UPDATE_IN_PROGRESS',
    ]);
    const groupName = stack!.Outputs!.find((o) => o.OutputKey === 'LogGroupName')!.OutputValue!;
    const { logGroups } = await new CloudWatchLogsClient(cloud().clientConfig).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: groupName }));
    expect(logGroups?.[0].retentionInDays).toBe(14);
  });

  it('replaces a resource whose name changes and removes a dropped one in cleanup', async () => {
    // Prepare
    const t = appTemplate(14) as { Resources: Record<string, { Properties?: Record<string, unknown> }> };
    t.Resources.AppLogs.Properties!.LogGroupName = '/app/renamed';
    delete t.Resources.CDKMetadata;

    // Act
    const { changeSet, stack } = await cdkDeploy(name, t);

    // Assess
    const actions = changeSet.Changes!.map((c) => [c.ResourceChange!.Action, c.ResourceChange!.LogicalResourceId, c.ResourceChange!.Replacement]);
    expect(actions).toEqual([['Modify', 'AppLogs', 'True'], ['Remove', 'CDKMetadata', undefined]]);
    expect(stack?.StackStatus).toBe('UPDATE_COMPLETE');
    expect(stack?.Outputs?.find((o) => o.OutputKey === 'LogGroupName')?.OutputValue).toBe('/app/renamed');
    const { StackResources } = await cfn.send(new DescribeStackResourcesCommand({ StackName: name }));
    expect(StackResources!.map((r) => r.LogicalResourceId)).toEqual(['AppLogs', 'AppRole']);
    const logs = new CloudWatchLogsClient(cloud().clientConfig);
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'AppStack-AppLogs' }));
    expect(logGroups).toEqual([]);
  });

  it('deletes by ARN; the deleted stack is gone by name but describable by ARN', async () => {
    // Act
    await cfn.send(new DeleteStackCommand({ StackName: stackId }));
    const stack = await waitStable(stackId);

    // Assess
    expect(stack.StackStatus).toBe('DELETE_COMPLETE');
    expect(stack.DeletionTime).toBeInstanceOf(Date);
    expect(await errorOf(cfn.send(new DescribeStacksCommand({ StackName: name }))))
      .toEqual({ name: 'ValidationError', message: `Stack with id ${name} does not exist`, status: 400 });
    expect(await errorOf(cfn.send(new DescribeStackEventsCommand({ StackName: name }))))
      .toMatchObject({ name: 'ValidationError', message: `Stack [${name}] does not exist` });
    const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }));
    expect(StackEvents![0]).toMatchObject({ ResourceStatus: 'DELETE_COMPLETE', PhysicalResourceId: stackId });
    const { logGroups } = await new CloudWatchLogsClient(cloud().clientConfig).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/renamed' }));
    expect(logGroups).toEqual([]);
    // a second delete of a deleted stack is a no-op, as on AWS
    await cfn.send(new DeleteStackCommand({ StackName: stackId }));
  });

  it('deploys the same name again as a new stack', async () => {
    const { stack } = await cdkDeploy(name, appTemplate(1));
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack?.StackId).not.toBe(stackId);
  });
});

describe('CloudFormation API: change sets', () => {
  it('answers ChangeSetNotFound (404) for a missing change set and forgets a deleted one', async () => {
    // Prepare
    const created = await cfn.send(new CreateChangeSetCommand({
      StackName: 'CsStack', ChangeSetName: 'one', ChangeSetType: 'CREATE',
      TemplateBody: JSON.stringify({ Resources: { M: { Type: 'AWS::CDK::Metadata' } } }),
    }));

    // Act
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: created.Id }));

    // Assess
    for (const ref of [{ ChangeSetName: created.Id }, { StackName: 'CsStack', ChangeSetName: 'one' }]) {
      expect(await errorOf(cfn.send(new DescribeChangeSetCommand(ref)))).toMatchObject({
        name: 'ChangeSetNotFoundException', message: `ChangeSet [${ref.ChangeSetName}] does not exist`, status: 404,
      });
    }
    // deleting a change set that is not there, by name, succeeds (the CDK CLI always does it)
    await cfn.send(new DeleteChangeSetCommand({ StackName: 'CsStack', ChangeSetName: 'one' }));
    await cfn.send(new DeleteStackCommand({ StackName: 'CsStack' }));
    await waitStable(created.StackId!);
  });

  it('refuses IAM resources without the capability', async () => {
    const err = await errorOf(cfn.send(new CreateChangeSetCommand({
      StackName: 'CapStack', ChangeSetName: 'c', ChangeSetType: 'CREATE',
      TemplateBody: JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } } } }),
    })));
    expect(err).toMatchObject({ name: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_IAM]' });
    const named = await errorOf(cfn.send(new CreateChangeSetCommand({
      StackName: 'CapStack', ChangeSetName: 'c', ChangeSetType: 'CREATE', Capabilities: ['CAPABILITY_IAM'],
      TemplateBody: JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'x', AssumeRolePolicyDocument: {} } } } }),
    })));
    expect(named).toMatchObject({ name: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]' });
    expect((await errorOf(cfn.send(new DescribeStacksCommand({ StackName: 'CapStack' })))).name).toBe('ValidationError');
  });

  it('refuses synchronously when a rule fails, creating no stack', async () => {
    // Prepare: an environment "bootstrapped" with an old version
    const ssm = new SSMClient(cloud().clientConfig);
    await ssm.send(new PutParameterCommand({ Name: '/old-bootstrap/version', Value: '5', Type: 'String' }));
    const t = { ...BOOTSTRAP, Resources: { M: { Type: 'AWS::CDK::Metadata' } } };

    // Act
    const err = await errorOf(cfn.send(new CreateChangeSetCommand({
      StackName: 'OldBootstrap', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: JSON.stringify(t),
      Parameters: [{ ParameterKey: 'BootstrapVersion', ParameterValue: '/old-bootstrap/version' }],
    })));

    // Assess
    expect(err).toMatchObject({ name: 'ValidationError', message: BOOTSTRAP.Rules.CheckBootstrapVersion.Assertions[0].AssertDescription });
    expect((await errorOf(cfn.send(new DescribeStacksCommand({ StackName: 'OldBootstrap' })))).message).toBe('Stack with id OldBootstrap does not exist');
  });

  it('refuses a missing SSM parameter, an unresolved reference and a cycle', async () => {
    const create = (t: object, params: Array<{ ParameterKey: string; ParameterValue: string }> = []) => errorOf(cfn.send(new CreateChangeSetCommand({
      StackName: 'Bad', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: JSON.stringify(t), Parameters: params,
    })));
    expect((await create({ ...BOOTSTRAP, Resources: { M: { Type: 'AWS::CDK::Metadata' } } }, [{ ParameterKey: 'BootstrapVersion', ParameterValue: '/nope' }])).message)
      .toBe('Unable to fetch parameters [/nope] from parameter store for this account.');
    expect((await create({ Resources: { M: { Type: 'AWS::CDK::Metadata', Properties: { A: { Ref: 'Ghost' } } } } })).message)
      .toBe('Template format error: Unresolved resource dependencies [Ghost] in the Resources block of the template');
    expect((await create({ Resources: { A: { Type: 'AWS::CDK::Metadata', DependsOn: 'B' }, B: { Type: 'AWS::CDK::Metadata', DependsOn: 'A' } } })).message)
      .toBe('Circular dependency between resources: [A, B]');
  });

  it('answers UPDATE for a stack that does not exist, and CREATE for one that does', async () => {
    const body = JSON.stringify({ Resources: { M: { Type: 'AWS::CDK::Metadata' } } });
    expect((await errorOf(cfn.send(new CreateChangeSetCommand({ StackName: 'Nowhere', ChangeSetName: 'c', TemplateBody: body })))).message)
      .toBe('Stack [Nowhere] does not exist');
    const { stack } = await cdkDeploy('Existing', { Resources: { M: { Type: 'AWS::CDK::Metadata' } } });
    expect(await errorOf(cfn.send(new CreateChangeSetCommand({ StackName: 'Existing', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: body }))))
      .toMatchObject({ name: 'ValidationError', message: 'Stack [Existing] already exists and cannot be created again with the changeSet [c].', status: 400 });
    // a change set without changes cannot be executed
    const noop = await cfn.send(new CreateChangeSetCommand({ StackName: 'Existing', ChangeSetName: 'noop', TemplateBody: body }));
    expect(await errorOf(cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: noop.Id }))))
      .toMatchObject({ name: 'InvalidChangeSetStatusException', message: `ChangeSet [${noop.Id}] cannot be executed in its current status of [FAILED]` });
    // the same name twice is refused
    expect(await errorOf(cfn.send(new CreateChangeSetCommand({ StackName: 'Existing', ChangeSetName: 'noop', TemplateBody: body }))))
      .toMatchObject({ name: 'AlreadyExistsException' });
    await cfn.send(new DeleteStackCommand({ StackName: stack!.StackId }));
    expect((await waitStable(stack!.StackId!)).StackStatus).toBe('DELETE_COMPLETE');
  });
});

describe('CloudFormation API: direct deployments (cdk deploy --method=direct)', () => {
  const yamlTemplate = (retention: number) => [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Description: a YAML stack',
    'Parameters:',
    '  Env:',
    '    Type: String',
    '    AllowedValues: [dev, prod]',
    '    Default: dev',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    'Resources:',
    '  Logs:',
    '    Type: AWS::Logs::LogGroup',
    '    Properties:',
    '      LogGroupName: !Sub "/yaml/${AWS::StackName}/${Env}"',
    `      RetentionInDays: !If [IsProd, 30, ${retention}]`,
    '  ProdOnly:',
    '    Type: AWS::CDK::Metadata',
    '    Condition: IsProd',
    'Outputs:',
    '  Arn:',
    '    Value: !GetAtt Logs.Arn',
    '  Name:',
    '    Value: !Ref Logs',
    '    Description: !Join [" ", [log, group]]',
  ].join('\n');

  it('creates and updates a YAML stack with CreateStack / UpdateStack', async () => {
    // Act
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'YamlStack', TemplateBody: yamlTemplate(3) }));
    const created = await waitStable(StackId!);

    // Assess
    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    expect(created.Description).toBe('a YAML stack');
    expect(created.Outputs).toEqual([
      { OutputKey: 'Arn', OutputValue: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/yaml/YamlStack/dev:*` },
      { OutputKey: 'Name', OutputValue: '/yaml/YamlStack/dev', Description: 'log group' },
    ]);
    expect((await cfn.send(new GetTemplateCommand({ StackName: 'YamlStack' }))).TemplateBody).toBe(yamlTemplate(3));

    expect(await errorOf(cfn.send(new UpdateStackCommand({ StackName: 'YamlStack', TemplateBody: yamlTemplate(3) }))))
      .toMatchObject({ name: 'ValidationError', message: 'No updates are to be performed.' });

    await cfn.send(new UpdateStackCommand({ StackName: 'YamlStack', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }] }));
    const updated = await waitStable('YamlStack');
    expect(updated.StackStatus).toBe('UPDATE_COMPLETE');
    // the group is named after Env: a new name means a new group (replacement)
    expect(updated.Outputs?.find((o) => o.OutputKey === 'Name')?.OutputValue).toBe('/yaml/YamlStack/prod');
    const { StackResources } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'YamlStack' }));
    expect(StackResources!.map((r) => r.LogicalResourceId).sort()).toEqual(['Logs', 'ProdOnly']);
  });

  it('refuses a parameter value outside AllowedValues', async () => {
    expect(await errorOf(cfn.send(new CreateStackCommand({
      StackName: 'YamlBad', TemplateBody: yamlTemplate(3), Parameters: [{ ParameterKey: 'Env', ParameterValue: 'qa' }],
    })))).toMatchObject({ name: 'ValidationError', message: "Parameter 'Env' must be one of AllowedValues" });
  });

  it('refuses a second stack with the same name', async () => {
    expect(await errorOf(cfn.send(new CreateStackCommand({ StackName: 'YamlStack', TemplateBody: yamlTemplate(3) }))))
      .toMatchObject({ name: 'AlreadyExistsException', message: 'Stack [YamlStack] already exists' });
  });

  it('leaves out an empty Parameters and Capabilities from the stack, as AWS does', async () => {
    // Prepare: a template without parameters, created without capabilities
    const template = JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 1 } } } });

    // Act
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'PlainStack', TemplateBody: template }));
    const stack = await waitStable(StackId!);

    // Assess
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack).not.toHaveProperty('Parameters');
    expect(stack).not.toHaveProperty('Capabilities');
  });

  it('refuses a stack name that matches no pattern, in AWS words', async () => {
    expect(await errorOf(cfn.send(new CreateStackCommand({ StackName: '*@da591fa3_$', TemplateBody: yamlTemplate(3) })))).toMatchObject({
      name: 'ValidationError',
      message:
        "1 validation error detected: Value '*@da591fa3_$' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*",
    });
  });
});

describe('CloudFormation API: failure and rollback', () => {
  it('rolls back a stack with an unsupported resource type, and a ROLLBACK_COMPLETE stack can be deleted and re-created', async () => {
    // Prepare
    const t = { Resources: { M: { Type: 'AWS::CDK::Metadata' }, Queue: { Type: 'AWS::SQS::Queue', DependsOn: 'M' } } };

    // Act
    const { stack } = await cdkDeploy('Unsupported', t);

    // Assess
    expect(stack?.StackStatus).toBe('ROLLBACK_COMPLETE');
    const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'Unsupported' }));
    const failed = StackEvents!.find((e) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed?.ResourceStatusReason).toMatch(/^Resource type AWS::SQS::Queue is not supported by local-cloud \(supported: .*AWS::Logs::LogGroup.*\)$/);
    expect(StackEvents!.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')?.ResourceStatusReason)
      .toBe('The following resource(s) failed to create: [Queue]. Rollback requested by user.');

    // a CREATE change set on it is refused as on AWS; the CLI deletes the stack first
    const err = await errorOf(cfn.send(new CreateChangeSetCommand({
      StackName: 'Unsupported', ChangeSetName: CHANGE_SET, ChangeSetType: 'CREATE', TemplateBody: JSON.stringify({ Resources: { M: { Type: 'AWS::CDK::Metadata' } } }),
    })));
    expect(err).toMatchObject({ name: 'ValidationError', message: `Stack:${stack!.StackId} is in ROLLBACK_COMPLETE state and can not be updated.` });
    await cfn.send(new DeleteStackCommand({ StackName: stack!.StackId }));
    expect((await waitStable(stack!.StackId!)).StackStatus).toBe('DELETE_COMPLETE');
    const again = await cdkDeploy('Unsupported', { Resources: { M: { Type: 'AWS::CDK::Metadata' } } });
    expect(again.stack?.StackStatus).toBe('CREATE_COMPLETE');
  });
});

describe('CloudFormation API: templates', () => {
  it('summarises and validates a template', async () => {
    const body = JSON.stringify(appTemplate(7));
    const summary = await cfn.send(new GetTemplateSummaryCommand({ TemplateBody: body }));
    expect(summary.ResourceTypes).toEqual(['AWS::Logs::LogGroup', 'AWS::IAM::Role', 'AWS::CDK::Metadata']);
    expect(summary.Capabilities).toEqual(['CAPABILITY_IAM']);
    expect(summary.Parameters?.[0]).toMatchObject({ ParameterKey: 'BootstrapVersion', ParameterType: 'AWS::SSM::Parameter::Value<String>', DefaultValue: '/cdk-bootstrap/hnb659fds/version' });
    const validated = await cfn.send(new ValidateTemplateCommand({ TemplateBody: body }));
    expect(validated.Parameters?.[0]).toMatchObject({ ParameterKey: 'BootstrapVersion', NoEcho: false });
    expect(await errorOf(cfn.send(new ValidateTemplateCommand({ TemplateBody: '{"Resources": {}}' }))))
      .toMatchObject({ name: 'ValidationError', message: 'Template format error: At least one Resources member must be defined.' });
  });
});
