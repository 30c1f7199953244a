import { EvaluationScope, TemplateError, Unknown } from '../../src';

/** A scope with a few parameters, resources, mappings and conditions, as a deployed stack would have them. */
export const SCOPE: EvaluationScope = {
  region: 'ap-southeast-1',
  mappings: { RegionMap: { 'ap-southeast-1': { Ami: 'ami-123', Zones: ['a', 'b'] } } },
  condition: (name) => (name === 'Later' ? new Unknown('Condition Later') : name === 'IsProd'),
  ref: (name) => {
    const values: Record<string, unknown> = {
      Env: 'prod',
      Subnets: ['s-1', 's-2', 's-3'],
      Bucket: 'my-bucket',
      Group: '/app/a',
      Csv: 'a,b,,c',
      'AWS::Region': 'ap-southeast-1',
      'AWS::AccountId': '000000000000',
      'AWS::Partition': 'aws',
      Pending: new Unknown('Ref Pending'),
    };
    if (name in values) return values[name];
    throw new TemplateError(`Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`);
  },
  getAtt: (id, attribute) => {
    if (id === 'Key' && attribute === 'Arn') return 'arn:aws:kms:ap-southeast-1:000000000000:key/k1';
    if (id === 'Api' && attribute === 'RootResourceId') return 'root1';
    if (id === 'Role' && attribute === 'Arn') return new Unknown('Fn::GetAtt Role.Arn');
    throw new TemplateError(`Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`);
  },
  importValue: (name) => {
    if (name === 'SharedVpc') return 'vpc-1';
    throw new TemplateError(`No export named ${name} found.`);
  },
};

/** `code: message` of what `fn` throws, or `no error`. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as TemplateError).code}: ${(e as Error).message}`;
  }
  return 'no error';
}
