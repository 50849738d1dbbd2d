import { useWatch } from 'react-hook-form';
import { Box } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  DateTimeInput,
  RadioButtonGroupInput,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
  useTranslate,
} from 'react-admin';
import type { ActionRecord } from '@incident-desk/shared';
import { useFirmTimeZone } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { useEnumChoices } from '../common/enums';
import { isoToZonedLocal } from '../common/time';
import { incidentText, StaffInput, useEvaluationText } from '../evaluations/fields';

const WIDE = { maxWidth: 720 };

/** Inputs shared by ActionCreate and ActionEdit. The owner is firm staff (`ownerId`) or someone else (`ownerName`). */
export const ActionInputs = ({ mode, record }: { mode: 'create' | 'edit'; record?: ActionRecord }) => {
  const translate = useTranslate();
  const timeZone = useFirmTimeZone();
  const statuses = useEnumChoices('actionStatus');
  const evaluationText = useEvaluationText();
  const [formClient, ownerKind] = useWatch({ name: ['clientId', 'ownerKind'] });
  const clientId = record?.clientId ?? formClient;
  const filter = clientId ? { clientId } : {};
  return (
    <>
      <TextInput source="title" validate={required()} sx={WIDE} fullWidth />
      <TextInput source="description" multiline minRows={3} sx={WIDE} fullWidth />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <DateTimeInput
          source="dueAt"
          validate={required()}
          format={(v) => isoToZonedLocal(v, timeZone)}
          helperText={translate('incidentDesk.actions.due_help', { timeZone })}
        />
        <SelectInput source="status" choices={statuses} translateChoice={false} validate={required()} helperText="incidentDesk.actions.done_help" sx={{ minWidth: 200 }} />
      </Box>

      <Section title="incidentDesk.actions.owner" />
      <RadioButtonGroupInput
        source="ownerKind"
        label="incidentDesk.actions.owner_kind"
        choices={[
          { id: 'staff', name: 'incidentDesk.actions.owner_staff' },
          { id: 'other', name: 'incidentDesk.actions.owner_other' },
        ]}
        helperText="incidentDesk.actions.owner_help"
      />
      {ownerKind === 'other' ? (
        <TextInput source="ownerName" validate={required()} sx={{ maxWidth: 400 }} fullWidth />
      ) : (
        <StaffInput source="ownerId" currentName={record?.ownerLabel} />
      )}

      <Section title="incidentDesk.actions.links" />
      {mode === 'create' && (
        <ReferenceInput source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput validate={required()} sx={WIDE} fullWidth />
        </ReferenceInput>
      )}
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <ReferenceInput source="incidentId" reference="incidents" sort={{ field: 'createdAt', order: 'DESC' }} filter={filter}>
          <AutocompleteInput optionText={incidentText} filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 340 }} />
        </ReferenceInput>
        <ReferenceInput source="evaluationId" reference="evaluations" sort={{ field: 'date', order: 'DESC' }} filter={filter}>
          <AutocompleteInput optionText={evaluationText} sx={{ minWidth: 340 }} />
        </ReferenceInput>
      </Box>
      <BooleanInput source="clientVisible" helperText="incidentDesk.actions.visible_help" />
    </>
  );
};

/** The owner fields the API takes, from the form's owner kind. */
export const ownerFields = (values: Record<string, unknown>) =>
  values.ownerKind === 'other'
    ? { ownerId: null, ownerName: typeof values.ownerName === 'string' ? values.ownerName.trim() : null }
    : { ownerId: (values.ownerId as string) || null, ownerName: null };
