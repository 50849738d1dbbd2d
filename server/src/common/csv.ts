/** A CSV cell's value: text, a number, or empty. */
export type CsvCell = string | number | boolean | null | undefined;

/** Text a spreadsheet would run as a formula is neutralised with a leading apostrophe. */
const FORMULA = /^[=+\-@\t\r]/;

/** One CSV cell (RFC 4180 quoting), formula-like text neutralised. */
export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = FORMULA.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Rows as CSV (RFC 4180): UTF-8 with a byte-order mark (so that spreadsheet programs read the Chinese right), CRLF
 * line ends, every row `width` cells wide (default: the widest row), text that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR first) neutralised with a leading apostrophe.
 */
export function csvDocument(lines: CsvCell[][], width = Math.max(0, ...lines.map((l) => l.length))): Buffer {
  const text = lines.map((l) => Array.from({ length: width }, (_, i) => csvCell(l[i] ?? null)).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
