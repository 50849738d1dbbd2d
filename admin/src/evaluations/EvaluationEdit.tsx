import { Alert } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { EditPage, SaveOnlyForm } from '../common/EditPage';
import { isEvaluationEditable, type EvaluationRecord } from '@incident-desk/shared';
import { pickDefined, usePutSave } from '../common/api';
import { cleanCriteria, EvaluationInputs } from './EvaluationInputs';

const EditForm = () => {
  const record = useRecordContext<EvaluationRecord>();
  const translate = useTranslate();
  const save = usePutSave<EvaluationRecord>('evaluations', (values) => {
    const out = pickDefined(
      values,
      ['type', 'incidentId', 'trainingId', 'evaluatorId', 'date', 'scaleMax', 'riskLevel', 'findings', 'recommendations', 'sharedWithClient'],
      ['incidentId', 'trainingId', 'riskLevel'],
    );
    out.criteria = cleanCriteria(values.criteria);
    if (out.scaleMax !== undefined) out.scaleMax = Number(out.scaleMax);
    if (values.findings === '' || values.findings === null) out.findings = '';
    if (values.recommendations === '' || values.recommendations === null) out.recommendations = '';
    return out;
  });
  if (!record) return null;
  if (!isEvaluationEditable(record.status)) return <Alert severity="info">{translate('incidentDesk.evaluations.not_editable')}</Alert>;
  return (
    <SaveOnlyForm onSubmit={save}>
      <EvaluationInputs mode="edit" record={record} />
    </SaveOnlyForm>
  );
};

/** Drafts only; the PUT carries the editable fields alone (a final one answers 409: make a new version). */
export const EvaluationEdit = () => (
  <EditPage>
    <EditForm />
  </EditPage>
);
