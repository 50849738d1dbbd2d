import { BooleanField, CreateButton, DataTable, FunctionField, List, TopToolbar } from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { PlaybookNameField } from './fields';
import { defaultSort, type PlaybookRecord } from '@incident-desk/shared';
import { RecordRows } from '../common/RecordRows';

/** The firm's playbooks: the built-in one (read-only) and the firm's own copies. */
export const PlaybookList = () => (
  <List
    sort={defaultSort('playbooks')}
    actions={
      <TopToolbar>
        <CreateButton />
      </TopToolbar>
    }
  >
    <RecordRows bulkActionButtons={false}>
      <DataTable.Col source="name" disableSort>
        <PlaybookNameField />
      </DataTable.Col>
      <DataTable.Col source="builtIn">
        <BooleanField source="builtIn" />
      </DataTable.Col>
      <DataTable.Col source="tasks" disableSort>
        <FunctionField render={(p: PlaybookRecord) => `${p.tasks?.length ?? 0} / ${p.tasks?.filter((t) => t.required).length ?? 0}`} />
      </DataTable.Col>
      <DataTable.Col source="updatedAt">
        <FirmDateField source="updatedAt" />
      </DataTable.Col>
    </RecordRows>
  </List>
);
