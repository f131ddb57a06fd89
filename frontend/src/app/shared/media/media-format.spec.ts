import { downloadUrl, formatBytes, formatDetails, formatDimensions, formatDuration, previewMode } from './media-format';

describe('formatBytes', () => {
  it('uses binary multiples with one decimal under 100', () => {
    expect(formatBytes(0, 'en-US')).toBe('0 B');
    expect(formatBytes(512, 'en-US')).toBe('512 B');
    expect(formatBytes(1536, 'en-US')).toBe('1.5 KB');
    expect(formatBytes(10 * 1024 * 1024, 'en-US')).toBe('10 MB');
    expect(formatBytes(150.4 * 1024 * 1024, 'en-US')).toBe('150 MB');
    expect(formatBytes(10 * 1024 ** 3, 'en-US')).toBe('10 GB');
  });

  it('does not show 1024 of a unit', () => {
    expect(formatBytes(1024 * 1024 - 10, 'en-US')).toBe('1 MB');
  });

  it('speaks French units and decimals', () => {
    expect(formatBytes(1536, 'fr-FR')).toBe('1,5 Ko');
    expect(formatBytes(3 * 1024 ** 3, 'fr-FR')).toBe('3 Go');
    expect(formatBytes(12, 'fr-FR')).toBe('12 o');
  });
});

describe('formatDuration', () => {
  it('reads like a player clock', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7.4)).toBe('0:07');
    expect(formatDuration(205)).toBe('3:25');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});

describe('formatDimensions and formatDetails', () => {
  it('shows dimensions, duration, both or a dash', () => {
    expect(formatDimensions({ width: 640, height: 480 })).toBe('640 × 480');
    expect(formatDimensions({ width: null, height: null })).toBeNull();
    expect(formatDetails({ width: 1280, height: 720, durationSeconds: 65 })).toBe('1280 × 720 · 1:05');
    expect(formatDetails({ width: null, height: null, durationSeconds: 3 })).toBe('0:03');
    expect(formatDetails({ width: null, height: null, durationSeconds: null })).toBe('—');
  });
});

describe('previewMode', () => {
  it('shows pictures, players, PDFs and text inline', () => {
    expect(previewMode({ kind: 'image', mimeType: 'image/png' })).toBe('image');
    expect(previewMode({ kind: 'image', mimeType: 'image/webp' })).toBe('image');
    expect(previewMode({ kind: 'video', mimeType: 'video/mp4' })).toBe('video');
    expect(previewMode({ kind: 'audio', mimeType: 'audio/mpeg' })).toBe('audio');
    expect(previewMode({ kind: 'document', mimeType: 'application/pdf' })).toBe('pdf');
    expect(previewMode({ kind: 'text', mimeType: 'text/markdown' })).toBe('text');
    expect(previewMode({ kind: 'text', mimeType: 'application/json' })).toBe('text');
  });

  it('never puts what may hold script (SVG, HTML) in an img or a frame', () => {
    expect(previewMode({ kind: 'image', mimeType: 'image/svg+xml' })).toBe('download');
    expect(previewMode({ kind: 'document', mimeType: 'text/html' })).toBe('download');
    expect(previewMode({ kind: 'text', mimeType: 'text/html' })).toBe('download');
  });

  it('offers other documents as downloads', () => {
    expect(previewMode({ kind: 'document', mimeType: 'application/epub+zip' })).toBe('download');
  });
});

describe('downloadUrl', () => {
  it('adds download=true to the signed link', () => {
    expect(downloadUrl({ contentUrl: '/api/media/files/f1/content?token=1.abc' })).toBe('/api/media/files/f1/content?token=1.abc&download=true');
    expect(downloadUrl({ contentUrl: '/api/media/files/f1/content' })).toBe('/api/media/files/f1/content?download=true');
  });
});
