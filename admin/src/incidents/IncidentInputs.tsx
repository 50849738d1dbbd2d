import { Box, Button } from '@mui/material';
import { useFormContext } from 'react-hook-form';
import {
  AutocompleteInput,
  BooleanInput,
  DateTimeInput,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { PlaybookRecord } from '@incident-desk/shared';
import { useFirmTimeZone } from '../common/FirmDateField';
import { getStoredUser } from '../session';
import { useAccess } from '../common/access';
import { Section } from '../common/Section';
import { localText, useAppLocale, useEnumChoices } from '../common/enums';
import { isoToZonedLocal, zonedToIso } from '../common/time';
import { pickDefined, linesFormat, linesList, linesParse } from '../common/api';
import type { IncidentRecord } from './types';

const WIDE = { maxWidth: 720 };
const ROW = { display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start', width: '100%', maxWidth: 980, '& > *': { flex: '1 1 240px' } } as const;

/**
 * The lead: managers pick any active manager or consultant; consultants (who cannot list users) pick themselves or
 * keep the current lead, shown by its team name when there is one.
 */
export const LeadInput = ({ source = 'leadId' }: { source?: string }) => {
  const canListUsers = useAccess('users', 'list');
  const identity = getStoredUser();
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  if (canListUsers) {
    return (
      <ReferenceInput source={source} reference="users" filter={{ role: ['manager', 'consultant'], active: true }} sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 300 }} />
      </ReferenceInput>
    );
  }
  const choices = identity ? [{ id: identity.id, name: identity.name }] : [];
  const current = record?.leadId;
  if (current && !choices.some((c) => c.id === current)) {
    const member = record?.team?.find((m) => m.userId === current);
    choices.push({ id: current, name: member?.name ?? translate('incidentDesk.incidents.lead_colleague') });
  }
  return <SelectInput source={source} choices={choices} translateChoice={false} sx={{ minWidth: 300 }} />;
};

/** The firm's playbooks by name in the UI language (the built-in one is used when none is chosen). */
const PlaybookInput = () => {
  const locale = useAppLocale();
  return (
    <ReferenceInput source="playbookId" reference="playbooks" sort={{ field: 'createdAt', order: 'ASC' }}>
      <AutocompleteInput
        optionText={(p: PlaybookRecord) => localText(p.name, locale) || p.key}
        helperText="incidentDesk.incidents.playbook_help"
        filterToQuery={() => ({})}
        sx={{ minWidth: 400 }}
      />
    </ReferenceInput>
  );
};

/**
 * The detection time, entered as wall-clock time of the firm's zone. Required, and empty until it is given: the
 * reporting clocks (1 h for a critical-infrastructure operator) count from it, and a time filled in for the user would
 * be wrong by however long ago the incident was noticed, unseen. "Just now" fills it in one tap when it is now.
 */
export const DetectedAtInput = () => {
  const timeZone = useFirmTimeZone();
  const translate = useTranslate();
  const { setValue } = useFormContext();
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <DateTimeInput
        source="detectedAt"
        validate={required()}
        format={(v) => isoToZonedLocal(v, timeZone)}
        helperText={translate('incidentDesk.incidents.detected_help', { timeZone })}
        sx={{ minWidth: 240 }}
      />
      <Button
        size="small"
        sx={{ mt: 2, textTransform: 'none' }}
        data-testid="detected-now"
        onClick={() => setValue('detectedAt', isoToZonedLocal(new Date().toISOString(), timeZone), { shouldDirty: true, shouldValidate: true })}
      >
        {translate('incidentDesk.incidents.just_now')}
      </Button>
    </Box>
  );
};

/** The inputs of firm staff, shared by create and edit. */
export const IncidentInputs = ({ mode }: { mode: 'create' | 'edit' }) => {
  const categories = useEnumChoices('incidentCategory');
  const natures = useEnumChoices('incidentNature');
  return (
    <>
      {mode === 'create' && (
        <ReferenceInput source="clientId" reference="clients" filter={{ status: 'active' }} sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput validate={required()} sx={WIDE} fullWidth />
        </ReferenceInput>
      )}
      <TextInput source="title" validate={required()} sx={WIDE} fullWidth />
      <TextInput source="description" multiline minRows={3} sx={WIDE} fullWidth />
      <Box sx={ROW}>
        <SelectInput source="category" choices={categories} translateChoice={false} />
        <SelectInput source="nature" choices={natures} translateChoice={false} />
        <DetectedAtInput />
      </Box>

      <Section title="incidentDesk.incidents.section_impact" />
      <Box sx={{ display: 'flex', flexDirection: 'column' }}>
        <BooleanInput source="personalInfoInvolved" />
        <BooleanInput source="sensitivePersonalInfoInvolved" />
        <BooleanInput source="euPersonalData" />
        <BooleanInput source="highRiskToIndividuals" helperText="incidentDesk.incidents.high_risk_help" />
      </Box>
      <Box sx={ROW}>
        <NumberInput source="peopleAffected" min={0} step={1} />
        <NumberInput source="recordsAffected" min={0} step={1} />
      </Box>
      <Box sx={ROW}>
        <TextInput source="affectedSystems" multiline minRows={2} format={linesFormat} parse={linesParse} helperText="incidentDesk.incidents.lines_help" />
        <TextInput source="dataCategories" multiline minRows={2} format={linesFormat} parse={linesParse} helperText="incidentDesk.incidents.lines_help" />
      </Box>
      <TextInput source="businessImpact" multiline minRows={2} sx={WIDE} fullWidth />

      <Section title="incidentDesk.incidents.section_work" />
      <Box sx={ROW}>
        <LeadInput />
        {mode === 'create' && <PlaybookInput />}
      </Box>
    </>
  );
};

const FIELDS = [
  'title', 'description', 'category', 'nature', 'detectedAt', 'personalInfoInvolved', 'sensitivePersonalInfoInvolved', 'euPersonalData',
  'highRiskToIndividuals', 'peopleAffected', 'recordsAffected', 'businessImpact', 'leadId',
];
const NULLABLE = ['category', 'nature', 'peopleAffected', 'recordsAffected', 'businessImpact', 'leadId'];

/** The body of a POST (create) or PUT (edit) from the form's values: only the fields the API takes. */
export const incidentBody = (values: Record<string, unknown>, timeZone: string, mode: 'create' | 'edit') => {
  const out = pickDefined(values, mode === 'create' ? [...FIELDS, 'clientId', 'playbookId'] : FIELDS, mode === 'edit' ? NULLABLE : []);
  if (mode === 'edit' && values.description === '') out.description = '';
  if (out.detectedAt) out.detectedAt = zonedToIso(out.detectedAt, timeZone);
  for (const k of ['peopleAffected', 'recordsAffected']) if (out[k] != null) out[k] = Number(out[k]);
  for (const k of ['affectedSystems', 'dataCategories']) if (values[k] !== undefined) out[k] = linesList(values[k]);
  return out;
};
