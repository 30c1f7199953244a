import type {
  ChangeSetSummary,
  DescribeChangeSetOutput,
  Stack,
  StackEvent,
  StackResource,
  StackResourceDetail,
  StackResourceSummary,
  StackSummary,
} from '@aws-sdk/client-cloudformation';
import { displayedParameter } from './engine/parameters';
import type { ChangeSetRecord, EventRecord, ResourceChange, ResourceRecord, StackRecord } from './engine/model';

/** A stack in DescribeStacks' `Stack` shape. */
export function stackShape(s: StackRecord): Stack {
  return {
    StackId: s.stackId,
    StackName: s.stackName,
    ChangeSetId: s.changeSetId,
    Description: s.description,
    // AWS leaves out an empty Parameters or Capabilities (every stack recorded in LocalStack's cloudformation/api snapshots)
    Parameters: s.parameters.length > 0 ? s.parameters.map(displayedParameter) : undefined,
    CreationTime: new Date(s.creationTime),
    DeletionTime: s.deletionTime !== undefined ? new Date(s.deletionTime) : undefined,
    LastUpdatedTime: s.lastUpdatedTime !== undefined ? new Date(s.lastUpdatedTime) : undefined,
    RollbackConfiguration: {},
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    DisableRollback: s.disableRollback,
    NotificationARNs: s.notificationArns,
    Capabilities: s.capabilities.length > 0 ? s.capabilities : undefined,
    Outputs: s.outputs.length > 0 ? s.outputs : undefined,
    RoleARN: s.roleArn,
    Tags: s.tags,
    EnableTerminationProtection: s.terminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    LastOperations: s.lastOperations.length > 0 ? s.lastOperations : undefined,
  } as Stack;
}

/** A stack in ListStacks' `StackSummary` shape. */
export function stackSummaryShape(s: StackRecord): StackSummary {
  return {
    StackId: s.stackId,
    StackName: s.stackName,
    TemplateDescription: s.description,
    CreationTime: new Date(s.creationTime),
    LastUpdatedTime: s.lastUpdatedTime !== undefined ? new Date(s.lastUpdatedTime) : undefined,
    DeletionTime: s.deletionTime !== undefined ? new Date(s.deletionTime) : undefined,
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    LastOperations: s.lastOperations.length > 0 ? s.lastOperations : undefined,
  } as StackSummary;
}

/** An event in DescribeStackEvents' `StackEvent` shape. */
export function eventShape(e: EventRecord): StackEvent {
  return {
    StackId: e.stackId,
    EventId: e.eventId,
    StackName: e.stackName,
    LogicalResourceId: e.logicalId,
    PhysicalResourceId: e.physicalId,
    ResourceType: e.resourceType,
    Timestamp: new Date(e.timestamp),
    ResourceStatus: e.status,
    ResourceStatusReason: e.reason,
    ResourceProperties: e.properties,
    ClientRequestToken: e.clientRequestToken,
    OperationId: e.operationId,
  } as StackEvent;
}

const NOT_CHECKED = { StackResourceDriftStatus: 'NOT_CHECKED' };

/** A resource in DescribeStackResources' `StackResource` shape. */
export function stackResourceShape(stack: StackRecord, r: ResourceRecord): StackResource {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    Timestamp: new Date(r.lastUpdated),
    ResourceStatus: r.status,
    ResourceStatusReason: r.statusReason,
    DriftInformation: NOT_CHECKED,
  } as StackResource;
}

/** A resource in DescribeStackResource's `StackResourceDetail` shape. */
export function stackResourceDetailShape(stack: StackRecord, r: ResourceRecord, metadata: unknown): StackResourceDetail {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    LastUpdatedTimestamp: new Date(r.lastUpdated),
    ResourceStatus: r.status,
    ResourceStatusReason: r.statusReason,
    Metadata: metadata === undefined ? undefined : JSON.stringify(metadata),
    DriftInformation: NOT_CHECKED,
  } as StackResourceDetail;
}

/** A resource in ListStackResources' `StackResourceSummary` shape. */
export function stackResourceSummaryShape(r: ResourceRecord): StackResourceSummary {
  return {
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    LastUpdatedTimestamp: new Date(r.lastUpdated),
    ResourceStatus: r.status,
    ResourceStatusReason: r.statusReason,
    DriftInformation: NOT_CHECKED,
  } as StackResourceSummary;
}

function resourceChangeShape(c: ResourceChange, includePropertyValues: boolean): Record<string, unknown> {
  if (includePropertyValues) return { ...c };
  const { BeforeContext: _b, AfterContext: _a, ...rest } = c;
  return {
    ...rest,
    Details: c.Details.map((d) => {
      const { BeforeValue: _bv, AfterValue: _av, ...target } = d.Target;
      return { ...d, Target: target };
    }),
  };
}

/** A change set in DescribeChangeSet's output shape. */
export function changeSetShape(cs: ChangeSetRecord, includePropertyValues: boolean): DescribeChangeSetOutput {
  return {
    ChangeSetName: cs.changeSetName,
    ChangeSetId: cs.changeSetId,
    StackId: cs.stackId,
    StackName: cs.stackName,
    Description: cs.description,
    Parameters: cs.parameters.length > 0 ? cs.parameters.map(displayedParameter) : undefined,
    CreationTime: new Date(cs.creationTime),
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    StatusReason: cs.statusReason,
    NotificationARNs: cs.notificationArns,
    RollbackConfiguration: {},
    Capabilities: cs.capabilities,
    Tags: cs.tags.length > 0 ? cs.tags : undefined,
    Changes: cs.changes.map((c) => ({ Type: 'Resource', ResourceChange: resourceChangeShape(c, includePropertyValues) })),
    IncludeNestedStacks: cs.includeNestedStacks,
  } as DescribeChangeSetOutput;
}

/** A change set in ListChangeSets' `ChangeSetSummary` shape. */
export function changeSetSummaryShape(cs: ChangeSetRecord): ChangeSetSummary {
  return {
    StackId: cs.stackId,
    StackName: cs.stackName,
    ChangeSetId: cs.changeSetId,
    ChangeSetName: cs.changeSetName,
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    StatusReason: cs.statusReason,
    CreationTime: new Date(cs.creationTime),
    Description: cs.description,
    IncludeNestedStacks: cs.includeNestedStacks,
  } as ChangeSetSummary;
}
