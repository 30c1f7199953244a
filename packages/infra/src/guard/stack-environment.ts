/**
 * The concrete values a template is evaluated with: the stack's own account and region when
 * the stack has them, placeholders otherwise.
 */

/** Account used when the stack is account-agnostic. */
export const PLACEHOLDER_ACCOUNT = '123456789012';
/** Region used when the stack is region-agnostic (every `AWS::Region` then resolves to it). */
export const PLACEHOLDER_REGION = 'us-east-1';

/** Where a template is assumed to be deployed. */
export interface StackEnvironment {
  readonly stackName: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly urlSuffix: string;
  /** True when the stack does not say its account, so {@link PLACEHOLDER_ACCOUNT} stands in. */
  readonly accountIsPlaceholder: boolean;
  /** True when the stack does not say its region, so {@link PLACEHOLDER_REGION} stands in. */
  readonly regionIsPlaceholder: boolean;
}

/**
 * The environment of one stack.
 *
 * @param account the stack's account, undefined when unknown at synth
 * @param region the stack's region, undefined when unknown at synth
 * @example
 * stackEnvironment('MyStack', undefined, 'cn-north-1').partition // 'aws-cn'
 */
export function stackEnvironment(stackName: string, account: string | undefined, region: string | undefined): StackEnvironment {
  const concreteRegion = region ?? PLACEHOLDER_REGION;
  return {
    stackName,
    partition: partitionOf(concreteRegion),
    region: concreteRegion,
    account: account ?? PLACEHOLDER_ACCOUNT,
    urlSuffix: concreteRegion.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
    accountIsPlaceholder: account === undefined,
    regionIsPlaceholder: region === undefined,
  };
}

/** The pseudo parameters of a stack in this environment. */
export function pseudoParameters(env: StackEnvironment): Record<string, string> {
  return {
    'AWS::Partition': env.partition,
    'AWS::Region': env.region,
    'AWS::AccountId': env.account,
    'AWS::URLSuffix': env.urlSuffix,
    'AWS::StackName': env.stackName,
    'AWS::StackId': `arn:${env.partition}:cloudformation:${env.region}:${env.account}:stack/${env.stackName}/00000000-0000-0000-0000-000000000000`,
  };
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}
