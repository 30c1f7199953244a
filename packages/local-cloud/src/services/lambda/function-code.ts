import { createHash } from 'node:crypto';
import type { FunctionCode } from '@aws-sdk/client-lambda';
import { AwsError } from '../../core/aws-error';
import { InputReader } from '../../core/input';
import { invalidParameter, lambdaError, validation } from './errors';
import type { FunctionRecord } from './function-store';
import { summarizeZip } from './runtime/code-archive';

/** Lambda's limits on a deployment package (zip as uploaded, and unzipped). */
const MAX_ZIP_BYTES = 50 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 262_144_000;

/** Reads an S3 object's bytes for a deployment package; throws S3's `AwsError` (NoSuchBucket, NoSuchKey…). */
export type CodeObjectReader = (bucket: string, key: string, versionId: string | undefined) => Promise<Buffer> | Buffer;

/** A deployment package as read, and where it came from when it came through S3. */
export interface DeploymentPackage {
  readonly zip: Buffer;
  readonly source?: FunctionRecord['codeSource'];
}

/** The members of a Code / UpdateFunctionCode request that name the package. */
type CodeMembers = Pick<FunctionCode, 'ZipFile' | 'S3Bucket' | 'S3Key' | 'S3ObjectVersion' | 'ImageUri'>;

/**
 * The deployment package of a Code / UpdateFunctionCode request: the zip inline (base64 on the wire, or bytes
 * in-process), or an S3 object (`readObject`, absent when S3 is not running). Checks Lambda's size limits and
 * that it unzips.
 */
export async function readDeploymentPackage(input: CodeMembers, readObject: CodeObjectReader | undefined): Promise<DeploymentPackage> {
  const r = new InputReader(input as Record<string, unknown>, validation);
  // the model checks the bucket's and key's lengths first
  const bucket = r.string('S3Bucket');
  const key = r.string('S3Key');
  const objectVersion = r.string('S3ObjectVersion');
  const zipFile: unknown = input.ZipFile;
  if (input.ImageUri !== undefined) throw invalidParameter('Container image functions (ImageUri) are not supported by local-cloud.');
  let zip: Buffer;
  let source: FunctionRecord['codeSource'];
  if (zipFile !== undefined && zipFile !== null) {
    if (bucket !== undefined || key !== undefined) {
      throw invalidParameter('Please do not provide other FunctionCode parameters when providing a ZipFile.');
    }
    zip = Buffer.isBuffer(zipFile) ? zipFile : zipFile instanceof Uint8Array ? Buffer.from(zipFile) : Buffer.from(String(zipFile), 'base64');
  } else if (bucket !== undefined && key !== undefined) {
    if (!readObject) throw invalidParameter('Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist');
    try {
      zip = Buffer.from(await readObject(bucket, key, objectVersion));
    } catch (error) {
      if (error instanceof AwsError) {
        throw invalidParameter(`Error occurred while GetObject. S3 Error Code: ${error.code}. S3 Error Message: ${error.message}`);
      }
      throw error;
    }
    source = { S3Bucket: bucket, S3Key: key, ...(objectVersion ? { S3ObjectVersion: objectVersion } : {}) };
  } else {
    throw invalidParameter('Please provide a source for function code.');
  }
  if (zip.length > MAX_ZIP_BYTES) {
    throw lambdaError('RequestEntityTooLargeException', `Request must be smaller than ${MAX_ZIP_BYTES} bytes for the CreateFunction operation`, 413);
  }
  let unzipped: number;
  try {
    unzipped = (await summarizeZip(zip)).unzippedBytes;
  } catch {
    throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');
  }
  if (unzipped > MAX_UNZIPPED_BYTES) throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
  return { zip, source };
}

/** Base64 SHA-256 of a package, as Lambda reports `CodeSha256`. */
export const sha256Base64 = (zip: Buffer): string => createHash('sha256').update(zip).digest('base64');

/** The hex form of a `CodeSha256` (the code directory's and the download URL's name). */
export const sha256Hex = (codeSha256: string): string => Buffer.from(codeSha256, 'base64').toString('hex');

/** A function may have at most 50 tags. */
export const MAX_TAGS = 50;

/** Tags of CreateFunction / TagResource: keys 1-128, values up to 256 characters, 50 at most. */
export function readTags(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw validation('Tags must be a map of strings');
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.length < 1 || k.length > 128 || typeof v !== 'string' || v.length > 256) throw invalidParameter(`Invalid tag: ${k}`);
    tags[k] = v;
  }
  if (Object.keys(tags).length > MAX_TAGS) throw tooManyTags();
  return tags;
}

export const tooManyTags = (): AwsError => invalidParameter('Number of tags exceeds resource tag limit.') // AWS's words (recorded on AWS: test_lambda_api.snapshot.json);
