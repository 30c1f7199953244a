import { AwsError } from '../../core/aws-error';
import { percentDecode } from '../../core/http';
import type { CallContext, ServiceDirectory } from '../../core/service';
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

async function bodyText(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  throw validationError('TemplateURL must reference a valid S3 object to which you have access.');
}

/** Fetches a template from local S3 through the S3 service's own GetObject (the same code the API runs). */
export async function readTemplateUrl(templateUrl: string, services: ServiceDirectory | undefined, ctx: CallContext): Promise<string> {
  const { bucket, key } = parseTemplateUrl(templateUrl);
  const getObject = services?.get('s3')?.operations.GetObject;
  if (!getObject) throw validationError('TemplateURL cannot be read: the S3 service is not available in local-cloud');
  try {
    const out = await getObject({ Bucket: bucket, Key: key }, ctx) as { Body?: unknown };
    return await bodyText(out.Body);
  } catch (e) {
    if (e instanceof AwsError && e.code !== 'ValidationError') throw validationError(`S3 error: ${e.message}`);
    throw e;
  }
}
