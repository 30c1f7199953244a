/**
 * The concrete values a template is evaluated with: the stack's own account and region when
 * the stack has them, placeholders otherwise.
 */
import { partitionOf, pseudoParameter, Unknown, urlSuffixOf } from '@kms-logs-api/cfn-template';

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
    urlSuffix: urlSuffixOf(concreteRegion),
    accountIsPlaceholder: account === undefined,
    regionIsPlaceholder: region === undefined,
  };
}

/**
 * The value of a pseudo parameter for a stack in this environment, as the guard knows it at synth:
 * the stack's id and notification ARNs exist only once it is deployed.
 */
export function pseudoParameterAtSynth(name: string, env: StackEnvironment): unknown {
  return pseudoParameter(name, {
    accountId: env.account,
    region: env.region,
    stackName: env.stackName,
    stackId: new Unknown('AWS::StackId'),
    notificationArns: new Unknown('AWS::NotificationARNs'),
  });
}
