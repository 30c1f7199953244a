import { buffer } from 'node:stream/consumers';
import { ZipFile } from 'yazl';

/**
 * A deployment package for tests: `files` (name → content; a name ending in `/` is a directory) zipped by yazl,
 * the writer the CloudFormation provider uses too, with a fixed time so the same files give the same bytes.
 *
 * @example
 * Code: { ZipFile: await zipFiles({ 'index.js': 'exports.handler = async () => 1;' }) }
 */
export function zipFiles(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new ZipFile();
  const options = { mtime: new Date(1980, 0, 1), forceDosTimestamp: true };
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name, options);
    else zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name, { ...options, mode: 0o644 });
  }
  zip.end();
  return buffer(zip.outputStream);
}
