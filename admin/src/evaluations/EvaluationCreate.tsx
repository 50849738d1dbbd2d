import { Create, SimpleForm, useGetIdentity } from 'react-admin';
import { DEFAULT_SCALE_MAX } from '@incident-desk/shared';
import { useFirmTimeZone } from '../common/FirmDateField';
import { pickDefined } from '../common/api';
import { cleanCriteria, EvaluationInputs } from './EvaluationInputs';

const today = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/**
 * A new draft. Choosing the type fills the criteria from the firm's template; the form sends them as edited.
 * An incident or evaluation page can open it with `#/evaluations/create?source={"incidentId":"…","clientId":"…"}`.
 */
export const EvaluationCreate = () => {
  const timeZone = useFirmTimeZone();
  const { identity } = useGetIdentity();
  const transform = (data: Record<string, unknown>) => {
    const out = pickDefined(data, ['type', 'clientId', 'incidentId', 'trainingId', 'evaluatorId', 'date', 'scaleMax', 'riskLevel', 'findings', 'recommendations', 'sharedWithClient']);
    if (Array.isArray(data.criteria) && data.criteria.length) out.criteria = cleanCriteria(data.criteria);
    if (out.scaleMax !== undefined) out.scaleMax = Number(out.scaleMax);
    return out;
  };
  return (
    <Create redirect="show" transform={transform}>
      <SimpleForm defaultValues={{ date: today(timeZone), scaleMax: DEFAULT_SCALE_MAX, sharedWithClient: false, criteria: [], evaluatorId: identity?.id }}>
        <EvaluationInputs mode="create" />
      </SimpleForm>
    </Create>
  );
};
