// CloudFormation cases: stacks, change sets and template errors, as a CDK deploy and its users meet them.
import { LOCALSTACK, type ParityCase } from '../case';
import { STACK_TEMPLATE } from '../fixtures';

const STACKS = `${LOCALSTACK}cloudformation/api/test_stacks.snapshot.json#`;
const CHANGESETS = `${LOCALSTACK}cloudformation/api/test_changesets.snapshot.json#`;
const VALIDATIONS = `${LOCALSTACK}cloudformation/api/test_validations.snapshot.json#`;
const TEMPLATES = `${LOCALSTACK}cloudformation/api/test_templates.snapshot.json#`;

const validationError = (message: string) => ({ status: 400, error: { code: 'ValidationError', message } });
const template = (body: object) => JSON.stringify(body);

export const cloudformationCases: ParityCase[] = [
  {
    name: 'DescribeStacks of a stack that does not exist',
    source: `${STACKS}test_non_existing_stack_message/Error`,
    request: { op: 'DescribeStacks', input: { StackName: 'non-existing' } },
    aws: validationError('Stack with id non-existing does not exist'),
  },
  {
    name: 'CreateStack of a name in use',
    source: `${STACKS}test_name_conflicts/create_stack_already_exists_exc`,
    given: ['stack'],
    request: { op: 'CreateStack', input: { StackName: '{{stackName}}', TemplateBody: STACK_TEMPLATE } },
    aws: { status: 400, error: { code: 'AlreadyExistsException', message: 'Stack [{{stackName}}] already exists' } },
  },
  {
    name: 'DescribeStackEvents of a stack that does not exist',
    source: `${STACKS}test_describe_stack_events_errors/describe_stack_events_stack_not_found`,
    request: { op: 'DescribeStackEvents', input: { StackName: 'does-not-exist' } },
    aws: validationError('Stack [does-not-exist] does not exist'),
  },
  {
    name: 'UpdateStack with the same template',
    source: `${STACKS}test_update_stack_with_same_template_withoutchange/no_change_exception`,
    given: ['stack'],
    request: { op: 'UpdateStack', input: { StackName: '{{stackName}}', TemplateBody: STACK_TEMPLATE } },
    aws: validationError('No updates are to be performed.'),
  },
  {
    name: 'DescribeStackResource of a logical id the stack lacks',
    source: `${STACKS}test_stack_resource_not_found/Error`,
    given: ['stack'],
    request: { op: 'DescribeStackResource', input: { StackName: '{{stackName}}', LogicalResourceId: 'NonExistentResource' } },
    aws: validationError('Resource NonExistentResource does not exist for stack {{stackName}}'),
  },
  {
    name: 'CreateStack of a template without Resources',
    source: `${VALIDATIONS}test_missing_resources_block/validation-error`,
    request: { op: 'CreateStack', input: { StackName: 'stack-empty-{{suffix}}', TemplateBody: template({}) } },
    aws: validationError('Template format error: At least one Resources member must be defined.'),
  },
  {
    name: 'CreateStack of a resource without Type',
    source: `${VALIDATIONS}test_resources_blocks[missing-type]/validation-error`,
    request: { op: 'CreateStack', input: { StackName: 'stack-notype-{{suffix}}', TemplateBody: template({ Resources: { A: { Properties: {} } } }) } },
    aws: validationError('Template format error: [/Resources/A] Every Resources object must contain a Type member.'),
  },
  {
    name: 'GetTemplate of a stack that does not exist',
    source: `${TEMPLATES}test_get_template_missing_resources_stack/stack-error`,
    request: { op: 'GetTemplate', input: { StackName: 'does-not-exist' } },
    aws: validationError('Stack with id does-not-exist does not exist'),
  },
  {
    name: 'GetTemplate without a stack or change set',
    source: `${TEMPLATES}test_get_template_no_arguments/stack-error`,
    request: { op: 'GetTemplate', input: {} },
    aws: validationError('StackName is required if ChangeSetName is not specified.'),
  },
  {
    name: 'GetTemplate of a change set named without its stack',
    source: `${TEMPLATES}test_get_template_missing_resources_change_set/change-set-error`,
    request: { op: 'GetTemplate', input: { ChangeSetName: 'does-not-exist' } },
    aws: validationError('StackName is a required parameter.'),
  },
  {
    name: 'GetTemplateSummary of a stack in REVIEW_IN_PROGRESS',
    source: `${TEMPLATES}test_get_template_summary_non_executed_change_set/error`,
    given: ['changeSet'],
    request: { op: 'GetTemplateSummary', input: { StackName: '{{changeSetStackName}}' } },
    aws: validationError('GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.'),
  },
  {
    name: 'GetTemplateSummary of a template without Resources',
    source: `${TEMPLATES}test_get_template_summary_no_resources/error`,
    request: { op: 'GetTemplateSummary', input: { TemplateBody: template({}) } },
    aws: validationError('Template format error: At least one Resources member must be defined.'),
  },
  {
    name: 'DeleteChangeSet of a stack that does not exist',
    source: `${CHANGESETS}test_delete_change_set_exception/e1`,
    request: { op: 'DeleteChangeSet', input: { StackName: 'nostack', ChangeSetName: 'DoesNotExist' } },
    aws: validationError('Stack [nostack] does not exist'),
  },
  {
    name: 'DeleteChangeSet by name without its stack',
    source: `${CHANGESETS}test_delete_change_set_exception/e2`,
    request: { op: 'DeleteChangeSet', input: { ChangeSetName: 'DoesNotExist' } },
    aws: validationError('StackName must be specified if ChangeSetName is not specified as an ARN.'),
  },
  {
    name: 'CreateChangeSet of type CREATE for a stack that exists',
    source: `${CHANGESETS}test_name_conflicts/create_changeset_existingstack_exc`,
    given: ['stack'],
    request: { op: 'CreateChangeSet', input: { StackName: '{{stackName}}', ChangeSetName: 'second', ChangeSetType: 'CREATE', TemplateBody: STACK_TEMPLATE } },
    aws: validationError('Stack [{{stackName}}] already exists and cannot be created again with the changeSet [second].'),
  },
  {
    name: 'DescribeChangeSet of a change set that does not exist',
    source: `${CHANGESETS}test_describe_changeset_after_delete/describe-deleted-cs`,
    given: ['changeSet'],
    request: { op: 'DescribeChangeSet', input: { StackName: '{{changeSetStackName}}', ChangeSetName: 'cs-missing' } },
    aws: { status: 404, error: { code: 'ChangeSetNotFound', message: 'ChangeSet [cs-missing] does not exist' } },
  },
  {
    name: 'DescribeChangeSet of a stack that does not exist',
    source: `${CHANGESETS}test_describe_change_set_nonexisting/exception`,
    request: { op: 'DescribeChangeSet', input: { StackName: 'somestack', ChangeSetName: 'DoesNotExist' } },
    aws: validationError('Stack [somestack] does not exist'),
  },
  {
    name: 'ExecuteChangeSet of a FAILED change set',
    source: `${CHANGESETS}test_empty_changeset/error_execute_failed (status: CloudFormation API reference, InvalidChangeSetStatusException, 400)`,
    given: ['emptyChangeSet'],
    request: { op: 'ExecuteChangeSet', input: { StackName: '{{stackName}}', ChangeSetName: '{{emptyChangeSetId}}' } },
    aws: { status: 400, error: { code: 'InvalidChangeSetStatus', message: 'ChangeSet [{{emptyChangeSetIdNormalised}}] cannot be executed in its current status of [FAILED]' } },
  },
  {
    name: 'GetTemplate of a change set ARN that does not exist',
    source: `${TEMPLATES}test_get_template_missing_resources_change_set_id/change-set-error`,
    request: { op: 'GetTemplate', input: { ChangeSetName: 'arn:aws:cloudformation:us-east-1:000000000000:changeSet/change-set-926829fe/d065e78c' } },
    aws: { status: 404, error: { code: 'ChangeSetNotFound', message: 'ChangeSet [arn:<partition>:cloudformation:<region>:<account>:changeSet/change-set-926829fe/d065e78c] does not exist' } },
  },
  {
    name: 'CreateStack of a name that does not match the pattern',
    source: `${STACKS}test_stack_name_creation/stack_response`,
    request: { op: 'CreateStack', input: { StackName: '*@da591fa3_$', TemplateBody: STACK_TEMPLATE } },
    aws: validationError(
      "1 validation error detected: Value '*@da591fa3_$' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*",
    ),
  },
  {
    name: 'GetTemplate of a stack answers its template and both stages',
    source: 'CloudFormation API reference GetTemplate (response: StagesAvailable, TemplateBody)',
    given: ['stack'],
    request: { op: 'GetTemplate', input: { StackName: '{{stackName}}' } },
    aws: { status: 200, body: { StagesAvailable: ['Original', 'Processed'], TemplateBody: STACK_TEMPLATE } },
  },
];
