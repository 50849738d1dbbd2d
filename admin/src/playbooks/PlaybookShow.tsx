import { Alert } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  BooleanField, CreateButton, DeleteWithConfirmButton, EditButton, FunctionField, Labeled, Show, SimpleShowLayout, TopToolbar, useCanAccess,
  useRecordContext, useTranslate,
} from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { localText, useAppLocale } from '../common/enums';
import { useOtherLanguage } from '../common/OtherLanguage';
import { PlaybookNameField, PlaybookTasks } from './fields';
import type { PlaybookRecord } from '@incident-desk/shared';
import { RecordTitle } from '../common/RecordTitle';

/** Copy (managers), and for the firm's own playbooks edit and delete (refused by the server while incidents use it). */
const ShowActions = () => {
  const record = useRecordContext<PlaybookRecord>();
  const { canAccess: canEdit } = useCanAccess({ resource: 'playbooks', action: 'edit' });
  const { canAccess: canDelete } = useCanAccess({ resource: 'playbooks', action: 'delete' });
  if (!record) return <TopToolbar />;
  const copy = {
    copyFromId: record.id,
    name: { 'zh-CN': `${record.name['zh-CN']}（副本）`, en: `${record.name.en} (copy)` },
    description: record.description,
  };
  return (
    <TopToolbar>
      <CreateButton state={{ record: copy }} label="incidentDesk.playbooks.copy" icon={<ContentCopyIcon />} data-testid="playbook-copy" />
      {!record.builtIn && canEdit && <EditButton />}
      {!record.builtIn && canDelete && <DeleteWithConfirmButton mutationMode="pessimistic" />}
    </TopToolbar>
  );
};

const BuiltInNote = () => {
  const record = useRecordContext<PlaybookRecord>();
  const translate = useTranslate();
  if (!record?.builtIn) return null;
  return <Alert severity="info">{translate('incidentDesk.playbooks.built_in_help')}</Alert>;
};

/** The name, description and tasks in the UI language; the other language's on demand. */
const PlaybookPage = () => {
  const locale = useAppLocale();
  const { other, shown, toggle } = useOtherLanguage();
  const both = shown ? (['zh-CN', 'en'] as const) : [locale];
  return (
    <SimpleShowLayout>
      <BuiltInNote />
      <Labeled label="resources.playbooks.fields.name">
        <PlaybookNameField />
      </Labeled>
      <FunctionField
        label="resources.playbooks.fields.description"
        render={(p: PlaybookRecord) => localText(p.description, locale) || '—'}
        sx={{ whiteSpace: 'pre-wrap' }}
      />
      <BooleanField source="builtIn" />
      <FirmDateField source="updatedAt" />
      {toggle}
      {shown &&
        both.map((l) => (
          <FunctionField
            key={l}
            label={l === 'zh-CN' ? 'incidentDesk.playbooks.name_zh' : 'incidentDesk.playbooks.name_en'}
            render={(p: PlaybookRecord) => p.name[l]}
            lang={l}
          />
        ))}
      <PlaybookTasks label="resources.playbooks.fields.tasks" other={shown ? other : null} />
    </SimpleShowLayout>
  );
};

export const PlaybookShow = () => (
  <Show title={<RecordTitle />} actions={<ShowActions />}>
    <PlaybookPage />
  </Show>
);
