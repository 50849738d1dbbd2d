import { List as MuiList, ListItemButton, ListItemText, Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { OPEN_OBLIGATION_STATUSES, OPEN_TASK_STATUSES } from '@incident-desk/shared';
import { useCounts } from '../dashboard/api';
import { DashCard } from '../dashboard/widgets';

/** The filtered lists of "my work": each count on the card opens its list, with the same filter the server counted. */
export const myWorkFilters = (userId: string) => ({
  tasks: { resource: 'tasks', filter: { assigneeId: userId, status: OPEN_TASK_STATUSES } },
  approvals: { resource: 'communications', filter: { awaitingMyApproval: true } },
  deadlines: { resource: 'obligations', filter: { mine: true, status: OPEN_OBLIGATION_STATUSES } },
  reports: { resource: 'incidents', filter: { unacknowledged: true } },
});

const listPath = (resource: string, filter: Record<string, unknown>) => `/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter) })}`;

/**
 * "My work" for a consultant (or a manager): tasks assigned to me, approvals waiting for me, my incidents' open
 * deadlines, clients' reports not yet acknowledged. The server counts (Content-Range of each filtered list).
 */
export const MyWork = ({ userId }: { userId: string }) => {
  const translate = useTranslate();
  const lists = myWorkFilters(userId);
  const keys = Object.keys(lists) as (keyof typeof lists)[];
  const tasks = useCounts('tasks', { n: lists.tasks.filter });
  const approvals = useCounts('communications', { n: lists.approvals.filter });
  const deadlines = useCounts('obligations', { n: lists.deadlines.filter });
  const reports = useCounts('incidents', { n: lists.reports.filter });
  const counts = { tasks: tasks.data?.n, approvals: approvals.data?.n, deadlines: deadlines.data?.n, reports: reports.data?.n };
  return (
    <DashCard title="incidentDesk.work.title" testId="dashboard-my-work">
      <MuiList dense disablePadding>
        {keys.map((k) => (
          <ListItemButton key={k} component={Link} to={listPath(lists[k].resource, lists[k].filter)} data-testid={`my-work-${k}`} data-count={counts[k] ?? ''}>
            <ListItemText primary={translate(`incidentDesk.work.${k}`)} />
            <Chip size="small" label={counts[k] ?? '…'} color={(counts[k] ?? 0) > 0 ? 'primary' : 'default'} />
          </ListItemButton>
        ))}
      </MuiList>
    </DashCard>
  );
};
