import { Box, Chip, Typography } from '@mui/material';
import { ReferenceField, TextField, useRecordContext, useTranslate } from 'react-admin';
import { getStoredUser } from '../session';
import { useAccess } from '../common/access';
import { USER_TEXT } from '../common/UserText';
import { formatCountdown, msUntil } from '@incident-desk/shared';
import { useFirmFormat } from '../common/FirmDateField';
import { useNow } from '../common/clock';
import { enumLabel, useAppLocale } from '../common/enums';
import type { IncidentRecord } from './types';

/** An incident as "INC-2026-0042 title". */
export const incidentText = (r?: { reference?: string; title?: string } | null) => (r ? `${r.reference ?? ''} ${r.title ?? ''}`.trim() : '');

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

/** The nearest pending (or overdue) obligation's due time; red when overdue. */
export const NearestDeadlineField = (_props: FieldProps) => {
  const record = useRecordContext<IncidentRecord>();
  const { dateTime: format } = useFirmFormat();
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
  const identity = getStoredUser();
  const translate = useTranslate();
  const canReadUsers = useAccess('users', 'show');
  if (!record) return null;
  if (!record.leadId) return <span>—</span>;
  const member = record.team?.find((m) => m.userId === record.leadId);
  if (member) return <span {...USER_TEXT}>{member.name}</span>;
  if (identity && identity.id === record.leadId) return <span {...USER_TEXT}>{identity.name}</span>;
  if (canReadUsers) {
    return (
      <ReferenceField source="leadId" reference="users" link={false} {...USER_TEXT}>
        <TextField source="name" {...USER_TEXT} />
      </ReferenceField>
    );
  }
  return <span>{translate('incidentDesk.incidents.lead_colleague')}</span>;
};
