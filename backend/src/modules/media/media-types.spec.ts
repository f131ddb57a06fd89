import { DomainError } from '../../common/domain-error';
import { parseRange } from './media.service';
import { contentDisposition, detectType, isSafeInline, safeFileName } from './media-types';

describe('detectType', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  it('trusts the bytes over the name', async () => {
    expect(await detectType(png, 'photo.txt')).toEqual({ mimeType: 'image/png', kind: 'image' });
    expect(await detectType(Buffer.from('%PDF-1.7\n'), 'x.bin')).toEqual({ mimeType: 'application/pdf', kind: 'document' });
  });

  it('recognises text formats by name once the bytes are UTF-8 text', async () => {
    expect(await detectType(Buffer.from('a,b\n1,2'), 'data.csv')).toEqual({ mimeType: 'text/csv', kind: 'text' });
    expect(await detectType(Buffer.from('{"a":1}'), 'data.JSON')).toEqual({ mimeType: 'application/json', kind: 'text' });
    expect(await detectType(Buffer.from('plain words'), 'README')).toEqual({ mimeType: 'text/plain', kind: 'text' });
    expect(await detectType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.svg')).toEqual({ mimeType: 'image/svg+xml', kind: 'image' });
  });

  it('refuses binaries without a known signature, executables and text under a foreign name', async () => {
    expect(await detectType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), 'cat.png')).toBeUndefined();
    expect(await detectType(Buffer.from('MZ\x90\x00'), 'setup.pdf')).toBeUndefined();
    expect(await detectType(Buffer.from('#!/bin/sh\nrm -rf /'), 'run.sh')).toBeUndefined();
    expect(await detectType(Buffer.from('not really a picture'), 'x.png')).toBeUndefined();
    expect(await detectType(Buffer.from('<html></html>'), 'fake.svg')).toBeUndefined();
    expect(await detectType(Buffer.from([0xc3, 0x28]), 'broken.txt')).toBeUndefined();
  });
});

describe('safeFileName', () => {
  it('keeps only the last path segment, without control characters or leading dots', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
    expect(safeFileName('a\u0000b\u001fc.txt')).toBe('abc.txt');
    expect(safeFileName('..hidden')).toBe('hidden');
    expect(safeFileName('  spaced   out  .md ')).toBe('spaced out .md');
    expect(safeFileName('../')).toBe('file');
    expect(safeFileName(undefined, 'generated')).toBe('generated');
  });

  it('cuts long names to 255 characters and keeps the extension', () => {
    const name = safeFileName(`${'x'.repeat(600)}.jpeg`);
    expect(name).toHaveLength(255);
    expect(name.endsWith('.jpeg')).toBe(true);
  });
});

describe('serving', () => {
  it('writes Content-Disposition safely for any name', () => {
    expect(contentDisposition('attachment', 'rapport "final".pdf')).toBe(`attachment; filename="rapport _final_.pdf"; filename*=UTF-8''rapport%20%22final%22.pdf`);
    expect(contentDisposition('inline', "l'été.txt")).toBe(`inline; filename="l'_t_.txt"; filename*=UTF-8''l%27%C3%A9t%C3%A9.txt`);
  });

  it('never shows script-capable types inline', () => {
    expect(isSafeInline('image/png')).toBe(true);
    expect(isSafeInline('application/pdf')).toBe(true);
    expect(isSafeInline('image/svg+xml')).toBe(false);
    expect(isSafeInline('text/html')).toBe(false);
    expect(isSafeInline('application/epub+zip')).toBe(false);
  });

  it('parses single byte ranges and refuses ranges outside the file', () => {
    expect(parseRange(undefined, 100)).toBeUndefined();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-5000', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=0-1,5-6', 100)).toBeUndefined();
    expect(() => parseRange('bytes=100-', 100)).toThrow(DomainError);
    expect(() => parseRange('bytes=9-3', 100)).toThrow(DomainError);
  });
});
