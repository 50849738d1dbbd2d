import AssignmentIcon from '@mui/icons-material/Assignment';
import AlarmIcon from '@mui/icons-material/Alarm';
import { lazyPage } from '../common/lazy';

const TaskList = lazyPage(() => import('./lists'), 'TaskList');
const ObligationList = lazyPage(() => import('./lists'), 'ObligationList');

export { MyWork } from './MyWork';

/** Tasks and deadlines as lists (each row opens its incident), for "my work". */
export const tasks = { list: TaskList, icon: AssignmentIcon };
export const obligations = { list: ObligationList, icon: AlarmIcon };
