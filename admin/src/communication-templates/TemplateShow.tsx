import { Alert } from '@mui/material';
import {
  BooleanField,
  DeleteButton,
  EditButton,
  FunctionField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { CommunicationTemplateRecord } from '@incident-desk/shared';
import { FirmDateField } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { useAppLocale, useEnumChoices } from '../common/enums';
import { PlaceholderHelp } from './TemplateInputs';

const Actions = () => {
  const record = useRecordContext<CommunicationTemplateRecord>();
  const { canAccess: canEdit } = useCanAccess({ resource: 'communication-templates', action: 'edit' });
  const { canAccess: canDelete } = useCanAccess({ resource: 'communication-templates', action: 'delete' });
  return (
    <TopToolbar>
      {canEdit && <EditButton />}
      {canDelete && record && !record.builtIn && <DeleteButton mutationMode="pessimistic" />}
    </TopToolbar>
  );
};

const BuiltInNote = () => {
  const record = useRecordContext<CommunicationTemplateRecord>();
  const translate = useTranslate();
  return record?.builtIn ? <Alert severity="info">{translate('incidentDesk.communicationTemplates.built_in_help')}</Alert> : null;
};

const pre = { whiteSpace: 'pre-wrap', display: 'block' } as const;

export const TemplateShow = () => {
  const audiences = useEnumChoices('communicationAudience');
  const channels = useEnumChoices('communicationChannel');
  const locale = useAppLocale();
  return (
    <Show actions={<Actions />}>
      <SimpleShowLayout>
        <BuiltInNote />
        <FunctionField source="name" render={(t: CommunicationTemplateRecord) => t.name?.[locale]} />
        <SelectField source="audience" choices={audiences} translateChoice={false} />
        <SelectField source="channel" choices={channels} translateChoice={false} />
        <BooleanField source="builtIn" />
        <Section title="incidentDesk.communicationTemplates.chinese" />
        <TextField source="subject.zh-CN" />
        <TextField source="body.zh-CN" sx={pre} />
        <Section title="incidentDesk.communicationTemplates.english" />
        <TextField source="subject.en" />
        <TextField source="body.en" sx={pre} />
        <FirmDateField source="updatedAt" />
        <PlaceholderHelp />
      </SimpleShowLayout>
    </Show>
  );
};
