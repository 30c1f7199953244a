import { randomUUID } from 'node:crypto';
import type { ResourceProvider } from './provider';

/** `AWS::CDK::Metadata`: the CDK's analytics record. CloudFormation keeps it and nothing else happens. */
export const cdkMetadataProvider: ResourceProvider = {
  type: 'AWS::CDK::Metadata',
  replaceOn: [],
  attributes: [],
  async create() {
    return { physicalId: randomUUID() };
  },
  async update() {
    return undefined;
  },
  async delete() {
    return undefined;
  },
};
