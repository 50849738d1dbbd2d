// Extracts the text of a PDF read from stdin with pdfjs-dist (no pdftotext needed) and prints it as JSON:
// {pages: [text of page 1, ...]}. Run as a separate Node process, since pdfjs-dist is an ES module.
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(readFileSync(0));
const doc = await getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const content = await page.getTextContent();
  pages.push(content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : ' ') : '')).join(''));
}
const info = (await doc.getMetadata()).info;
process.stdout.write(JSON.stringify({ pages, info }));
