import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import { GRADES, type ClientRecord } from '@incident-desk/shared';
import { enumLabel, useAppLocale } from '../common/enums';

/** The contract SLA as a small grade × (acknowledge, resolve) table. */
export const SlaField = (_props: FieldProps) => {
  const record = useRecordContext<ClientRecord>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const sla = record?.contractSla ?? {};
  const hasAny = GRADES.some(g => sla.acknowledgeHours?.[g] != null || sla.resolveHours?.[g] != null);
  if (!hasAny) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('app.sla.none')}
      </Typography>
    );
  }
  const cell = (v: number | undefined) => (v == null ? '—' : `${v} ${translate('app.sla.hours')}`);
  return (
    <Table size="small" sx={{ width: 'auto' }} className="sla-table">
      <TableHead>
        <TableRow>
          <TableCell>{translate('app.sla.grade')}</TableCell>
          <TableCell>{translate('resources.clients.fields.contractSla.acknowledgeHours')}</TableCell>
          <TableCell>{translate('resources.clients.fields.contractSla.resolveHours')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {GRADES.map(grade => (
          <TableRow key={grade}>
            <TableCell>{enumLabel('grade', grade, locale)}</TableCell>
            <TableCell>{cell(sla.acknowledgeHours?.[grade])}</TableCell>
            <TableCell>{cell(sla.resolveHours?.[grade])}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
