import { List as MuiList, ListItemButton, ListItemText, Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import type { Resource } from '@incident-desk/shared';
import { myWorkFilters } from './filters';
import { useCounts } from '../dashboard/api';
import { DashCard } from '../dashboard/widgets';

const listPath = (resource: string, filter: Record<string, unknown>) => `/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter) })}`;

/** One line of the card: its count from the server (Content-Range of the filtered list), a link to the list. */
const WorkLine = ({ name, resource, filter }: { name: string; resource: Resource; filter: Record<string, unknown> }) => {
  const translate = useTranslate();
  const { data } = useCounts(resource, { n: filter });
  const count = data?.n;
  return (
    <ListItemButton component={Link} to={listPath(resource, filter)} data-testid={`my-work-${name}`} data-count={count ?? ''}>
      <ListItemText primary={translate(`incidentDesk.work.${name}`)} />
      <Chip size="small" label={count ?? '…'} color={(count ?? 0) > 0 ? (name === 'deliveries' || name === 'reports' ? 'error' : 'primary') : 'default'} />
    </ListItemButton>
  );
};

/**
 * "My work" for a consultant or a manager (each dashboard shows theirs): tasks assigned to me, approvals waiting for
 * me, my incidents' open deadlines, clients' reports not yet acknowledged (a manager's: every client's, which escalate
 * to them), and for a manager the deliveries that failed. The server counts each.
 */
export const MyWork = ({ userId, role }: { userId: string; role: string }) => {
  const lists = myWorkFilters(userId, role);
  return (
    <DashCard title="incidentDesk.work.title" testId="dashboard-my-work">
      <MuiList dense disablePadding>
        {Object.entries(lists).map(([k, l]) => <WorkLine key={k} name={k} resource={l.resource} filter={l.filter} />)}
      </MuiList>
    </DashCard>
  );
};
