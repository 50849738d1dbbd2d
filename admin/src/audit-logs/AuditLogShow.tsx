import { ReferenceField, SelectField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { useEnumChoices } from '../common/enums';
import { ChangesField } from './ChangesField';

const hashSx = { fontFamily: 'monospace', wordBreak: 'break-all' } as const;

export const AuditLogShow = () => {
  const roles = useEnumChoices('role');
  const actions = useEnumChoices('auditAction');
  return (
    <Show actions={false}>
      <SimpleShowLayout>
        <TextField source="seq" />
        <FirmDateField source="createdAt" options={{ second: '2-digit' }} />
        <ReferenceField source="actorId" reference="users" emptyText="—" />
        <SelectField source="actorRole" choices={roles} translateChoice={false} emptyText="—" />
        <SelectField source="action" choices={actions} translateChoice={false} />
        <TextField source="entity" />
        <TextField source="entityId" emptyText="—" />
        <ReferenceField source="clientId" reference="clients" emptyText="—" />
        <TextField source="requestId" emptyText="—" />
        <TextField source="ip" emptyText="—" />
        <ChangesField source="changes" label="resources.audit-logs.fields.changes" />
        <TextField source="prevHash" sx={hashSx} className="audit-prev-hash" />
        <TextField source="hash" sx={hashSx} className="audit-hash" />
      </SimpleShowLayout>
    </Show>
  );
};
