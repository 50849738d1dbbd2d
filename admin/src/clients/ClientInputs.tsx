import { Box, Typography } from '@mui/material';
import {
  ArrayInput,
  BooleanInput,
  email,
  NumberInput,
  required,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  maxValue,
  minValue,
  useTranslate,
} from 'react-admin';
import { creditCodeProblem, GRADES } from '@incident-desk/shared';
import { enumLabel, useAppLocale, useEnumChoices } from '../common/enums';
import { Section } from '../common/Section';

/** Client-side check of the unified social credit code (the server checks it again). */
export const validateCreditCode = (value: unknown) => {
  if (value === null || value === undefined || value === '') return undefined;
  const problem = creditCodeProblem(String(value));
  return problem ? `app.validation.credit_code.${problem}` : undefined;
};

const wholeNumber = (value: unknown) =>
  value === null || value === undefined || value === '' || Number.isInteger(Number(value))
    ? undefined
    : 'app.validation.whole_number';
const validateHours = [wholeNumber, minValue(0), maxValue(8760)];

const normalizeCreditCode = (value: string) => (value ? value.toUpperCase().replace(/\s+/g, '') : null);

const SlaRow = ({ kind }: { kind: 'acknowledgeHours' | 'resolveHours' }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  return (
    <Box sx={{ mb: 1 }}>
      <Typography variant="body2" color="text.secondary">
        {translate(`resources.clients.fields.contractSla.${kind}`)}
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
        {GRADES.map(grade => (
          <NumberInput
            key={grade}
            source={`contractSla.${kind}.${grade}`}
            label={enumLabel('grade', grade, locale)}
            min={0}
            step={1}
            validate={validateHours}
            helperText={false}
            sx={{ width: 160 }}
          />
        ))}
      </Box>
    </Box>
  );
};

/** Inputs shared by ClientCreate and ClientEdit. */
export const ClientInputs = () => {
  const operatorTypes = useEnumChoices('operatorType');
  return (
    <>
      <Section title="app.clients.section_identity" />
      <TextInput source="name" validate={required()} sx={{ maxWidth: 600 }} fullWidth />
      <TextInput
        source="creditCode"
        validate={[required(), validateCreditCode]}
        parse={normalizeCreditCode}
        slotProps={{ htmlInput: { maxLength: 18, autoComplete: 'off', spellCheck: false } }}
        sx={{ maxWidth: 320 }}
        fullWidth
      />
      <TextInput source="industry" sx={{ maxWidth: 320 }} fullWidth />
      <SelectInput
        source="operatorType"
        choices={operatorTypes}
        translateChoice={false}
        validate={required()}
        sx={{ maxWidth: 480 }}
      />
      <BooleanInput source="processesEuPersonalData" />

      <ArrayInput source="contacts">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="name" label="resources.clients.fields.contacts.name" validate={required()} helperText={false} />
          <TextInput source="title" label="resources.clients.fields.contacts.title" helperText={false} />
          <TextInput source="email" label="resources.clients.fields.contacts.email" validate={email()} helperText={false} />
          <TextInput source="phone" label="resources.clients.fields.contacts.phone" helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>

      <Section title="app.clients.section_sla" />
      <SlaRow kind="acknowledgeHours" />
      <SlaRow kind="resolveHours" />
    </>
  );
};
