import { Alert, Box, Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { ENUM_LABELS, type CommunicationRecord } from '@incident-desk/shared';
import { useAppLocale } from '../common/enums';

const COLORS: Record<string, 'default' | 'info' | 'warning' | 'success' | 'primary'> = {
  draft: 'default',
  in_review: 'warning',
  approved: 'info',
  sent: 'success',
  received: 'primary',
};

/** The status as a chip; `data-testid="comm-status"` and `data-status` (the API value) for browser tests. */
export const CommunicationStatusField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<CommunicationRecord>();
  const locale = useAppLocale();
  if (!record) return null;
  return (
    <Chip
      size="small"
      color={COLORS[record.status] ?? 'default'}
      label={ENUM_LABELS.communicationStatus[record.status]?.[locale] ?? record.status}
      data-testid="comm-status"
      data-status={record.status}
    />
  );
};

/** An incident as "INC-2026-0042 title" (used inside a ReferenceField or as an option). */
export const incidentText = (r?: { reference?: string; title?: string } | null) => (r ? `${r.reference ?? ''} ${r.title ?? ''}`.trim() : '');

/** The placeholders still in a notice, highlighted: `comm-unfilled` with one `comm-unfilled-item` each. */
export const UnfilledList = ({ items }: { items: string[] }) => {
  const translate = useTranslate();
  return (
    <Alert severity="warning" sx={{ mt: 2 }} data-testid="comm-unfilled">
      {translate('incidentDesk.communications.unfilled', { count: items.length })}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 1 }}>
        {items.map((p) => (
          <Chip key={p} label={p} size="small" color="warning" data-testid="comm-unfilled-item" sx={{ fontWeight: 600 }} />
        ))}
      </Box>
    </Alert>
  );
};
