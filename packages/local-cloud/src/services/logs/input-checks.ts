import { invalid } from './errors';

/*
 * What CloudWatch Logs checks in a request beyond its service model: the request pipeline has already validated
 * required members, types, lengths, patterns, ranges and enums against botocore's model (`src/models/logs.json`),
 * for wire requests and CloudFormation's in-process calls alike; only the rules the model cannot express are here.
 */

/** Tag keys beginning `aws:` are AWS's own (the model's TagKey pattern allows them). */
export function refuseReservedTagKeys(tags: Record<string, string> | undefined): Record<string, string> {
  for (const key of Object.keys(tags ?? {})) {
    if (key.toLowerCase().startsWith('aws:')) throw invalid(`Tag keys that begin with 'aws:' are reserved: ${key}`);
  }
  return tags ?? {};
}
