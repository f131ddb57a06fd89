/** Where one member of a ZIP archive lies, as its central directory says. */
export interface ZipMember {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  localHeaderOffset: number;
  compressedSize: number;
  uncompressedSize: number;
}

export interface ZipLimits {
  /** What all members together may inflate to. */
  maxExpandedBytes: number;
  /** Largest expansion of the whole archive (uncompressed / compressed), once it holds more than a megabyte. */
  maxRatio: number;
  maxMembers: number;
}

export const DOCX_LIMITS: ZipLimits = { maxExpandedBytes: 50 * 1024 * 1024, maxRatio: 100, maxMembers: 2_000 };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

/**
 * Reads a ZIP archive's central directory (no inflating) and refuses, with the reason in words,
 * an archive that says it would expand past the limits (a zip bomb), that is ZIP64 (never needed
 * by a document under the upload limit) or that is not a readable ZIP at all. The sizes it
 * declares may lie: the extraction worker inflates each member again under `maxOutputLength`.
 */
export function inspectZip(data: Buffer, limits: ZipLimits = DOCX_LIMITS): ZipMember[] {
  const eocd = findEndOfCentralDirectory(data);
  const count = data.readUInt16LE(eocd + 10);
  const size = data.readUInt32LE(eocd + 12);
  const offset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new Error('it is a ZIP64 archive, which a document never needs');
  if (count > limits.maxMembers) throw new Error(`it holds ${count} parts, more than the ${limits.maxMembers} a document may have`);
  if (offset + size > eocd) throw new Error('its ZIP directory is damaged');
  const members: ZipMember[] = [];
  let position = offset;
  let expanded = 0;
  let compressed = 0;
  for (let index = 0; index < count; index++) {
    if (position + 46 > offset + size || data.readUInt32LE(position) !== CENTRAL_SIGNATURE) throw new Error('its ZIP directory is damaged');
    const member: ZipMember = {
      method: data.readUInt16LE(position + 10),
      compressedSize: data.readUInt32LE(position + 20),
      uncompressedSize: data.readUInt32LE(position + 24),
      localHeaderOffset: data.readUInt32LE(position + 42),
      name: data.toString('utf8', position + 46, position + 46 + data.readUInt16LE(position + 28)),
    };
    if (member.compressedSize === 0xffffffff || member.uncompressedSize === 0xffffffff || member.localHeaderOffset === 0xffffffff) throw new Error('it is a ZIP64 archive, which a document never needs');
    if (member.method !== 0 && member.method !== 8) throw new Error(`a part of it uses compression method ${member.method}, which documents do not use`);
    if (member.localHeaderOffset + 30 + member.compressedSize > data.length) throw new Error('its ZIP directory points past the end of the file');
    expanded += member.uncompressedSize;
    compressed += member.compressedSize;
    members.push(member);
    position += 46 + data.readUInt16LE(position + 28) + data.readUInt16LE(position + 30) + data.readUInt16LE(position + 32);
  }
  if (expanded > limits.maxExpandedBytes) throw new Error(`it would expand to ${megabytes(expanded)}, more than the ${megabytes(limits.maxExpandedBytes)} a document may hold`);
  if (expanded > 1024 * 1024 && expanded > compressed * limits.maxRatio) throw new Error(`it is compressed ${Math.round(expanded / Math.max(1, compressed))} times over, more than a document ever is (a zip bomb)`);
  return members;
}

function findEndOfCentralDirectory(data: Buffer): number {
  if (data.length < EOCD_MIN) throw new Error('it is not a readable ZIP archive (a DOCX is one)');
  const lowest = Math.max(0, data.length - EOCD_MIN - MAX_COMMENT);
  for (let position = data.length - EOCD_MIN; position >= lowest; position--) {
    if (data.readUInt32LE(position) === EOCD_SIGNATURE) return position;
  }
  throw new Error('it is not a readable ZIP archive (a DOCX is one)');
}

function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}
