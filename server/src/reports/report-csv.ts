import {
  formatReportInstant, REPORT_DEFINITIONS, REPORT_LABELS, reportTables, reportText, type ReportCell, type ServiceReport,
} from '@incident-desk/shared';

/** Text a spreadsheet would run as a formula is neutralised with a leading apostrophe. */
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(v: ReportCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = FORMULA.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The report as CSV (RFC 4180): UTF-8 with a byte-order mark (so that spreadsheet programs read the Chinese right),
 * CRLF line ends, every row as wide as the widest table. A heading block, then each section: its title on a line of
 * its own, the column headings, the rows, an empty line; the definitions last. Numbers are plain (rates as
 * percentages with 2 decimals, hours with 2), empty cells for "no value".
 */
export function renderReportCsv(r: ServiceReport): Buffer {
  const lang = r.lang;
  const tables = reportTables(r, lang);
  const width = Math.max(2, ...tables.map((t) => t.columns.length));
  const lines: ReportCell[][] = [];
  const clients = r.allClients ? `${REPORT_LABELS.allClients[lang]} (${r.clients.length})` : r.clients.map((c) => c.name).join('; ');
  lines.push([REPORT_LABELS.title[lang]]);
  lines.push([REPORT_LABELS.firm[lang], r.firm.name]);
  lines.push([REPORT_LABELS.clients[lang], clients]);
  lines.push([REPORT_LABELS.period[lang], reportText(REPORT_LABELS.periodRange, lang, { from: r.period.from, to: r.period.to })]);
  lines.push([REPORT_LABELS.timeZone[lang], r.firm.timeZone]);
  lines.push([REPORT_LABELS.version[lang], REPORT_LABELS[r.version === 'client' ? 'version_client' : 'version_internal'][lang]]);
  lines.push([REPORT_LABELS.generatedAt[lang], formatReportInstant(r.generatedAt, r.firm.timeZone)]);
  lines.push([REPORT_LABELS.generatedBy[lang], r.generatedBy.name]);
  lines.push([]);
  for (const t of tables) {
    lines.push([t.title]);
    lines.push(t.columns.map((c) => c.label));
    for (const row of t.rows) lines.push(row);
    lines.push([]);
  }
  lines.push([REPORT_LABELS.definitions[lang]]);
  for (const d of REPORT_DEFINITIONS) lines.push([d[lang]]);
  const text = lines.map((l) => Array.from({ length: width }, (_, i) => csvCell(l[i] ?? null)).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
