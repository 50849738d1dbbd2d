import { useEffect, useState } from 'react';
import { Typography } from '@mui/material';
import { formatCountdown, msUntil, type Locale } from '@incident-desk/shared';
import { useAppLocale } from './enums';

/** The current time, updated every `ms` milliseconds (live countdowns). */
export const useNow = (ms = 1000) => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(t);
  }, [ms]);
  return now;
};

/**
 * The shared formatCountdown; while time is left the seconds are added, so that the clock visibly runs ("21小时05分 33秒").
 * Overdue clocks say by how much, no more precisely than it matters ("overdue by 28 d 4 h").
 */
export const countdownText = (ms: number, locale: Locale) => {
  if (ms < 0) return formatCountdown(ms, locale);
  const seconds = String(Math.floor(ms / 1000) % 60).padStart(2, '0');
  return `${formatCountdown(ms, locale)} ${seconds}${locale === 'zh-CN' ? '秒' : 's'}`;
};

/**
 * A live countdown to `dueAt` (`data-testid="countdown"`, `data-overdue`), red once overdue. It ticks every second while
 * time is left, every 30 s once overdue (its text then changes by the minute at most).
 */
export const Countdown = ({ dueAt, sx }: { dueAt: string; sx?: object }) => {
  const locale = useAppLocale();
  const [overdue, setOverdue] = useState(() => msUntil(dueAt, new Date()) < 0);
  const now = useNow(overdue ? 30_000 : 1000);
  const ms = msUntil(dueAt, new Date(now));
  if (ms < 0 && !overdue) setOverdue(true);
  return (
    <Typography
      component="span"
      variant="body2"
      data-testid="countdown"
      data-overdue={String(ms < 0)}
      sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600, whiteSpace: 'nowrap', color: ms < 0 ? 'error.main' : 'text.primary', ...sx }}
    >
      {countdownText(ms, locale)}
    </Typography>
  );
};
