import AssignmentIcon from '@mui/icons-material/Assignment';
import AlarmIcon from '@mui/icons-material/Alarm';
import { ObligationList, TaskList } from './lists';

export { MyWork } from './MyWork';

/** Tasks and deadlines as lists (each row opens its incident), for "my work". */
export const tasks = { list: TaskList, icon: AssignmentIcon };
export const obligations = { list: ObligationList, icon: AlarmIcon };
