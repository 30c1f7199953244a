import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { useLocalCloud } from '../../helpers/local-cloud';

/** CloudFormation's providers call other services in-process: the model's constraints hold for those calls too. */

const cloud = useLocalCloud();

it("a provider's call that breaks the model fails the resource with the service's validation text", async () => {
  // Prepare: an alias name the provider's own pattern takes, but longer than KMS's model allows (256)
  const aliasName = `alias/${'a'.repeat(300)}`;
  const template = { Resources: { Key: { Type: 'AWS::KMS::Key' }, Alias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: aliasName, TargetKeyId: { Ref: 'Key' } } } } };
  const cfn = new CloudFormationClient(cloud().clientConfig);
  // Act
  await cfn.send(new CreateStackCommand({ StackName: 'InProcessValidation', TemplateBody: JSON.stringify(template) }));
  let status = 'CREATE_IN_PROGRESS';
  for (let i = 0; i < 400 && status.endsWith('_IN_PROGRESS'); i++) {
    await new Promise((r) => setTimeout(r, 25));
    status = (await cfn.send(new DescribeStacksCommand({ StackName: 'InProcessValidation' }))).Stacks![0].StackStatus!;
  }
  // Assess
  expect(status).toBe('ROLLBACK_COMPLETE');
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'InProcessValidation' }));
  const failed = StackEvents!.find((e) => e.LogicalResourceId === 'Alias' && e.ResourceStatus === 'CREATE_FAILED');
  expect(failed?.ResourceStatusReason).toContain(
    `1 validation error detected: Value '${aliasName}' at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256`,
  );
});
