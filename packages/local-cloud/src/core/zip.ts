import { crc32, deflateRawSync } from 'node:zlib';

/** How `zipFiles` stores each entry: as is (method 0) or deflated (method 8). */
export interface ZipOptions {
  /** Deflate the entries (as CloudFormation does for an inline `Code.ZipFile`); default: stored, uncompressed. */
  readonly deflate?: boolean;
}

// DOS time/date of 1980-01-01 00:00: the archive is the same for the same files
const DOS_TIME = 0;
const DOS_DATE = 0x21;
const UTF8_NAMES = 0x0800;

/**
 * A zip archive of `files` (name → content; a name ending in `/` is a directory), with CRC-32s, readable by
 * Lambda's unzip (yauzl). Used for CloudFormation's inline `Code.ZipFile` and for deployment packages in tests.
 *
 * @example
 * zipFiles({ 'index.js': 'exports.handler = async () => 1;' }, { deflate: true });
 */
export function zipFiles(files: Record<string, string | Buffer>, options: ZipOptions = {}): Buffer {
  const method = options.deflate ? 8 : 0;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [fileName, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const stored = options.deflate ? deflateRawSync(data) : data;
    const crc = crc32(data);
    const name = Buffer.from(fileName, 'utf8');
    // the UTF-8 flag only where the name needs it: an ASCII name is the same bytes either way
    const flags = name.length === fileName.length ? 0 : UTF8_NAMES;

    // the fields the local header and the central directory entry share, in the same order
    const fields = Buffer.alloc(26);
    fields.writeUInt16LE(20, 0); // version needed
    fields.writeUInt16LE(flags, 2);
    fields.writeUInt16LE(method, 4);
    fields.writeUInt16LE(DOS_TIME, 6);
    fields.writeUInt16LE(DOS_DATE, 8);
    fields.writeUInt32LE(crc, 10);
    fields.writeUInt32LE(stored.length, 14);
    fields.writeUInt32LE(data.length, 18);
    fields.writeUInt16LE(name.length, 22);
    fields.writeUInt16LE(0, 24); // extra

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields.copy(local, 4);
    locals.push(local, name, stored);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by Unix, zip 3.0
    fields.copy(central, 6);
    // comment length, disk number and internal attributes (32-37) stay 0
    central.writeUInt32LE(((fileName.endsWith('/') ? 0o40755 : 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + stored.length;
  }
  const centralDir = Buffer.concat(centrals);
  const count = Object.keys(files).length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}
