import { dirname } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

// pdfmake ships Roboto; it may read those font files and nothing else, and fetch no URL.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfmake = require('pdfmake') as { setFonts(f: unknown): void; setUrlAccessPolicy(p: (url: string) => boolean): void; setLocalAccessPolicy(p: (path: string) => boolean): void; createPdf(d: TDocumentDefinitions): { getBuffer(): Promise<Buffer> } };
const fontsDir = dirname(require.resolve('pdfmake/fonts/Roboto'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
pdfmake.setFonts(require('pdfmake/fonts/Roboto'));
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(fontsDir));

/** A PDF from a pdfmake document, with the bundled Roboto and no access to files or URLs. */
export function renderPdf(document: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake.createPdf(document).getBuffer();
}
