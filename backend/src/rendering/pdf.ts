import { dirname } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

interface PdfMake {
  setFonts(fonts: unknown): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(document: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let loaded: PdfMake | undefined;

/** pdfmake, loaded on the first PDF (not at start-up); it may read its bundled Roboto and nothing else, and fetch no URL. */
function pdfmake(): PdfMake {
  if (loaded) return loaded;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pdf = require('pdfmake') as PdfMake;
  const fontsDir = dirname(require.resolve('pdfmake/fonts/Roboto'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pdf.setFonts(require('pdfmake/fonts/Roboto'));
  pdf.setUrlAccessPolicy(() => false);
  pdf.setLocalAccessPolicy((path) => path.startsWith(fontsDir));
  return (loaded = pdf);
}

/** A PDF from a pdfmake document, with the bundled Roboto and no access to files or URLs. */
export function renderPdf(document: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake().createPdf(document).getBuffer();
}
