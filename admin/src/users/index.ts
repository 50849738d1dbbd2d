import PeopleIcon from '@mui/icons-material/People';
import type { UserRecord } from '@incident-desk/shared';
import { UserList } from './UserList';
import { UserShow } from './UserShow';
import { UserCreate } from './UserCreate';
import { UserEdit } from './UserEdit';

export default {
  list: UserList,
  show: UserShow,
  create: UserCreate,
  edit: UserEdit,
  icon: PeopleIcon,
  recordRepresentation: (record: UserRecord) => (record.email ? `${record.name} <${record.email}>` : record.name),
};
