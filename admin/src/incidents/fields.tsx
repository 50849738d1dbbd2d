import { useEffect, useState } from 'react';
import { Box, Chip, Typography } from '@mui/material';
import { ReferenceField, TextField, useCanAccess, useGetIdentity, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { ENUM_LABELS, formatCountdown, msUntil, type Locale } from '@incident-desk/shared';
import { useFirmTimeZone } from '../common/FirmDateField';
import { useAppLocale } from '../common/enums';
import type { IncidentRecord } from './types';

/** An incident as "INC-2026-0042 title". */
export const incidentText = (r?: { reference?: string; title?: string } | null) => (r ? `${r.reference ?? ''} ${r.title ?? ''}`.trim() : '');

/** A label for an enum value from the shared labels, the raw value when unknown. */
export const enumLabel = (kind: string, value: string | null | undefined, locale: Locale) =>
  value ? (ENUM_LABELS[kind]?.[value]?.[locale] ?? value) : '—';

const STATUS_COLORS: Record<string, 'default' | 'info' | 'warning' | 'error' | 'success' | 'primary' | 'secondary'> = {
  reported: 'warning',
  triage: 'info',
  responding: 'error',
  recovering: 'warning',
  investigating: 'primary',
  follow_up: 'secondary',
  closed: 'success',
  dismissed: 'default',
};

const GRADE_COLORS: Record<string, 'default' | 'info' | 'warning' | 'error'> = {
  especially_major: 'error',
  major: 'error',
  relatively_major: 'warning',
  general: 'info',
};

type FieldProps = { label?: string; source?: string; sortable?: boolean };

/** The status as a chip: `data-testid="incident-status"` (the page header passes its own test id) and `data-status`. */
export const IncidentStatusField = ({ testId = 'incident-status-chip' }: FieldProps & { testId?: string }) => {
  const record = useRecordContext<IncidentRecord>();
  const locale = useAppLocale();
  if (!record) return null;
  return (
    <Chip
      size="small"
      color={STATUS_COLORS[record.status] ?? 'default'}
      label={enumLabel('incidentStatus', record.status, locale)}
      data-testid={testId}
      data-status={record.status}
    />
  );
};

export const GradeField = (_props: FieldProps) => {
  const record = useRecordContext<IncidentRecord>();
  const locale = useAppLocale();
  const translate = useTranslate();
  if (!record) return null;
  if (!record.grade) return <Typography variant="body2" color="text.secondary" component="span">{translate('incidentDesk.incidents.ungraded')}</Typography>;
  return <Chip size="small" variant="outlined" color={GRADE_COLORS[record.grade] ?? 'default'} label={enumLabel('grade', record.grade, locale)} data-testid="incident-grade" data-grade={record.grade} />;
};

/** The current time, updated every `ms` milliseconds (for live countdowns). */
export const useNow = (ms = 1000) => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(t);
  }, [ms]);
  return now;
};

/** A date and time in the firm's zone and the UI locale. */
export const useFirmDateTime = () => {
  const timeZone = useFirmTimeZone();
  const [locale] = useLocaleState();
  return (iso: string | null | undefined) =>
    iso
      ? new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))
      : '—';
};

/**
 * The shared formatCountdown (hours and minutes, "已超时" / "-" when overdue) with the seconds added, so that the
 * clock visibly runs.
 */
export const countdownText = (ms: number, locale: Locale) => {
  const seconds = String(Math.floor(Math.abs(ms) / 1000) % 60).padStart(2, '0');
  return `${formatCountdown(ms, locale)} ${seconds}${locale === 'zh-CN' ? '秒' : 's'}`;
};

/** A live countdown to `dueAt` (`data-testid="countdown"`), red once overdue. */
export const Countdown = ({ dueAt }: { dueAt: string }) => {
  const now = useNow(1000);
  const locale = useAppLocale();
  const ms = msUntil(dueAt, new Date(now));
  return (
    <Typography
      component="span"
      variant="body2"
      data-testid="countdown"
      data-overdue={String(ms < 0)}
      sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600, color: ms < 0 ? 'error.main' : 'text.primary' }}
    >
      {countdownText(ms, locale)}
    </Typography>
  );
};

/** The nearest pending (or overdue) obligation's due time; red when overdue. */
export const NearestDeadlineField = (_props: FieldProps) => {
  const record = useRecordContext<IncidentRecord>();
  const format = useFirmDateTime();
  const locale = useAppLocale();
  const now = useNow(30_000);
  if (!record) return null;
  if (!record.nearestDueAt) return <span data-testid="nearest-deadline" data-overdue="false">—</span>;
  const ms = msUntil(record.nearestDueAt, new Date(now));
  return (
    <Box
      component="span"
      data-testid="nearest-deadline"
      data-overdue={String(ms < 0)}
      sx={{ color: ms < 0 ? 'error.main' : 'inherit', fontWeight: ms < 0 ? 600 : 400, whiteSpace: 'nowrap' }}
    >
      {format(record.nearestDueAt)}
      <Typography component="span" variant="caption" sx={{ ml: 1, color: 'inherit' }}>
        ({formatCountdown(ms, locale)})
      </Typography>
    </Box>
  );
};

/**
 * The lead consultant's name: from the team list, from the users list (managers may read it), or "you". Consultants
 * cannot list users, so another colleague without a team entry shows as such.
 */
export const LeadField = (_props: FieldProps) => {
  const record = useRecordContext<IncidentRecord>();
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const { canAccess: canReadUsers } = useCanAccess({ resource: 'users', action: 'show' });
  if (!record) return null;
  if (!record.leadId) return <span>—</span>;
  const member = record.team?.find((m) => m.userId === record.leadId);
  if (member) return <span>{member.name}</span>;
  if (identity && String(identity.id) === record.leadId) return <span>{String(identity.fullName ?? '')}</span>;
  if (canReadUsers) {
    return (
      <ReferenceField source="leadId" reference="users" link={false}>
        <TextField source="name" />
      </ReferenceField>
    );
  }
  return <span>{translate('incidentDesk.incidents.lead_colleague')}</span>;
};
