import { Button, Chip } from '@mui/material';
import StarIcon from '@mui/icons-material/Star';
import {
  AutocompleteInput, BooleanInput, DataTable, DeleteButton, List, ReferenceField, ReferenceInput, useNotify, useRecordContext, useRefresh, useTranslate, useUpdate,
} from 'react-admin';
import type { AssignmentRecord } from '@incident-desk/shared';
import { useAccess } from '../common/access';
import { FirmDateField } from '../common/FirmDateField';
import { ListActions } from '../common/ListActions';
import { defaultSort } from '@incident-desk/shared';
import { USER_TEXT } from '../common/UserText';

const CONSULTANTS = { role: 'consultant' };

/**
 * The client's primary consultant (who owns its reports): a chip on that row; on the others, for a manager, a button
 * that makes it the primary one (PUT {primary: true}; the one before stops being it, so the list is read again).
 */
const PrimaryField = () => {
  const record = useRecordContext<AssignmentRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const canEdit = useAccess('assignments', 'edit');
  const [update, { isPending }] = useUpdate<AssignmentRecord>();
  if (!record) return null;
  if (record.primary) return <Chip size="small" color="primary" icon={<StarIcon />} label={translate('resources.assignments.primary_yes')} data-testid="assignment-primary" />;
  if (!canEdit) return null;
  return (
    <Button
      size="small"
      disabled={isPending}
      data-testid="make-primary"
      onClick={(e) => {
        e.stopPropagation();
        update(
          'assignments',
          { id: record.id, data: { primary: true }, previousData: record },
          { mutationMode: 'pessimistic', onSuccess: () => {
            notify('resources.assignments.primary_set', { type: 'success' });
            refresh();
          }, onError: (err) => notify((err as Error).message, { type: 'error' }) },
        );
      }}
    >
      {translate('resources.assignments.make_primary')}
    </Button>
  );
};

export const AssignmentList = () => {
  const filters = [
    <ReferenceInput key="consultantId" source="consultantId" reference="users" filter={CONSULTANTS} alwaysOn>
      <AutocompleteInput sx={{ minWidth: 260 }} />
    </ReferenceInput>,
    <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
      <AutocompleteInput sx={{ minWidth: 260 }} />
    </ReferenceInput>,
    <BooleanInput key="primary" source="primary" />,
  ];
  return (
    <List filters={filters} sort={defaultSort('assignments')} actions={<ListActions />}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="consultantId">
          <ReferenceField source="consultantId" reference="users" link={false} {...USER_TEXT} />
        </DataTable.Col>
        <DataTable.Col source="clientId">
          <ReferenceField source="clientId" reference="clients" link="show" {...USER_TEXT} />
        </DataTable.Col>
        <DataTable.Col source="primary">
          <PrimaryField />
        </DataTable.Col>
        <DataTable.Col source="createdAt">
          <FirmDateField source="createdAt" />
        </DataTable.Col>
        <DataTable.Col label={false}>
          {/* hidden without canAccess(assignments, delete); asks for a confirmation, then deletes */}
          <DeleteButton mutationMode="pessimistic" className="delete-assignment" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
