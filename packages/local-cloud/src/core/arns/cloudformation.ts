import { randomUUID } from 'node:crypto';
import { buildArn } from '../arn';
import type { Scope } from '../scope';

/** A new stack id: `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>` (the uuid tells apart stacks of one name). */
export const newStackArn = (scope: Scope, stackName: string): string =>
  buildArn('cloudformation', scope.region, scope.accountId, `stack/${stackName}/${randomUUID()}`);

/** A new change set id: `arn:aws:cloudformation:<region>:<account>:changeSet/<name>/<uuid>`. */
export const newChangeSetArn = (scope: Scope, changeSetName: string): string =>
  buildArn('cloudformation', scope.region, scope.accountId, `changeSet/${changeSetName}/${randomUUID()}`);

/**
 * Whether a `StackName`/`ChangeSetName` member names the stack or change set by its ARN (its id) rather than
 * by name: CloudFormation names cannot contain `:`, so any value starting `arn:` is an id.
 */
export const isCloudFormationArn = (nameOrArn: string): boolean => nameOrArn.startsWith('arn:');
