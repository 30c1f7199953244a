/**
 * The pseudo parameters (`AWS::Region`, `AWS::Partition`, …): what a stack's environment gives every template.
 */
import { NO_VALUE } from './unknown';

/** Every pseudo parameter name. */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName', 'AWS::StackId',
  'AWS::NotificationARNs', 'AWS::NoValue',
]);

/** Where a stack lives. Values a caller does not know yet may be `Unknown` (the synth guard's stack id). */
export interface StackLocation {
  readonly accountId: unknown;
  readonly region: string;
  readonly stackName: unknown;
  readonly stackId: unknown;
  readonly notificationArns?: unknown;
}

/**
 * The partition of a region.
 *
 * @example
 * partitionOf('cn-north-1') // 'aws-cn'
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/** The domain suffix of a region's endpoints (`AWS::URLSuffix`). */
export function urlSuffixOf(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  return 'amazonaws.com';
}

/**
 * The value of a pseudo parameter in a location; `undefined` for a name that is not one.
 *
 * @example
 * pseudoParameter('AWS::Partition', { accountId: '1', region: 'us-gov-west-1', stackName: 'S', stackId: 'x' }) // 'aws-us-gov'
 */
export function pseudoParameter(name: string, location: StackLocation): unknown {
  switch (name) {
    case 'AWS::AccountId': return location.accountId;
    case 'AWS::Region': return location.region;
    case 'AWS::Partition': return partitionOf(location.region);
    case 'AWS::URLSuffix': return urlSuffixOf(location.region);
    case 'AWS::StackName': return location.stackName;
    case 'AWS::StackId': return location.stackId;
    case 'AWS::NotificationARNs': return Array.isArray(location.notificationArns) ? [...location.notificationArns] : (location.notificationArns ?? []);
    case 'AWS::NoValue': return NO_VALUE;
    default: return undefined;
  }
}
