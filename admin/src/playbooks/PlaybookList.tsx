import { BooleanField, CreateButton, DataTable, FunctionField, List, TopToolbar } from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { PlaybookNameField } from './fields';
import type { PlaybookRecord } from './types';

/** The firm's playbooks: the built-in one (read-only) and the firm's own copies. */
export const PlaybookList = () => (
  <List
    sort={{ field: 'createdAt', order: 'ASC' }}
    actions={
      <TopToolbar>
        <CreateButton />
      </TopToolbar>
    }
  >
    <DataTable bulkActionButtons={false} rowClick="show">
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
    </DataTable>
  </List>
);
