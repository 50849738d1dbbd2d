import BlockIcon from '@mui/icons-material/Block';
import { UpdateButton, useCanAccess, useNotify, useRecordContext } from 'react-admin';
import type { ClientRecord } from '@incident-desk/shared';

/** Managers only (canAccess clients/edit): marks an active client as offboarded after a confirmation. */
export const OffboardButton = () => {
  const record = useRecordContext<ClientRecord>();
  const notify = useNotify();
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'edit' });
  if (!record || !canAccess || record.status === 'offboarded') return null;
  return (
    <UpdateButton
      label="app.clients.offboard"
      data={{ status: 'offboarded' }}
      mutationMode="pessimistic"
      confirmTitle="app.clients.offboard_title"
      confirmContent="app.clients.offboard_content"
      icon={<BlockIcon />}
      color="warning"
      className="offboard-button"
      mutationOptions={{ onSuccess: () => notify('app.clients.offboarded', { type: 'info' }) }}
    />
  );
};
