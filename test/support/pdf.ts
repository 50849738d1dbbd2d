import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The text of a PDF, page by page, and its metadata (pdfjs-dist in a Node process of its own: pdf-text.mjs). */
export function pdfText(pdf: Buffer): { pages: string[]; info: Record<string, unknown> } {
  const out = execFileSync(process.execPath, [join(__dirname, 'pdf-text.mjs')], { input: pdf, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8'));
}

/** Text without white space (pdfjs splits and joins runs of text as the layout has them). */
export const squash = (s: string) => s.replace(/\s+/g, '');
