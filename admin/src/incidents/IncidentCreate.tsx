import { Alert } from '@mui/material';
import { Create, required, SimpleForm, TextInput, useAuthenticated, useCanAccess, useGetIdentity, useTranslate } from 'react-admin';
import { useFirmTimeZone } from '../common/FirmDateField';
import { pickDefined } from '../common/api';
import { zonedToIso } from '../common/time';
import { DetectedAtInput, IncidentInputs, incidentBody } from './IncidentInputs';

const WIDE = { maxWidth: 720 };

/** A client admin reports an incident of their own company: title, description and detection time (status `reported`). */
const ReportForm = () => {
  const translate = useTranslate();
  return (
    <SimpleForm>
      <Alert severity="info" sx={{ ...WIDE, mb: 2 }}>
        {translate('incidentDesk.incidents.report_help')}
      </Alert>
      <TextInput source="title" validate={required()} sx={WIDE} fullWidth />
      <TextInput source="description" multiline minRows={4} sx={WIDE} fullWidth />
      <DetectedAtInput />
    </SimpleForm>
  );
};

/**
 * Firm staff open an incident with any of its facts (it starts in triage, with the playbook's tasks); a client admin
 * gets the report form. Both land on the incident's page.
 * (react-admin's Create requires the `create` right, which a client admin does not have: they have `report`, so
 * their form skips that check; authentication is still required here.)
 */
export const IncidentCreate = () => {
  useAuthenticated();
  const timeZone = useFirmTimeZone();
  const { identity, isPending } = useGetIdentity();
  const { canAccess: canReport, isPending: isPendingReport } = useCanAccess({ resource: 'incidents', action: 'report' });
  if (isPending || isPendingReport) return null;
  const reporting = identity?.role === 'client_admin' && canReport === true;
  const transform = (data: Record<string, unknown>) => {
    if (!reporting) return incidentBody(data, timeZone, 'create');
    const out = pickDefined(data, ['title', 'description', 'detectedAt']);
    if (out.detectedAt) out.detectedAt = zonedToIso(out.detectedAt, timeZone);
    return out;
  };
  return (
    <Create redirect="show" transform={transform} title={reporting ? 'incidentDesk.incidents.report' : undefined} disableAuthentication={reporting}>
      {reporting ? (
        <ReportForm />
      ) : (
        <SimpleForm defaultValues={{ personalInfoInvolved: false, sensitivePersonalInfoInvolved: false, euPersonalData: false, highRiskToIndividuals: false, leadId: identity?.id }}>
          <IncidentInputs mode="create" />
        </SimpleForm>
      )}
    </Create>
  );
};
