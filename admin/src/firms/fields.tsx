import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { formatBytes, type FirmRecord } from '@incident-desk/shared';

export const StorageField = (_props: { label?: string }) => {
  const record = useRecordContext<FirmRecord>();
  return record ? <span className="firm-storage">{formatBytes(record.usage.storageBytes)}</span> : null;
};

export const FirmStatusField = (_props: { label?: string }) => {
  const record = useRecordContext<FirmRecord>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      className="firm-status"
      data-status={record.status}
      color={record.status === 'suspended' ? 'warning' : 'success'}
      label={translate(`app.firms.status_${record.status}`)}
    />
  );
};
