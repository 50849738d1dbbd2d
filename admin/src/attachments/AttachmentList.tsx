import { IconButton, Tooltip } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import {
  AutocompleteInput, BooleanInput, DataTable, FunctionField, Link, List, ReferenceField, ReferenceInput, SearchInput, SelectField, SelectInput,
  useGetIdentity, useNotify, useTranslate } from 'react-admin';
import { defaultSort, formatBytes, type AttachmentRecord } from '@incident-desk/shared';
import { FirmDateField } from '../common/FirmDateField';
import { useEnumChoices } from '../common/enums';
import { downloadAttachment, errorMessage } from './api';
import { USER_TEXT, UserTextColumn } from '../common/UserText';

const DownloadButton = ({ record }: { record: AttachmentRecord }) => {
  const translate = useTranslate();
  const notify = useNotify();
  return (
    <Tooltip title={translate('incidentDesk.attachments.download')}>
      <IconButton
        size="small"
        aria-label={translate('incidentDesk.attachments.download')}
        data-testid="attachment-download"
        onClick={(e) => {
          e.stopPropagation();
          downloadAttachment(record).catch((error) => notify(errorMessage(error, translate('incidentDesk.attachments.download_failed')), { type: 'error' }));
        }}
      >
        <DownloadIcon fontSize="small" />
      </IconButton>
    </Tooltip>
  );
};

/** Every file the user may see, firm-wide (staff may list removed ones); each links to the record it is attached to. */
export const AttachmentList = () => {
  const { identity } = useGetIdentity();
  const isStaff = !!identity && identity.role !== 'client_admin';
  const entities = useEnumChoices('attachmentEntity');
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="entity" source="entity" choices={isStaff ? entities : entities.filter((e) => e.id === 'trainings')} translateChoice={false} alwaysOn />,
    ...(isStaff
      ? [
          <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }}>
            <AutocompleteInput sx={{ minWidth: 240 }} />
          </ReferenceInput>,
          <BooleanInput key="removed" source="removed" />,
        ]
      : []),
  ];
  return (
    <List filters={filters} sort={defaultSort('attachments')} exporter={false}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <UserTextColumn source="fileName" />
        <DataTable.Col source="entity">
          <FunctionField<AttachmentRecord>
            render={(r) => (
              <Link to={`/${r.entity}/${r.entityId}/show`} onClick={(e: { stopPropagation: () => void }) => e.stopPropagation()}>
                <SelectField source="entity" choices={entities} translateChoice={false} />
              </Link>
            )}
          />
        </DataTable.Col>
        {isStaff && (
          <DataTable.Col source="clientId" disableSort>
            <ReferenceField source="clientId" reference="clients" link={false} {...USER_TEXT} />
          </DataTable.Col>
        )}
        <DataTable.Col source="size">
          <FunctionField<AttachmentRecord> render={(r) => formatBytes(r.size)} />
        </DataTable.Col>
        <DataTable.Col source="contentType" />
        <DataTable.Col source="createdAt">
          <FirmDateField source="createdAt" />
        </DataTable.Col>
        {isStaff && (
          <DataTable.Col source="removedAt">
            <FirmDateField source="removedAt" emptyText="—" />
          </DataTable.Col>
        )}
        <DataTable.Col disableSort>
          <FunctionField<AttachmentRecord> render={(r) => <DownloadButton record={r} />} />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
