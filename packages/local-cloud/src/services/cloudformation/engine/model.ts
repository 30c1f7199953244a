import type { CallIdentity } from '../../../core/scope';
import type { StackParameter } from './parameters';
import type { ResolvedOutput } from './stack-template';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** `OperationType` as DescribeStacks' `LastOperations` names it. */
export type OperationType = 'CREATE_STACK' | 'UPDATE_STACK' | 'DELETE_STACK' | 'ROLLBACK' | 'CREATE_CHANGESET';

/** A stack as stored. Times are epoch milliseconds. */
export interface StackRecord {
  readonly stackId: string;
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  status: string;
  statusReason?: string;
  description?: string;
  readonly creationTime: number;
  lastUpdatedTime?: number;
  deletionTime?: number;
  /** The template exactly as submitted (GetTemplate returns these bytes); undefined while in review. */
  templateBody?: string;
  parameters: StackParameter[];
  capabilities: string[];
  tags: Tag[];
  notificationArns: string[];
  roleArn?: string;
  /** Who started the stack's last operation: without a `roleArn`, CloudFormation acts with their permissions. */
  callerIdentity?: CallIdentity;
  outputs: ResolvedOutput[];
  disableRollback: boolean;
  terminationProtection: boolean;
  /** The change set whose execution made the stack what it is. */
  changeSetId?: string;
  lastOperations: Array<{ OperationType: OperationType; OperationId: string }>;
  /** The operation in flight, persisted at every step so a restart can finish or roll it back. */
  operation?: OperationState;
}

/** A resource of a stack as stored: the physical resource and the properties it was made with. */
export interface ResourceRecord {
  readonly stackId: string;
  readonly logicalId: string;
  type: string;
  physicalId?: string;
  status: string;
  statusReason?: string;
  /** The properties after intrinsic resolution: what the provider was given. */
  properties: Record<string, unknown>;
  /** What `Fn::GetAtt` reads. */
  attributes: Record<string, unknown>;
  /** Logical ids this resource depends on (references and DependsOn): it is deleted before them. */
  dependsOn: string[];
  deletionPolicy?: string;
  updateReplacePolicy?: string;
  lastUpdated: number;
}

/** One stack event as stored. */
export interface EventRecord {
  readonly eventId: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly timestamp: number;
  readonly operationId?: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string;
  readonly properties?: string;
  readonly clientRequestToken?: string;
}

/** One resource change of a change set, in the shape DescribeChangeSet returns (JSON-safe). */
export interface ResourceChange {
  readonly Action: 'Add' | 'Modify' | 'Remove';
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType: string;
  readonly Replacement?: 'True' | 'False' | 'Conditional';
  readonly Scope: string[];
  readonly Details: ResourceChangeDetail[];
  readonly BeforeContext?: string;
  readonly AfterContext?: string;
}

export interface ResourceChangeDetail {
  readonly Target: {
    readonly Attribute: string;
    readonly Name?: string;
    readonly RequiresRecreation?: 'Never' | 'Conditionally' | 'Always';
    readonly Path?: string;
    readonly BeforeValue?: string;
    readonly AfterValue?: string;
    readonly AttributeChangeType?: 'Add' | 'Remove' | 'Modify';
  };
  readonly Evaluation: 'Static' | 'Dynamic';
  readonly ChangeSource?: string;
  readonly CausingEntity?: string;
}

export interface ChangeSetRecord {
  readonly changeSetId: string;
  readonly changeSetName: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  readonly changeSetType: 'CREATE' | 'UPDATE';
  status: string;
  statusReason?: string;
  executionStatus: string;
  readonly creationTime: number;
  readonly description?: string;
  readonly templateBody: string;
  readonly parameters: StackParameter[];
  readonly capabilities: string[];
  readonly tags: Tag[];
  readonly notificationArns: string[];
  readonly roleArn?: string;
  readonly changes: ResourceChange[];
  readonly includeNestedStacks: boolean;
  /** The caller's idempotency token (a retried CreateChangeSet gets the same change set). */
  readonly clientToken?: string;
}

/** A physical resource waiting to be deleted by a cleanup phase. */
export interface CleanupItem {
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  readonly attributes?: Record<string, unknown>;
  readonly dependsOn: string[];
  /** `Retain` keeps it (DELETE_SKIPPED). */
  readonly policy: string;
  /** Whether the record of the logical resource goes too (removed from the template, or created by a failed update). */
  readonly dropRecord: boolean;
}

/** What an update did to one resource, so a rollback can undo it. */
export interface TouchedResource {
  readonly logicalId: string;
  readonly action: 'created' | 'updated' | 'replaced';
  /** The record before the update (updated, replaced). */
  readonly before?: ResourceRecord;
}

/** The state of an operation in flight; each list is consumed as its steps complete. */
export interface OperationState {
  readonly kind: 'CREATE' | 'UPDATE' | 'DELETE';
  operationId: string;
  phase: 'deploy' | 'rollback' | 'cleanup' | 'rollback-cleanup' | 'delete';
  readonly changeSetId?: string;
  readonly clientRequestToken?: string;
  disableRollback: boolean;
  /** UPDATE: the stack before the update, restored by a rollback. */
  readonly previous?: {
    readonly templateBody?: string;
    readonly parameters: StackParameter[];
    readonly outputs: ResolvedOutput[];
    readonly description?: string;
    readonly changeSetId?: string;
  };
  touched: TouchedResource[];
  cleanup: CleanupItem[];
  /** The stack status reason a rollback starts with. */
  rollbackReason?: string;
}

export const STACK_RESOURCE_TYPE = 'AWS::CloudFormation::Stack';

/** Who a call acts as, kept on the stack so its resources are made with the caller's permissions. */
export const callerIdentityOf = (ctx: Pick<CallIdentity, 'principalArn' | 'callerArn' | 'accessKeyId'>): CallIdentity =>
  ({ principalArn: ctx.principalArn, callerArn: ctx.callerArn, accessKeyId: ctx.accessKeyId });
