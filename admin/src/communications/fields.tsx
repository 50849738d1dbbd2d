import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';
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
