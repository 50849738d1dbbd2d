import { useState } from 'react';
import { Alert, Box, Button } from '@mui/material';
import {
  BooleanField,
  Confirm,
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
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { postAction } from '../common/api';
import { errorMessage } from '../attachments/api';
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
  const notify = useNotify();
  const refresh = useRefresh();
  const { canAccess: canEdit } = useCanAccess({ resource: 'communication-templates', action: 'edit' });
  const [confirming, setConfirming] = useState(false);
  if (!record?.builtIn) return null;
  const upgrade = async () => {
    setConfirming(false);
    try {
      await postAction('communication-templates', record.id, 'upgrade');
      notify('incidentDesk.communicationTemplates.upgraded', { type: 'info' });
      refresh();
    } catch (e) {
      notify(errorMessage(e, translate('ra.notification.http_error')), { type: 'error' });
    }
  };
  return (
    <>
      <Alert severity="info">{translate('incidentDesk.communicationTemplates.built_in_help')}</Alert>
      {record.newerVersion && (
        <Alert
          severity="warning"
          sx={{ mt: 1 }}
          data-testid="template-newer-version"
          action={canEdit ? (
            <Button color="inherit" size="small" onClick={() => setConfirming(true)} data-testid="template-upgrade">
              {translate('incidentDesk.communicationTemplates.upgrade')}
            </Button>
          ) : undefined}
        >
          {translate('incidentDesk.communicationTemplates.newer_version')}
        </Alert>
      )}
      <Confirm
        isOpen={confirming}
        title="incidentDesk.communicationTemplates.upgrade"
        content="incidentDesk.communicationTemplates.upgrade_confirm"
        onConfirm={upgrade}
        onClose={() => setConfirming(false)}
      />
    </>
  );
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
