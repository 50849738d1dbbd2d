import { FunctionField, ReferenceField, SelectField, Show, SimpleShowLayout, TextField } from 'react-admin';
import type { AuditLogRecord } from '@incident-desk/shared';
import { FirmDateField } from '../common/FirmDateField';
import { useEnumChoices } from '../common/enums';
import { USER_TEXT } from '../common/UserText';
import { ChangesField } from './ChangesField';
import { RecordLink, useEntityName } from './values';
import { RecordTitle } from '../common/RecordTitle';

const hashSx = { fontFamily: 'monospace', wordBreak: 'break-all' } as const;

export const AuditLogShow = () => {
  const roles = useEnumChoices('role');
  const actions = useEnumChoices('auditAction');
  const entityName = useEntityName();
  return (
    <Show title={<RecordTitle />} actions={false}>
      <SimpleShowLayout>
        <TextField source="seq" />
        <FirmDateField source="createdAt" options={{ second: '2-digit' }} />
        <ReferenceField source="actorId" reference="users" link="show" emptyText="—" {...USER_TEXT} />
        <SelectField source="actorRole" choices={roles} translateChoice={false} emptyText="—" />
        <SelectField source="action" choices={actions} translateChoice={false} />
        <FunctionField source="entity" render={(r: AuditLogRecord) => entityName(r.entity)} />
        <FunctionField source="entityId" render={(r: AuditLogRecord) => (r.entityId ? <RecordLink resource={r.entity} id={r.entityId} /> : '—')} />
        <ReferenceField source="clientId" reference="clients" link="show" emptyText="—" {...USER_TEXT} />
        <TextField source="requestId" emptyText="—" />
        <TextField source="ip" emptyText="—" />
        <ChangesField source="changes" label="resources.audit-logs.fields.changes" />
        <TextField source="prevHash" sx={hashSx} className="audit-prev-hash" />
        <TextField source="hash" sx={hashSx} className="audit-hash" />
      </SimpleShowLayout>
    </Show>
  );
};
