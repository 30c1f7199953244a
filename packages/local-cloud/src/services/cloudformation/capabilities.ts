import type { Template } from '@kms-logs-api/cfn-template';
import { AwsError } from '../../core/aws-error';

type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM';

/** The IAM resource types whose name property, when set, needs CAPABILITY_NAMED_IAM. */
const IAM_NAME_PROPERTIES: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
};

/** The capability an IAM resource of the template needs, or undefined. */
export function requiredCapability(template: Template): Capability | undefined {
  let needed: Capability | undefined;
  for (const res of Object.values(template.Resources)) {
    if (!res.Type.startsWith('AWS::IAM::')) continue;
    const nameProp = IAM_NAME_PROPERTIES[res.Type];
    if (nameProp && res.Properties?.[nameProp] !== undefined) return 'CAPABILITY_NAMED_IAM';
    needed = 'CAPABILITY_IAM';
  }
  return needed;
}

/** Refuses a template whose IAM resources need a capability the caller did not acknowledge. */
export function checkCapabilities(template: Template, capabilities: readonly string[]): void {
  const needed = requiredCapability(template);
  if (!needed) return;
  if (capabilities.includes('CAPABILITY_NAMED_IAM')) return;
  if (needed === 'CAPABILITY_IAM' && capabilities.includes('CAPABILITY_IAM')) return;
  throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${needed}]`, { status: 400 });
}
