import { Create, SimpleForm } from 'react-admin';
import { useFirmTimeZone } from '../common/FirmDateField';
import { pickDefined, linesList } from '../common/api';
import { zonedToIso } from '../common/time';
import { CommunicationInputs } from './CommunicationInputs';

const defaultValues = { direction: 'outbound', clientVisible: false, recipients: [], lang: 'zh-CN' };

/**
 * Sends only the fields the API takes. With an incident, the client is the incident's; with a template the form
 * has already been filled in through the render endpoint, and the template is kept as the record's origin.
 * An incident page can open it with `#/communications/create?source={"incidentId":"…"}`.
 */
export const CommunicationCreate = () => {
  const timeZone = useFirmTimeZone();
  const transform = (data: Record<string, unknown>) => {
    const out = pickDefined(data, ['direction', 'incidentId', 'clientId', 'templateId', 'lang', 'audience', 'channel', 'subject', 'body', 'clientVisible', 'obligationId', 'receivedAt']);
    out.recipients = linesList(data.recipients);
    if (out.incidentId) delete out.clientId;
    if (out.direction === 'inbound') {
      delete out.templateId;
      delete out.obligationId;
      delete out.lang;
      if (out.receivedAt) out.receivedAt = zonedToIso(out.receivedAt, timeZone);
    } else delete out.receivedAt;
    if (!out.templateId) delete out.lang;
    return out;
  };
  return (
    <Create redirect="show" transform={transform}>
      <SimpleForm defaultValues={defaultValues}>
        <CommunicationInputs mode="create" />
      </SimpleForm>
    </Create>
  );
};
