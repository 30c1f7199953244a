import { parseIamRoleArn } from '../../../core/arns/iam';
import { assumedRoleArn } from '../../../core/arns/sts';
import type { ServiceDirectory } from '../../../core/service';
import { logsResourceArn } from '../../logs/authorization';
import type { IamService } from '..';

/** A function's log destination, as the Lambda platform ships it. */
export interface ExecutionRoleLogDestination {
  readonly accountId: string;
  readonly region: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly functionName?: string;
  readonly roleArn?: string;
}

/**
 * Whether a function's execution role may write its log lines, as the Lambda platform asks before shipping them
 * (it writes with the role's permissions): `logs:CreateLogStream` and `logs:PutLogEvents` on the stream, plus
 * `logs:CreateLogGroup` when the group must be created. Returns the refusal to log (which function, group and
 * permission), or undefined when the role may write. A destination without a role is not checked.
 */
export function executionRoleLogRefusal(services: ServiceDirectory | undefined, d: ExecutionRoleLogDestination, createsGroup: boolean): string | undefined {
  const authorizer = services?.get<IamService>('iam')?.authorizer;
  if (!authorizer || d.roleArn === undefined) return undefined;
  const role = parseIamRoleArn(d.roleArn);
  const roleName = role?.name ?? d.roleArn;
  const ctx = {
    requestId: `lambda-logs-${d.functionName ?? ''}`,
    accountId: d.accountId,
    region: d.region,
    endpoint: '',
    principalArn: d.roleArn,
    callerArn: assumedRoleArn(role?.accountId || d.accountId, roleName, d.functionName ?? roleName),
    accessKeyId: '',
  };
  const actions = [...(createsGroup ? ['logs:CreateLogGroup'] : []), 'logs:CreateLogStream', 'logs:PutLogEvents'];
  for (const action of actions) {
    const resource = action === 'logs:CreateLogGroup' ? logsResourceArn(d, d.logGroupName) : logsResourceArn(d, d.logGroupName, d.logStreamName);
    const record = authorizer.decideNow(ctx, action, resource);
    if (!record.decision.allowed) {
      const refusal = `function ${d.functionName ?? '?'} may not write to log group ${d.logGroupName}: its execution role ${d.roleArn} lacks ${action} (${record.message})`;
      // soft mode logs what enforcement would drop and ships the lines, as it lets every other call through
      if (authorizer.mode === 'soft') {
        authorizer.noteSoftRefusal(refusal);
        return undefined;
      }
      return refusal;
    }
  }
  return undefined;
}
