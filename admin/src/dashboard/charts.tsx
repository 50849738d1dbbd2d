import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { USER_TEXT } from '../common/UserText';

/**
 * The dashboards' charts, drawn as plain SVG: bars (vertical or horizontal) and lines over a few categories (months,
 * phases, consultants), a legend, each value in the bar's or point's tooltip (`<title>`). A charting library was a third
 * of the first screen's script; the service report page, where the charts are the point, keeps @mui/x-charts.
 */
export interface Series {
  id: string;
  label: string;
  data: (number | null)[];
  format?: (v: number | null) => string;
}

const COLORS = ['#1976d2', '#9c27b0', '#2e7d32', '#ed6c02'];
const AXIS = '#757575';
const GRID = '#e0e0e0';

/** 0, a round step, … up to at least `max` (about four steps). */
export function niceTicks(max: number, integer = false): number[] {
  const top = max > 0 ? max : 1;
  const raw = top / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  if (integer) step = Math.max(1, Math.ceil(step));
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) {
    ticks.push(Number(v.toFixed(6)));
    if (v >= top) break;
  }
  return ticks;
}

/**
 * The width the chart has on screen (it follows resizes), from a ResizeObserver: its first report comes after the
 * browser's own layout of the page. Read in a layout effect instead, it forced that layout in the middle of React's
 * commit and re-rendered the charts in the same task: the dashboard's first screen was one task of 200–300 ms.
 */
const useWidth = () => {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
};

const Legend = ({ series }: { series: Series[] }) => (
  <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, justifyContent: 'center', mb: 0.5 }}>
    {series.map((s, n) => (
      <Box key={s.id} sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
        <Box component="span" sx={{ width: 12, height: 12, borderRadius: '2px', bgcolor: COLORS[n % COLORS.length] }} />
        <Typography variant="caption">{s.label}</Typography>
      </Box>
    ))}
  </Box>
);

const Frame = ({ series, height, children, hideLegend }: { series: Series[]; height: number; children: (width: number) => ReactNode; hideLegend?: boolean }) => {
  const translate = useTranslate();
  const { ref, width } = useWidth();
  const empty = series.every((s) => s.data.every((v) => v === null));
  return (
    <Box ref={ref} sx={{ width: '100%' }}>
      {!hideLegend && <Legend series={series} />}
      {empty ? (
        <Typography variant="body2" color="text.secondary" sx={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          {translate('incidentDesk.dashboard.chart_no_data')}
        </Typography>
      ) : (
        width > 0 && (
          <svg width={width} height={height} role="img" style={{ display: 'block', fontFamily: 'inherit', fontSize: 12 }}>
            {children(width)}
          </svg>
        )
      )}
    </Box>
  );
};

const show = (s: Series, v: number | null) => (s.format ? s.format(v) : v === null ? '—' : String(v));

/** Vertical bars per category, side by side per series; `horizontal` puts the categories on the left. */
export const Bars = ({ categories, series, height = 260, horizontal = false, integer = true, hideLegend, userCategories = false }: {
  categories: string[];
  series: Series[];
  height?: number;
  horizontal?: boolean;
  integer?: boolean;
  hideLegend?: boolean;
  /** the categories are what users wrote (consultants' names) */
  userCategories?: boolean;
}) => (
  <Frame series={series} height={height} hideLegend={hideLegend}>
    {(width) => {
      const max = Math.max(0, ...series.flatMap((s) => s.data.map((v) => v ?? 0)));
      const ticks = niceTicks(max, integer);
      const top = ticks[ticks.length - 1];
      const left = horizontal ? Math.min(140, Math.max(60, width * 0.25)) : 36;
      const pad = { left, right: 12, top: 8, bottom: horizontal ? 20 : 24 };
      const w = Math.max(10, width - pad.left - pad.right);
      const h = Math.max(10, height - pad.top - pad.bottom);
      const band = (horizontal ? h : w) / Math.max(1, categories.length);
      const bar = (band * 0.8) / Math.max(1, series.length);
      const scale = (v: number) => (v / top) * (horizontal ? w : h);
      return (
        <g transform={`translate(${pad.left},${pad.top})`}>
          {ticks.map((t) =>
            horizontal ? (
              <g key={t} transform={`translate(${scale(t)},0)`}>
                <line y1={0} y2={h} stroke={GRID} />
                <text y={h + 14} textAnchor="middle" fill={AXIS}>{t}</text>
              </g>
            ) : (
              <g key={t} transform={`translate(0,${h - scale(t)})`}>
                <line x1={0} x2={w} stroke={GRID} />
                <text x={-6} dy="0.32em" textAnchor="end" fill={AXIS}>{t}</text>
              </g>
            ),
          )}
          {categories.map((c, i) => (
            <g key={`${c}-${i}`} {...(userCategories ? USER_TEXT : {})}>
              {horizontal ? (
                <text x={-6} y={band * i + band / 2} dy="0.32em" textAnchor="end" fill={AXIS}>{c}</text>
              ) : (
                <text x={band * i + band / 2} y={h + 16} textAnchor="middle" fill={AXIS}>{c}</text>
              )}
              {series.map((s, n) => {
                const v = s.data[i] ?? 0;
                const size = scale(v);
                const offset = band * i + band * 0.1 + bar * n;
                return (
                  <rect
                    key={s.id}
                    fill={COLORS[n % COLORS.length]}
                    x={horizontal ? 0 : offset}
                    y={horizontal ? offset : h - size}
                    width={horizontal ? size : bar}
                    height={horizontal ? bar : size}
                  >
                    <title>{`${c} · ${s.label}: ${show(s, s.data[i] ?? null)}`}</title>
                  </rect>
                );
              })}
            </g>
          ))}
        </g>
      );
    }}
  </Frame>
);

/** One line per series over the categories (gaps joined), with a dot at each value; `max` fixes the top (100 for %). */
export const Lines = ({ categories, series, height = 260, max }: { categories: string[]; series: Series[]; height?: number; max?: number }) => (
  <Frame series={series} height={height}>
    {(width) => {
      const ticks = niceTicks(max ?? Math.max(0, ...series.flatMap((s) => s.data.map((v) => v ?? 0))));
      const top = ticks[ticks.length - 1];
      const pad = { left: 40, right: 16, top: 8, bottom: 24 };
      const w = Math.max(10, width - pad.left - pad.right);
      const h = Math.max(10, height - pad.top - pad.bottom);
      const x = (i: number) => (categories.length > 1 ? (w * i) / (categories.length - 1) : w / 2);
      const y = (v: number) => h - (v / top) * h;
      return (
        <g transform={`translate(${pad.left},${pad.top})`}>
          {ticks.map((t) => (
            <g key={t} transform={`translate(0,${y(t)})`}>
              <line x1={0} x2={w} stroke={GRID} />
              <text x={-6} dy="0.32em" textAnchor="end" fill={AXIS}>{t}</text>
            </g>
          ))}
          {categories.map((c, i) => (
            <text key={`${c}-${i}`} x={x(i)} y={h + 16} textAnchor="middle" fill={AXIS}>{c}</text>
          ))}
          {series.map((s, n) => {
            const points = s.data.map((v, i) => (v === null ? null : ([x(i), y(v), i] as const))).filter((p) => p !== null);
            const color = COLORS[n % COLORS.length];
            return (
              <g key={s.id}>
                <polyline fill="none" stroke={color} strokeWidth={2} points={points.map(([px, py]) => `${px},${py}`).join(' ')} />
                {points.map(([px, py, i]) => (
                  <circle key={i} cx={px} cy={py} r={3} fill={color}>
                    <title>{`${categories[i]} · ${s.label}: ${show(s, s.data[i])}`}</title>
                  </circle>
                ))}
              </g>
            );
          })}
        </g>
      );
    }}
  </Frame>
);
