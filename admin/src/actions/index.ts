import PlaylistAddCheckIcon from '@mui/icons-material/PlaylistAddCheck';
import type { ActionRecord } from '@incident-desk/shared';
import { ActionList } from './ActionList';
import { ActionShow } from './ActionShow';
import { ActionCreate } from './ActionCreate';
import { ActionEdit } from './ActionEdit';

export default {
  list: ActionList,
  show: ActionShow,
  create: ActionCreate,
  edit: ActionEdit,
  icon: PlaylistAddCheckIcon,
  recordRepresentation: (record: ActionRecord) => record.title,
};
