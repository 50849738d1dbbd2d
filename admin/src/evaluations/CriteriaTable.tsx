import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { USER_TEXT } from '../common/UserText';
import { useRecordContext, useTranslate } from 'react-admin';
import type { EvaluationRecord } from '@incident-desk/shared';

/** The scored criteria of an evaluation: name, weight, score out of the scale, comment. `data-testid="evaluation-criteria-table"`. */
export const CriteriaTable = (_props: { label?: string }) => {
  const record = useRecordContext<EvaluationRecord>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Table size="small" sx={{ maxWidth: 1000 }} data-testid="evaluation-criteria-table">
      <TableHead>
        <TableRow>
          <TableCell>{translate('incidentDesk.evaluations.criterion.name')}</TableCell>
          <TableCell align="right">{translate('incidentDesk.evaluations.criterion.weight')}</TableCell>
          <TableCell align="right">{translate('incidentDesk.evaluations.criterion.score')}</TableCell>
          <TableCell>{translate('incidentDesk.evaluations.criterion.comment')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {record.criteria.map((c, n) => (
          <TableRow key={n} data-testid="evaluation-criterion">
            <TableCell {...USER_TEXT}>{c.name}</TableCell>
            <TableCell align="right">{c.weight}</TableCell>
            <TableCell align="right" data-value={c.score ?? ''}>
              {c.score === null || c.score === undefined
                ? translate('incidentDesk.evaluations.not_scored')
                : translate('incidentDesk.evaluations.score_of', { score: c.score, max: record.scaleMax })}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'pre-wrap' }} {...USER_TEXT}>{c.comment ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
