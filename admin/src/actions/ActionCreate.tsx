import { Create, SimpleForm, useGetIdentity } from 'react-admin';
import { useFirmTimeZone } from '../common/FirmDateField';
import { pickDefined } from '../common/api';
import { zonedToIso } from '../common/time';
import { ActionInputs, ownerFields } from './ActionInputs';

/**
 * A new improvement action. An evaluation page opens it with the evaluation, its client and incident filled in
 * (router state), as can `#/actions/create?source={"incidentId":"…","clientId":"…"}`.
 */
export const ActionCreate = () => {
  const timeZone = useFirmTimeZone();
  const { identity } = useGetIdentity();
  const transform = (data: Record<string, unknown>) => {
    const out = pickDefined(data, ['title', 'description', 'clientId', 'incidentId', 'evaluationId', 'dueAt', 'status', 'clientVisible']);
    if (out.dueAt) out.dueAt = zonedToIso(out.dueAt, timeZone);
    const owner = ownerFields(data);
    if (owner.ownerId) out.ownerId = owner.ownerId;
    if (owner.ownerName) out.ownerName = owner.ownerName;
    return out;
  };
  return (
    <Create redirect="show" transform={transform}>
      <SimpleForm defaultValues={{ status: 'open', clientVisible: false, ownerKind: 'staff', ownerId: identity?.id }}>
        <ActionInputs mode="create" />
      </SimpleForm>
    </Create>
  );
};
