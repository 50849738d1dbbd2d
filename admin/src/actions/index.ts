import PlaylistAddCheckIcon from '@mui/icons-material/PlaylistAddCheck';
import { lazyPage } from '../common/lazy';
import type { ActionRecord } from '@incident-desk/shared';

export default {
  list: lazyPage(() => import('./ActionList'), 'ActionList'),
  show: lazyPage(() => import('./ActionShow'), 'ActionShow'),
  create: lazyPage(() => import('./ActionCreate'), 'ActionCreate'),
  edit: lazyPage(() => import('./ActionEdit'), 'ActionEdit'),
  icon: PlaylistAddCheckIcon,
  recordRepresentation: (record: ActionRecord) => record.title,
};
