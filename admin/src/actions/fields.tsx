import { Box, Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { ENUM_LABELS, type ActionRecord } from '@incident-desk/shared';
import { useAppLocale } from '../common/enums';

const COLORS: Record<string, 'default' | 'info' | 'success'> = { open: 'default', in_progress: 'info', done: 'success', cancelled: 'default' };

/** Overdue rows stand out in every list of actions; `data-overdue` for browser tests is on the status chip. */
export const overdueRowSx = (record: ActionRecord) => (record.overdue ? { backgroundColor: 'rgba(211, 47, 47, 0.08)' } : {});

/** The status as a chip, with an "overdue" chip beside it; `data-testid="action-status"`, `data-status`, `data-overdue`. */
export const ActionStatusField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<ActionRecord>();
  const locale = useAppLocale();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box sx={{ display: 'flex', gap: 0.5, alignItems: 'center' }}>
      <Chip
        size="small"
        color={COLORS[record.status] ?? 'default'}
        variant={record.status === 'cancelled' ? 'outlined' : 'filled'}
        label={ENUM_LABELS.actionStatus[record.status]?.[locale] ?? record.status}
        data-testid="action-status"
        data-status={record.status}
        data-overdue={String(!!record.overdue)}
      />
      {record.overdue && <Chip size="small" color="error" label={translate('incidentDesk.actions.overdue')} data-testid="action-overdue" />}
    </Box>
  );
};
