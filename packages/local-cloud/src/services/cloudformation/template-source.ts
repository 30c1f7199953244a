import { AwsError } from '../../core/aws-error';
import { percentDecode } from '../../core/http';
import type { CallContext, ServiceDirectory } from '../../core/service';
import type { S3Service } from '../s3';
import { validationError } from './engine/errors';

/** The bucket and key a `TemplateURL` names. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/**
 * Reads a `TemplateURL`: virtual-hosted `https://<bucket>.s3[.<region>].amazonaws.com/<key>`, or path-style
 * `https://s3[.<region>].amazonaws.com/<bucket>/<key>` and `<any endpoint>/<bucket>/<key>` (what the CDK CLI
 * sends to a custom endpoint).
 *
 * @example
 * parseTemplateUrl('http://127.0.0.1:4566/cdk-hnb659fds-assets-000000000000-ap-southeast-1/abc.json');
 * // { bucket: 'cdk-hnb659fds-assets-000000000000-ap-southeast-1', key: 'abc.json' }
 */
export function parseTemplateUrl(templateUrl: string): S3Location {
  let url: URL;
  try {
    url = new URL(templateUrl);
  } catch {
    throw validationError('TemplateURL must be a supported URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw validationError('TemplateURL must be a supported URL.');
  const path = url.pathname.replace(/^\//, '');
  const virtualHosted = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.exec(url.hostname);
  if (virtualHosted) {
    if (!path) throw validationError('TemplateURL must reference a valid S3 object to which you have access.');
    return { bucket: virtualHosted[1], key: percentDecode(path) };
  }
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw validationError('TemplateURL must reference a valid S3 object to which you have access.');
  }
  return { bucket: percentDecode(path.slice(0, slash)), key: percentDecode(path.slice(slash + 1)) };
}

/**
 * Fetches a template from local S3 through S3's backend (the same code GetObject runs). `_ctx`: the call; buckets
 * are global, so it is not needed to find the object (kept so the CloudFormation service's call stays as it is).
 */
export async function readTemplateUrl(templateUrl: string, services: ServiceDirectory | undefined, _ctx: CallContext): Promise<string> {
  const { bucket, key } = parseTemplateUrl(templateUrl);
  const s3 = services?.get<S3Service>('s3')?.backend;
  if (!s3) throw validationError('TemplateURL cannot be read: the S3 service is not available in local-cloud');
  try {
    return s3.getObjectBody(bucket, key).toString('utf8');
  } catch (e) {
    if (e instanceof AwsError && e.code !== 'ValidationError') throw validationError(`S3 error: ${e.message}`);
    throw e;
  }
}
