import type * as Cfn from '@aws-sdk/client-cloudformation';
import { declareOperation, DeclaredOperation } from '../../core/operation';
import { scopeOfCall } from '../../core/scope';
import type { CloudFormationBackend } from './backend';

/** CloudFormation's operations: each one a declaration over the backend. */
export function cloudFormationOperations(cfn: CloudFormationBackend): Record<string, DeclaredOperation> {
  return {
    // change sets
    CreateChangeSet: declareOperation<Cfn.CreateChangeSetInput, Cfn.CreateChangeSetOutput>({
      run: (input, ctx) => cfn.createChangeSet(input, ctx),
    }),
    DescribeChangeSet: declareOperation<Cfn.DescribeChangeSetInput, Cfn.DescribeChangeSetOutput>({
      run: (input, ctx) => cfn.describeChangeSet(input, ctx),
    }),
    ExecuteChangeSet: declareOperation<Cfn.ExecuteChangeSetInput, Cfn.ExecuteChangeSetOutput>({
      run: async (input, ctx) => (await cfn.executeChangeSet(input, ctx), {}),
    }),
    DeleteChangeSet: declareOperation<Cfn.DeleteChangeSetInput, Cfn.DeleteChangeSetOutput>({
      run: (input, ctx) => (cfn.deleteChangeSet(input, ctx), {}),
    }),
    ListChangeSets: declareOperation<Cfn.ListChangeSetsInput, Cfn.ListChangeSetsOutput>({
      run: (input, ctx) => cfn.listChangeSets(input, ctx),
    }),

    // stacks
    DescribeStacks: declareOperation<Cfn.DescribeStacksInput, Cfn.DescribeStacksOutput>({
      run: (input, ctx) => cfn.describeStacks(input, scopeOfCall(ctx)),
    }),
    ListStacks: declareOperation<Cfn.ListStacksInput, Cfn.ListStacksOutput>({
      run: (input, ctx) => cfn.listStacks(input, scopeOfCall(ctx)),
    }),
    CreateStack: declareOperation<Cfn.CreateStackInput, Cfn.CreateStackOutput>({
      run: (input, ctx) => cfn.createStack(input, ctx),
    }),
    UpdateStack: declareOperation<Cfn.UpdateStackInput, Cfn.UpdateStackOutput>({
      run: (input, ctx) => cfn.updateStack(input, ctx),
    }),
    DeleteStack: declareOperation<Cfn.DeleteStackInput, Record<string, never>>({
      run: async (input, ctx) => (await cfn.deleteStack(input, ctx), {}),
    }),
    UpdateTerminationProtection: declareOperation<Cfn.UpdateTerminationProtectionInput, Cfn.UpdateTerminationProtectionOutput>({
      run: (input, ctx) => cfn.updateTerminationProtection(input, scopeOfCall(ctx)),
    }),
    DescribeStackEvents: declareOperation<Cfn.DescribeStackEventsInput, Cfn.DescribeStackEventsOutput>({
      run: (input, ctx) => cfn.describeStackEvents(input, scopeOfCall(ctx)),
    }),
    DescribeStackResources: declareOperation<Cfn.DescribeStackResourcesInput, Cfn.DescribeStackResourcesOutput>({
      run: (input, ctx) => cfn.describeStackResources(input, scopeOfCall(ctx)),
    }),
    DescribeStackResource: declareOperation<Cfn.DescribeStackResourceInput, Cfn.DescribeStackResourceOutput>({
      run: (input, ctx) => cfn.describeStackResource(input, scopeOfCall(ctx)),
    }),
    ListStackResources: declareOperation<Cfn.ListStackResourcesInput, Cfn.ListStackResourcesOutput>({
      run: (input, ctx) => cfn.listStackResources(input, scopeOfCall(ctx)),
    }),

    // templates and exports
    GetTemplate: declareOperation<Cfn.GetTemplateInput, Cfn.GetTemplateOutput>({
      run: (input, ctx) => cfn.getTemplate(input, ctx),
    }),
    GetTemplateSummary: declareOperation<Cfn.GetTemplateSummaryInput, Cfn.GetTemplateSummaryOutput>({
      run: (input, ctx) => cfn.getTemplateSummary(input, ctx),
    }),
    ValidateTemplate: declareOperation<Cfn.ValidateTemplateInput, Cfn.ValidateTemplateOutput>({
      run: (input, ctx) => cfn.validateTemplate(input, ctx),
    }),
    ListExports: declareOperation<Cfn.ListExportsInput, Cfn.ListExportsOutput>({
      run: (_input, ctx) => cfn.listExports(scopeOfCall(ctx)),
    }),
  };
}
