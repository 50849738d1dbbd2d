import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { AuditLogRecord } from '@incident-desk/shared';

const show = (value: unknown) => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 1);
};

/** `changes: {field: {before, after}}` as a before/after table. */
export const ChangesField = (_props: FieldProps) => {
  const record = useRecordContext<AuditLogRecord>();
  const translate = useTranslate();
  const entries = Object.entries(record?.changes ?? {});
  if (entries.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('app.audit.no_changes')}
      </Typography>
    );
  }
  const cellSx = { fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-word', verticalAlign: 'top' };
  return (
    <Table size="small" className="audit-changes">
      <TableHead>
        <TableRow>
          <TableCell>{translate('app.audit.field')}</TableCell>
          <TableCell>{translate('app.audit.before')}</TableCell>
          <TableCell>{translate('app.audit.after')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map(([field, change]) => (
          <TableRow key={field}>
            <TableCell sx={{ verticalAlign: 'top' }}>{field}</TableCell>
            <TableCell sx={cellSx}>{show(change?.before)}</TableCell>
            <TableCell sx={cellSx}>{show(change?.after)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
