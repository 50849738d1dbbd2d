import { Alert, Box } from '@mui/material';
import {
  BooleanField,
  DeleteButton,
  EditButton,
  FunctionField,
  Labeled,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { CommunicationTemplateRecord, Locale } from '@incident-desk/shared';
import { useOtherLanguage } from '../common/OtherLanguage';
import { USER_TEXT } from '../common/UserText';
import { FirmDateField } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { localText, useAppLocale, useEnumChoices } from '../common/enums';
import { PlaceholderHelp } from './TemplateInputs';
import { RecordTitle } from '../common/RecordTitle';

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

const SECTION: Record<Locale, string> = { 'zh-CN': 'incidentDesk.communicationTemplates.chinese', en: 'incidentDesk.communicationTemplates.english' };

/** The subject and body in the UI language; the other language's on demand. */
const Texts = (_props: { label?: false }) => {
  const locale = useAppLocale();
  const { other, shown, toggle } = useOtherLanguage();
  const version = (l: Locale) => (
    <Box lang={l} data-testid={`template-${l}`}>
      <Section title={SECTION[l]} />
      <Labeled label="resources.communication-templates.fields.subject">
        <TextField source={`subject.${l}`} {...USER_TEXT} />
      </Labeled>
      <Labeled label="resources.communication-templates.fields.body">
        <TextField source={`body.${l}`} sx={pre} {...USER_TEXT} />
      </Labeled>
    </Box>
  );
  return (
    <Box>
      {version(locale)}
      {toggle}
      {shown && version(other)}
    </Box>
  );
};

export const TemplateShow = () => {
  const audiences = useEnumChoices('communicationAudience');
  const channels = useEnumChoices('communicationChannel');
  const locale = useAppLocale();
  return (
    <Show title={<RecordTitle />} actions={<Actions />}>
      <SimpleShowLayout>
        <BuiltInNote />
        <FunctionField source="name" render={(t: CommunicationTemplateRecord) => localText(t.name, locale)} {...USER_TEXT} />
        <SelectField source="audience" choices={audiences} translateChoice={false} />
        <SelectField source="channel" choices={channels} translateChoice={false} />
        <BooleanField source="builtIn" />
        <Texts label={false} />
        <FirmDateField source="updatedAt" />
        <PlaceholderHelp />
      </SimpleShowLayout>
    </Show>
  );
};
