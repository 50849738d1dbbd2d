import { Alert } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  BooleanField, CreateButton, DeleteWithConfirmButton, EditButton, FunctionField, Labeled, Show, SimpleShowLayout, TopToolbar, useCanAccess,
  useRecordContext, useTranslate,
} from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { PlaybookNameField, PlaybookTasks } from './fields';
import type { PlaybookRecord } from '@incident-desk/shared';

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

export const PlaybookShow = () => (
  <Show actions={<ShowActions />}>
    <SimpleShowLayout>
      <BuiltInNote />
      <Labeled label="resources.playbooks.fields.name">
        <PlaybookNameField />
      </Labeled>
      <FunctionField label="incidentDesk.playbooks.name_zh" render={(p: PlaybookRecord) => p.name['zh-CN']} />
      <FunctionField label="incidentDesk.playbooks.name_en" render={(p: PlaybookRecord) => p.name.en} />
      <FunctionField label="incidentDesk.playbooks.description_zh" render={(p: PlaybookRecord) => p.description?.['zh-CN'] || '—'} sx={{ whiteSpace: 'pre-wrap' }} />
      <FunctionField label="incidentDesk.playbooks.description_en" render={(p: PlaybookRecord) => p.description?.en || '—'} sx={{ whiteSpace: 'pre-wrap' }} />
      <BooleanField source="builtIn" />
      <FirmDateField source="updatedAt" />
      <PlaybookTasks label="resources.playbooks.fields.tasks" />
    </SimpleShowLayout>
  </Show>
);
