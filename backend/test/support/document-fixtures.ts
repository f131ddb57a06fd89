import JSZip from 'jszip';
import { once } from 'node:events';
import { createDeflateRaw } from 'node:zlib';
import { renderPdf } from '../../src/rendering/pdf';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal valid .docx (what Word needs to open it, and mammoth to read it): one paragraph per string. */
export async function docxOf(paragraphs: string[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
  );
  const body = paragraphs.map((text) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A real PDF (pdfmake, the app's own renderer) with one page per string. */
export function pdfOf(pages: string[]): Promise<Buffer> {
  return renderPdf({ content: pages.map((text, index) => ({ text, ...(index > 0 ? { pageBreak: 'before' as const } : {}) })) });
}

/** Starts like a PDF (so the media library takes it as one) but is not one. */
export function corruptPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog'), Buffer.alloc(2048, 0x41)]);
}

/**
 * A DOCX-looking zip bomb: a real [Content_Types].xml and relationships (so the media library takes
 * it as a DOCX), then `word/document.xml` as deflated zeros that expand to `expandedBytes` (about a
 * thousandth of that on disk). With `lie`, the directory claims the part is 1 KB, as a bomb built to
 * pass a check of the declared sizes would.
 */
export async function zipBombDocx(expandedBytes: number, options: { lie?: boolean } = {}): Promise<Buffer> {
  const deflater = createDeflateRaw({ level: 9 });
  const compressed: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => compressed.push(chunk));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < expandedBytes; written += zeros.length) {
    if (!deflater.write(zeros.subarray(0, Math.min(zeros.length, expandedBytes - written)))) await once(deflater, 'drain');
  }
  deflater.end();
  await once(deflater, 'end');
  const bomb = Buffer.concat(compressed);
  const contentTypes = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  const rels = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const members = [
    { name: '[Content_Types].xml', method: 0, data: contentTypes, size: contentTypes.length },
    { name: '_rels/.rels', method: 0, data: rels, size: rels.length },
    { name: 'word/document.xml', method: 8, data: bomb, size: options.lie ? 1024 : Math.min(expandedBytes, 0xfffffffe) },
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(member.method, 8);
    local.writeUInt32LE(member.method === 0 ? crc32(member.data) : 0, 14);
    local.writeUInt32LE(member.data.length, 18);
    local.writeUInt32LE(member.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(member.method, 10);
    central.writeUInt32LE(member.method === 0 ? crc32(member.data) : 0, 16);
    central.writeUInt32LE(member.data.length, 20);
    central.writeUInt32LE(member.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, member.data);
    centrals.push(central, name);
    offset += local.length + name.length + member.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real PDF cut in half: its header says PDF, its cross-reference table and most pages are gone. */
export async function truncatedPdf(): Promise<Buffer> {
  const pdf = await pdfOf(['A page that will be cut off.', 'Another one.']);
  return pdf.subarray(0, Math.floor(pdf.length / 2));
}
