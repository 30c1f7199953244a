import type * as Logs from '@aws-sdk/client-cloudwatch-logs';
import { declareOperation, DeclaredOperation } from '../../core/operation';
import { scopeOfCall } from '../../core/scope';
import type { LogsBackend } from './backend';

/** CloudWatch Logs' operations: each one a declaration over the backend (the rules beyond the model and the logic live there). */
export function logsOperations(logs: LogsBackend): Record<string, DeclaredOperation> {
  /** An operation whose output is empty. */
  const noOutput = <I>(action: (input: I, scope: ReturnType<typeof scopeOfCall>) => void) =>
    declareOperation<I, Record<string, never>>({ run: (input, ctx) => (action(input, scopeOfCall(ctx)), {}) });

  return {
    CreateLogGroup: noOutput<Logs.CreateLogGroupRequest>((input, scope) => logs.createLogGroup(input, scope)),
    DeleteLogGroup: noOutput<Logs.DeleteLogGroupRequest>((input, scope) => logs.deleteLogGroup(input, scope)),
    DescribeLogGroups: declareOperation<Logs.DescribeLogGroupsRequest, Logs.DescribeLogGroupsResponse>({
      run: (input, ctx) => logs.describeLogGroups(input, scopeOfCall(ctx)),
    }),
    PutRetentionPolicy: noOutput<Logs.PutRetentionPolicyRequest>((input, scope) => logs.putRetentionPolicy(input, scope)),
    DeleteRetentionPolicy: noOutput<Logs.DeleteRetentionPolicyRequest>((input, scope) => logs.deleteRetentionPolicy(input, scope)),
    AssociateKmsKey: noOutput<Logs.AssociateKmsKeyRequest>((input, scope) => logs.associateKmsKey(input, scope)),
    DisassociateKmsKey: noOutput<Logs.DisassociateKmsKeyRequest>((input, scope) => logs.disassociateKmsKey(input, scope)),
    CreateLogStream: noOutput<Logs.CreateLogStreamRequest>((input, scope) => logs.createLogStream(input, scope)),
    DeleteLogStream: noOutput<Logs.DeleteLogStreamRequest>((input, scope) => logs.deleteLogStream(input, scope)),
    DescribeLogStreams: declareOperation<Logs.DescribeLogStreamsRequest, Logs.DescribeLogStreamsResponse>({
      run: (input, ctx) => logs.describeLogStreams(input, scopeOfCall(ctx)),
    }),
    PutLogEvents: declareOperation<Logs.PutLogEventsRequest, Logs.PutLogEventsResponse>({
      run: (input, ctx) => logs.putLogEvents(input, scopeOfCall(ctx)),
    }),
    GetLogEvents: declareOperation<Logs.GetLogEventsRequest, Logs.GetLogEventsResponse>({
      run: (input, ctx) => logs.getLogEvents(input, scopeOfCall(ctx)),
    }),
    FilterLogEvents: declareOperation<Logs.FilterLogEventsRequest, Logs.FilterLogEventsResponse>({
      run: (input, ctx) => logs.filterLogEvents(input, scopeOfCall(ctx)),
    }),
    TagResource: noOutput<Logs.TagResourceRequest>((input) => logs.tagResource(input)),
    UntagResource: noOutput<Logs.UntagResourceRequest>((input) => logs.untagResource(input)),
    ListTagsForResource: declareOperation<Logs.ListTagsForResourceRequest, Logs.ListTagsForResourceResponse>({
      run: (input) => logs.listTagsForResource(input),
    }),
    TagLogGroup: noOutput<Logs.TagLogGroupRequest>((input, scope) => logs.tagLogGroup(input, scope)),
    UntagLogGroup: noOutput<Logs.UntagLogGroupRequest>((input, scope) => logs.untagLogGroup(input, scope)),
    ListTagsLogGroup: declareOperation<Logs.ListTagsLogGroupRequest, Logs.ListTagsLogGroupResponse>({
      run: (input, ctx) => logs.listTagsLogGroup(input, scopeOfCall(ctx)),
    }),
  };
}
