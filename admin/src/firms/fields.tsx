import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { FirmRecord } from '@incident-desk/shared';

/** Bytes as a person reads them (B, KB, MB, GB; 1024 each). */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

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
