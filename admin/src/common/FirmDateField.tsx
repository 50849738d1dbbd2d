import { Typography, type SxProps, type Theme } from '@mui/material';
import { useLocaleState, useRecordContext } from 'react-admin';
import { dateFormat } from '@incident-desk/shared';
import { getFirmTimeZone } from '../session';

/** The firm's time zone (the signed-in user's firm): every date and time of the UI is shown in it. */
export const useFirmTimeZone = (): string => getFirmTimeZone();

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
const DATE_ONLY: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

/**
 * Dates and times in the firm's time zone and the UI locale, whatever the browser's own settings. The formatters are
 * made once per locale and options (shared `dateFormat`): making one costs far more than formatting with it, and a page
 * shows hundreds of dates.
 */
export const useFirmFormat = () => {
  const timeZone = useFirmTimeZone();
  const [locale] = useLocaleState();
  return {
    timeZone,
    /** an instant, with the time unless `showTime` is false; `options` add to (or replace) the default fields */
    dateTime: (iso: string | null | undefined, showTime = true, options?: Intl.DateTimeFormatOptions) =>
      iso ? dateFormat(locale, { ...(showTime ? DATE_TIME : DATE_ONLY), ...options, timeZone }).format(new Date(iso)) : '—',
    /** a calendar date `YYYY-MM-DD` (already the firm's date): no zone conversion */
    date: (ymd: string | null | undefined) => {
      const m = ymd ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd) : null;
      if (!m) return ymd || '—';
      return dateFormat(locale, { ...DATE_ONLY, timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    },
    /** a month `YYYY-MM` as "2026年11月" / "Nov 2026", or without the year ("11月" / "Nov") for chart axes */
    month: (ym: string, withYear = true) => {
      const m = /^(\d{4})-(\d{2})/.exec(ym);
      if (!m) return ym;
      return dateFormat(locale, { timeZone: 'UTC', ...(withYear ? { year: 'numeric' } : {}), month: 'short' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
    },
  };
};

export interface FirmDateFieldProps {
  source: string;
  /** with the time (default) or the date only */
  showTime?: boolean;
  options?: Intl.DateTimeFormatOptions;
  emptyText?: string;
  /** the column or field label (react-admin reads it) */
  label?: string | false;
  sortable?: boolean;
  className?: string;
  sx?: SxProps<Theme>;
}

/**
 * A record's date (and by default time) in the firm's time zone and the UI locale, as react-admin's DateField shows it.
 * Use it for every date of the app.
 */
export const FirmDateField = ({ source, showTime = true, options, emptyText = '', className, sx }: FirmDateFieldProps) => {
  const record = useRecordContext();
  const { dateTime } = useFirmFormat();
  const value = source.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), record);
  const text = typeof value === 'string' && value ? dateTime(value, showTime, options) : emptyText;
  return (
    <Typography component="span" variant="body2" className={className} sx={sx}>
      {text}
    </Typography>
  );
};
