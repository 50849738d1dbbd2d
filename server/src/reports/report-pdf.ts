import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import {
  formatCell, formatReportInstant, REPORT_DEFINITIONS, REPORT_LABELS, REPORT_SECTION_LABELS, REPORT_TERMS, reportTables, reportText, type Locale,
  type ReportTable, type ServiceReport,
} from '@incident-desk/shared';

/**
 * Noto Sans SC (SIL Open Font License), embedded so that Chinese is real text in the PDF: pdfkit embeds only the
 * glyphs used (a subset) with a ToUnicode map, so the text can be searched, copied and extracted.
 */
const FONT_FILE = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
let fontBytes: Buffer | null = null;
const font = () => (fontBytes ??= readFileSync(FONT_FILE));

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const BOTTOM = A4.height - MARGIN;

const COLORS = {
  text: '#1f2937',
  muted: '#6b7280',
  rule: '#d1d5db',
  head: '#eef2f7',
  total: '#f5f5f5',
  accent: '#1d4ed8',
  series: ['#2563eb', '#f59e0b', '#10b981', '#ef4444'],
};

type Doc = PDFKit.PDFDocument;

/** A4 document with the Chinese font embedded; resolves to the bytes once `doc.end()` is called. */
function newDocument(lang: Locale, info: PDFKit.DocumentInfo): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true, lang, displayTitle: true, info,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font());
  doc.font('cjk').fillColor(COLORS.text);
  return { doc, done };
}

/**
 * The firm's logo (PNG or JPEG bytes, firm settings) fitted into a box; a logo pdfkit cannot read is left out rather
 * than failing the document (uploads are checked with canDrawImage first).
 */
function drawLogo(doc: Doc, logo: Buffer | null | undefined, x: number, y: number, box: [number, number], align: 'center' | 'right' = 'center') {
  if (!logo) return;
  try {
    doc.image(logo, x, y, { fit: box, align, valign: 'center' });
  } catch {
    // an unreadable image: the document without it
  }
}

/** Whether pdfkit can draw these bytes (a logo's upload is refused otherwise). */
export function canDrawImage(bytes: Buffer): boolean {
  try {
    const doc = new PDFDocument({ size: 'A4' });
    doc.image(bytes, 0, 0, { width: 10 });
    doc.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * A document of tables with the service report's look (the incident report): a heading block with a title, a
 * subtitle and label/value lines, then every table, then notes; the footer line and page numbers on every page.
 */
export function renderTablesPdf(d: {
  lang: Locale; title: string; subtitle: string; meta: [string, string][]; tables: TableLike[]; notes?: string[]; footer: string; info: PDFKit.DocumentInfo;
  /** the firm's logo (firm settings), at the top right of the first page */
  logo?: Buffer | null;
}): Promise<Buffer> {
  const { doc, done } = newDocument(d.lang, d.info);
  doc.rect(0, 0, A4.width, 8).fill(COLORS.accent);
  drawLogo(doc, d.logo, A4.width - MARGIN - 110, 14, [110, 36], 'right');
  doc.fillColor(COLORS.text).fontSize(20).text(d.title, MARGIN, MARGIN + 10, { width: CONTENT_WIDTH, align: 'center' });
  doc.fontSize(10).fillColor(COLORS.muted).text(d.subtitle, MARGIN, doc.y + 4, { width: CONTENT_WIDTH, align: 'center' });
  doc.moveDown(0.8);
  for (const [label, value] of d.meta) {
    const y = doc.y;
    doc.fontSize(9).fillColor(COLORS.muted).text(label, MARGIN, y, { width: 110 });
    doc.fillColor(COLORS.text).text(value, MARGIN + 110, y, { width: CONTENT_WIDTH - 110 });
    doc.moveDown(0.2);
  }
  for (const t of d.tables) section(doc, t, d.lang);
  for (const n of d.notes ?? []) {
    ensure(doc, doc.heightOfString(n, { width: CONTENT_WIDTH }) + 6);
    doc.fontSize(8.5).fillColor(COLORS.muted).text(n, MARGIN, doc.y + 4, { width: CONTENT_WIDTH });
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(7.5).fillColor(COLORS.muted);
    doc.text(d.footer, MARGIN, A4.height - 32, { width: CONTENT_WIDTH * 0.75, lineBreak: false, ellipsis: true });
    doc.text(`${i + 1} / ${range.count}`, MARGIN, A4.height - 32, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

/** Renders the report as an A4 PDF: a title page, every section as a table (charts for months, grades, categories), the definitions. */
export function renderReportPdf(r: ServiceReport, logo?: Buffer | null): Promise<Buffer> {
  const lang = r.lang;
  const title = REPORT_LABELS.title[lang];
  const { doc, done } = newDocument(lang, { Title: `${title} ${r.period.from} – ${r.period.to}`, Author: r.firm.name, Subject: clientsLine(r, 100), Creator: 'Incident Desk' });

  titlePage(doc, r);
  // the firm's logo (firm settings) above its name on the title page
  drawLogo(doc, logo, MARGIN, 60, [CONTENT_WIDTH, 70]);
  doc.addPage();
  for (const t of reportTables(r, lang)) {
    section(doc, t, lang);
    if (t.section === 'byMonth') {
      barChart(doc, {
        categories: r.incidents.byMonth.map((m) => m.month),
        series: [
          { name: REPORT_LABELS.chartOpened[lang], values: r.incidents.byMonth.map((m) => m.opened) },
          { name: REPORT_LABELS.chartClosed[lang], values: r.incidents.byMonth.map((m) => m.closed) },
        ],
      });
    }
    if (t.section === 'byGrade') {
      barChart(doc, { categories: t.rows.map((row) => String(row[0])), series: [{ name: REPORT_SECTION_LABELS.byGrade[lang], values: t.rows.map((row) => Number(row[1])) }] });
    }
    if (t.section === 'byCategory') {
      hBarChart(doc, t.rows.filter((row) => Number(row[1]) > 0).map((row) => ({ label: String(row[0]), value: Number(row[1]) })));
    }
  }
  definitions(doc, lang, !!r.responseTimes.approximate);
  footers(doc, r);
  doc.end();
  return done;
}

function clientsLine(r: ServiceReport, max: number): string {
  if (r.allClients) return `${REPORT_LABELS.allClients[r.lang]}（${reportText(REPORT_LABELS.clientCount, r.lang, { n: r.clients.length })}）`;
  const names = r.clients.slice(0, max).map((c) => c.name);
  const more = r.clients.length - names.length;
  return names.join(r.lang === 'zh-CN' ? '、' : ', ') + (more > 0 ? ` ${reportText(REPORT_LABELS.moreClients, r.lang, { n: more })}` : '');
}

function titlePage(doc: Doc, r: ServiceReport) {
  const lang = r.lang;
  doc.rect(0, 0, A4.width, 12).fill(COLORS.accent);
  doc.fillColor(COLORS.muted).fontSize(12).text(r.firm.name, MARGIN, 150, { width: CONTENT_WIDTH, align: 'center' });
  doc.fillColor(COLORS.text).fontSize(26).text(REPORT_LABELS.title[lang], MARGIN, 185, { width: CONTENT_WIDTH, align: 'center' });
  doc.fontSize(14).fillColor(COLORS.accent)
    .text(reportText(REPORT_LABELS.periodRange, lang, { from: r.period.from, to: r.period.to }), MARGIN, 235, { width: CONTENT_WIDTH, align: 'center' });
  doc.fontSize(10).fillColor(COLORS.muted)
    .text(REPORT_LABELS[r.version === 'client' ? 'version_client' : 'version_internal'][lang], MARGIN, 262, { width: CONTENT_WIDTH, align: 'center' });

  const rows: [string, string][] = [
    [REPORT_LABELS.firm[lang], r.firm.name],
    [REPORT_LABELS.clients[lang], clientsLine(r, 12)],
    [REPORT_LABELS.period[lang], reportText(REPORT_LABELS.periodRange, lang, { from: r.period.from, to: r.period.to })],
    [REPORT_LABELS.timeZone[lang], r.firm.timeZone],
    [REPORT_LABELS.generatedAt[lang], formatReportInstant(r.generatedAt, r.firm.timeZone)],
    [REPORT_LABELS.generatedBy[lang], r.generatedBy.name],
  ];
  let y = 340;
  const labelWidth = 110;
  doc.moveTo(MARGIN + 40, y - 14).lineTo(A4.width - MARGIN - 40, y - 14).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
  for (const [label, value] of rows) {
    doc.fontSize(10).fillColor(COLORS.muted).text(label, MARGIN + 40, y, { width: labelWidth });
    doc.fillColor(COLORS.text);
    const h = doc.heightOfString(value, { width: CONTENT_WIDTH - 80 - labelWidth });
    doc.text(value, MARGIN + 40 + labelWidth, y, { width: CONTENT_WIDTH - 80 - labelWidth });
    y += Math.max(h, 14) + 8;
  }
  doc.moveTo(MARGIN + 40, y).lineTo(A4.width - MARGIN - 40, y).lineWidth(0.5).strokeColor(COLORS.rule).stroke();

  // the key figures at a glance
  const pct = (v: number | null) => formatCell(v === null ? null : Math.round(v * 10000) / 100, 'rate', lang);
  const keys: [string, string][] = [
    [REPORT_TERMS.opened[lang], formatCell(r.incidents.opened, 'int', lang)],
    [REPORT_TERMS.openAtEnd[lang], formatCell(r.incidents.openAtEnd, 'int', lang)],
    [`${REPORT_SECTION_LABELS.obligations[lang]} · ${REPORT_TERMS.onTimeRate[lang]}`, pct(r.obligations.total.onTimeRate)],
    [`${REPORT_SECTION_LABELS.sla[lang]} · ${REPORT_TERMS.compliance[lang]}`, pct(r.sla.total.onTimeRate)],
  ];
  const boxTop = y + 40;
  const gap = 10;
  const boxWidth = (CONTENT_WIDTH - 80 - gap * (keys.length - 1)) / keys.length;
  keys.forEach(([label, value], i) => {
    const x = MARGIN + 40 + i * (boxWidth + gap);
    doc.roundedRect(x, boxTop, boxWidth, 70, 4).lineWidth(0.6).strokeColor(COLORS.rule).stroke();
    doc.fontSize(18).fillColor(COLORS.accent).text(value, x, boxTop + 12, { width: boxWidth, align: 'center', lineBreak: false });
    doc.fontSize(7.5).fillColor(COLORS.muted).text(label, x + 6, boxTop + 40, { width: boxWidth - 12, align: 'center', height: 26, ellipsis: true });
  });
}

/** Starts a new page when less than `needed` points are left. */
function ensure(doc: Doc, needed: number) {
  if (doc.y + needed > BOTTOM) doc.addPage();
}

/** What a table section needs: the service report's tables and the incident report's alike. */
type TableLike = Pick<ReportTable, 'title' | 'columns' | 'rows' | 'totalRow'>;

function columnWidths(t: TableLike): number[] {
  const n = t.columns.length;
  const first = n <= 2 ? 300 : n <= 4 ? 190 : 110;
  const rest = (CONTENT_WIDTH - first) / Math.max(1, n - 1);
  return [first, ...Array.from({ length: n - 1 }, () => rest)];
}

function section(doc: Doc, t: TableLike, lang: Locale) {
  const widths = columnWidths(t);
  const fontSize = 8.5;
  const pad = 4;
  const rowHeight = (cells: string[]) => {
    doc.fontSize(fontSize);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], y: number, opts: { head?: boolean; total?: boolean }) => {
    const h = rowHeight(cells);
    if (opts.head || opts.total) doc.rect(MARGIN, y, CONTENT_WIDTH, h).fill(opts.head ? COLORS.head : COLORS.total);
    let x = MARGIN;
    doc.fontSize(fontSize).fillColor(opts.head ? COLORS.muted : COLORS.text);
    cells.forEach((c, i) => {
      const numeric = i > 0 && t.columns[i].type !== 'text';
      doc.text(c, x + pad, y + pad, { width: widths[i] - 2 * pad, align: numeric ? 'right' : 'left', lineBreak: true });
      x += widths[i];
    });
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + CONTENT_WIDTH, y + h).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
    return h;
  };
  const head = t.columns.map((c) => c.label);
  const body = t.rows.map((row) => row.map((v, i) => formatCell(v, t.columns[i].type, lang)));

  ensure(doc, 30 + rowHeight(head) + (body[0] ? rowHeight(body[0]) : 0));
  doc.x = MARGIN;
  doc.moveDown(0.6);
  doc.fontSize(13).fillColor(COLORS.accent).text(t.title, MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
  let y = doc.y;
  y += drawRow(head, y, { head: true });
  if (!body.length) {
    doc.fontSize(fontSize).fillColor(COLORS.muted).text(REPORT_LABELS.none[lang], MARGIN + pad, y + pad, { width: CONTENT_WIDTH });
    y = doc.y + pad;
  }
  body.forEach((cells, k) => {
    const h = rowHeight(cells);
    if (y + h > BOTTOM) {
      doc.addPage();
      y = MARGIN;
      y += drawRow(head, y, { head: true });
    }
    y += drawRow(cells, y, { total: !!t.totalRow && k === body.length - 1 });
  });
  doc.x = MARGIN;
  doc.y = y + 6;
}

/** Rounds up to 1, 2 or 5 × 10ⁿ. */
function niceStep(v: number): number {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

/** An axis for counts: whole-number ticks (at most about 5) from 0 to a round maximum. */
function countAxis(maxValue: number): { max: number; step: number } {
  const step = niceStep(Math.max(0, maxValue) / 4);
  return { max: Math.max(step, Math.ceil(maxValue / step) * step), step };
}

/** Vertical bars, grouped by category: axis with gridlines, values above the bars, a legend. */
function barChart(doc: Doc, c: { categories: string[]; series: { name: string; values: number[] }[] }) {
  const height = 170;
  ensure(doc, height + 30);
  const top = doc.y + 8;
  const left = MARGIN + 30;
  const width = CONTENT_WIDTH - 30;
  const plotTop = top + 18;
  const plotHeight = height - 45;
  const base = plotTop + plotHeight;
  const axis = countAxis(Math.max(0, ...c.series.flatMap((s) => s.values)));
  const max = axis.max;
  doc.fontSize(7);
  // legend
  let lx = left;
  c.series.forEach((s, i) => {
    doc.rect(lx, top, 8, 8).fill(COLORS.series[i % COLORS.series.length]);
    doc.fillColor(COLORS.muted).text(s.name, lx + 11, top, { lineBreak: false });
    lx += 11 + doc.widthOfString(s.name) + 14;
  });
  // gridlines and axis labels
  for (let v = 0; v <= max; v += axis.step) {
    const y = base - (plotHeight * v) / max;
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(v === 0 ? 0.8 : 0.3).strokeColor(v === 0 ? COLORS.muted : COLORS.rule).stroke();
    doc.fillColor(COLORS.muted).text(String(v), MARGIN, y - 3.5, { width: 26, align: 'right', lineBreak: false });
  }
  const slot = width / Math.max(1, c.categories.length);
  const barWidth = Math.min(24, (slot * 0.7) / c.series.length);
  c.categories.forEach((cat, j) => {
    const groupLeft = left + j * slot + (slot - barWidth * c.series.length) / 2;
    c.series.forEach((s, i) => {
      const v = s.values[j] ?? 0;
      const h = (plotHeight * v) / max;
      const x = groupLeft + i * barWidth;
      if (h > 0) doc.rect(x, base - h, barWidth - 1, h).fill(COLORS.series[i % COLORS.series.length]);
      if (v > 0) doc.fillColor(COLORS.text).text(String(v), x - 4, base - h - 9, { width: barWidth + 8, align: 'center', lineBreak: false });
    });
    doc.fillColor(COLORS.muted).text(cat, left + j * slot, base + 3, { width: slot, align: 'center', height: 20, ellipsis: true });
  });
  doc.x = MARGIN;
  doc.y = top + height;
}

/** Horizontal bars with their labels, for long category names. */
function hBarChart(doc: Doc, items: { label: string; value: number }[]) {
  if (!items.length) return;
  const rowH = 14;
  const height = items.length * rowH + 10;
  ensure(doc, height + 10);
  const top = doc.y + 6;
  const labelWidth = 170;
  const plotLeft = MARGIN + labelWidth + 6;
  const plotWidth = CONTENT_WIDTH - labelWidth - 40;
  const max = countAxis(Math.max(...items.map((i) => i.value))).max;
  doc.fontSize(7.5);
  items.forEach((it, k) => {
    const y = top + k * rowH;
    doc.fillColor(COLORS.muted).text(it.label, MARGIN, y + 2, { width: labelWidth, align: 'right', lineBreak: false, ellipsis: true });
    const w = (plotWidth * it.value) / max;
    doc.rect(plotLeft, y + 1, Math.max(w, 1), rowH - 4).fill(COLORS.series[0]);
    doc.fillColor(COLORS.text).text(String(it.value), plotLeft + w + 4, y + 2, { lineBreak: false });
  });
  doc.moveTo(plotLeft, top).lineTo(plotLeft, top + items.length * rowH).lineWidth(0.8).strokeColor(COLORS.muted).stroke();
  doc.x = MARGIN;
  doc.y = top + height;
}

function definitions(doc: Doc, lang: Locale, approximate: boolean) {
  ensure(doc, 120);
  doc.x = MARGIN;
  doc.moveDown(1);
  doc.fontSize(13).fillColor(COLORS.accent).text(REPORT_LABELS.definitions[lang], MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
  doc.fontSize(8.5).fillColor(COLORS.text);
  // percentiles from the roll-ups: say so with the definitions
  for (const d of approximate ? [...REPORT_DEFINITIONS, REPORT_LABELS.approximate] : REPORT_DEFINITIONS) {
    ensure(doc, doc.heightOfString(d[lang], { width: CONTENT_WIDTH }) + 6);
    doc.text(`• ${d[lang]}`, MARGIN, doc.y, { width: CONTENT_WIDTH });
    doc.moveDown(0.3);
  }
}

/** Firm, period and page numbers at the foot of every page but the title page. */
function footers(doc: Doc, r: ServiceReport) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    if (i === range.start) continue;
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(7.5).fillColor(COLORS.muted);
    doc.text(`${r.firm.name} · ${REPORT_LABELS.title[r.lang]} · ${r.period.from} – ${r.period.to}`, MARGIN, A4.height - 32, { width: CONTENT_WIDTH * 0.75, lineBreak: false, ellipsis: true });
    doc.text(reportText(REPORT_LABELS.page, r.lang, { n: i + 1, total: range.count }), MARGIN, A4.height - 32, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
