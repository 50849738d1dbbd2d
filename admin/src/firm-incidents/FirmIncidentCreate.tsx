import { Alert } from '@mui/material';
import { AutocompleteArrayInput, BooleanInput, Create, ReferenceArrayInput, required, SelectInput, SimpleForm, TextInput, useTranslate } from 'react-admin';
import { useFirmTimeZone } from '../common/FirmDateField';
import { useEnumChoices } from '../common/enums';
import { zonedToIso } from '../common/time';
import { DetectedAtInput } from '../incidents/IncidentInputs';

const WIDE = { maxWidth: 720 };

/** A manager opens a breach at the firm itself for the clients it affects (`POST /api/incidents {scope: 'firm'}`). */
export const FirmIncidentCreate = () => {
  const translate = useTranslate();
  const timeZone = useFirmTimeZone();
  const categories = useEnumChoices('incidentCategory');
  const transform = (data: Record<string, unknown>) => {
    const out: Record<string, unknown> = { scope: 'firm', title: data.title, detectedAt: zonedToIso(data.detectedAt, timeZone), affectedClientIds: data.affectedClientIds ?? [] };
    if (data.description) out.description = data.description;
    if (data.category) out.category = data.category;
    out.personalInfoInvolved = !!data.personalInfoInvolved;
    return out;
  };
  return (
    <Create redirect="show" transform={transform}>
      <SimpleForm defaultValues={{ personalInfoInvolved: true }}>
        <Alert severity="info" sx={{ ...WIDE, mb: 2 }}>{translate('incidentDesk.firmIncidents.help')}</Alert>
        <TextInput source="title" validate={required()} sx={WIDE} fullWidth />
        <TextInput source="description" multiline minRows={3} sx={WIDE} fullWidth />
        <DetectedAtInput />
        <SelectInput source="category" choices={categories} translateChoice={false} />
        <BooleanInput source="personalInfoInvolved" />
        <ReferenceArrayInput source="affectedClientIds" reference="clients" sort={{ field: 'name', order: 'ASC' }} perPage={500} filter={{ status: 'active' }}>
          <AutocompleteArrayInput validate={required()} sx={WIDE} fullWidth data-testid="firm-incident-clients" />
        </ReferenceArrayInput>
      </SimpleForm>
    </Create>
  );
};
