import BusinessIcon from '@mui/icons-material/Business';
import type { ClientRecord } from '@incident-desk/shared';
import { ClientList } from './ClientList';
import { ClientShow } from './ClientShow';
import { ClientCreate } from './ClientCreate';
import { ClientEdit } from './ClientEdit';

export default {
  list: ClientList,
  show: ClientShow,
  create: ClientCreate,
  edit: ClientEdit,
  icon: BusinessIcon,
  recordRepresentation: (record: ClientRecord) => record.name,
};
