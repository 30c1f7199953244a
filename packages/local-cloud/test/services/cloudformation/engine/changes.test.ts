import { planChanges } from '../../../../src/services/cloudformation/engine/changes';
import type { ResourceRecord } from '../../../../src/services/cloudformation/engine/model';
import { EvaluatedTemplate } from '../../../../src/services/cloudformation/engine/stack-template';
import type { Template } from '@kms-logs-api/cfn-template';

const ENV = { accountId: '000000000000', region: 'ap-southeast-1', stackName: 'Demo', stackId: 'arn:aws:cloudformation:ap-southeast-1:000000000000:stack/Demo/x' };
const REPLACE_ON: Record<string, string[]> = { 'Test::Group': ['Name'], 'Test::Fn': ['Group'] };
const types = { replaceOn: (t: string) => REPLACE_ON[t] ?? [] };

function record(logicalId: string, type: string, properties: Record<string, unknown>, attributes: Record<string, unknown> = {}): ResourceRecord {
  return { stackId: ENV.stackId, logicalId, type, physicalId: `${logicalId}-1`, status: 'CREATE_COMPLETE', properties, attributes, dependsOn: [], lastUpdated: 0 };
}

function plan(template: object, current: ResourceRecord[]) {
  const next = EvaluatedTemplate.evaluate(template as Template, [], ENV);
  return planChanges(next, new Map(current.map((r) => [r.logicalId, r])), types);
}

describe('planChanges', () => {
  it('lists every resource of a new stack as Add', () => {
    const changes = plan({ Resources: { A: { Type: 'Test::Group' }, B: { Type: 'Test::Fn', Properties: { Group: { Ref: 'A' } } } } }, []);
    expect(changes.map((c) => [c.Action, c.LogicalResourceId, c.ResourceType])).toEqual([['Add', 'A', 'Test::Group'], ['Add', 'B', 'Test::Fn']]);
  });

  it('reports Modify without replacement, with a Static property change', () => {
    const [change] = plan({ Resources: { G: { Type: 'Test::Group', Properties: { Name: 'a', Days: 14 } } } }, [record('G', 'Test::Group', { Name: 'a', Days: 7 })]);
    expect(change).toMatchObject({ Action: 'Modify', LogicalResourceId: 'G', PhysicalResourceId: 'G-1', Replacement: 'False', Scope: ['Properties'] });
    expect(change.Details).toEqual([{
      Target: { Attribute: 'Properties', Name: 'Days', RequiresRecreation: 'Never', Path: '/Properties/Days', BeforeValue: '7', AfterValue: '14', AttributeChangeType: 'Modify' },
      Evaluation: 'Static', ChangeSource: 'DirectModification',
    }]);
  });

  it('reports a replacement, and a Conditional one for what references the replaced resource', () => {
    const changes = plan(
      { Resources: { G: { Type: 'Test::Group', Properties: { Name: 'b' } }, F: { Type: 'Test::Fn', Properties: { Group: { Ref: 'G' } } } } },
      [record('G', 'Test::Group', { Name: 'a' }), record('F', 'Test::Fn', { Group: 'G-1' })],
    );
    expect(changes.map((c) => [c.LogicalResourceId, c.Replacement])).toEqual([['G', 'True'], ['F', 'Conditional']]);
    expect(changes[1].Details[0]).toMatchObject({ Evaluation: 'Dynamic', Target: { RequiresRecreation: 'Conditionally', AfterValue: '{{G}}' } });
  });

  it('reports nothing for an unchanged resource and Remove for a dropped one', () => {
    const changes = plan({ Resources: { G: { Type: 'Test::Group', Properties: { Name: 'a' } } } }, [record('G', 'Test::Group', { Name: 'a' }), record('Old', 'Test::Fn', {})]);
    expect(changes).toEqual([expect.objectContaining({ Action: 'Remove', LogicalResourceId: 'Old', PhysicalResourceId: 'Old-1', ResourceType: 'Test::Fn' })]);
  });
});
