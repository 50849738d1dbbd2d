import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { AuditLogRecord } from '@incident-desk/shared';
import { AuditValue, useFieldName } from './values';

/**
 * `changes: {field: {before, after}}` as a before/after table: the fields by the labels of the entity's screens, the
 * values as the rest of the admin shows them (labels, times in the firm's zone, links to the records).
 */
export const ChangesField = (_props: FieldProps) => {
  const record = useRecordContext<AuditLogRecord>();
  const translate = useTranslate();
  const fieldName = useFieldName();
  const entries = Object.entries(record?.changes ?? {});
  if (!record || entries.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('app.audit.no_changes')}
      </Typography>
    );
  }
  const cellSx = { whiteSpace: 'pre-wrap', wordBreak: 'break-word', verticalAlign: 'top' };
  return (
    <Table size="small" className="audit-changes" data-testid="audit-changes">
      <TableHead>
        <TableRow>
          <TableCell>{translate('app.audit.field')}</TableCell>
          <TableCell>{translate('app.audit.before')}</TableCell>
          <TableCell>{translate('app.audit.after')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map(([field, change]) => (
          <TableRow key={field} data-testid="audit-change" data-field={field}>
            <TableCell sx={{ verticalAlign: 'top' }}>{fieldName(record.entity, field)}</TableCell>
            <TableCell sx={cellSx} data-testid="audit-before">
              <AuditValue entity={record.entity} field={field} value={change?.before} />
            </TableCell>
            <TableCell sx={cellSx} data-testid="audit-after">
              <AuditValue entity={record.entity} field={field} value={change?.after} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
