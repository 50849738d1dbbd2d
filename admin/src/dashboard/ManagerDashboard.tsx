import { Box, Chip, Grid, List, ListItem, ListItemText } from '@mui/material';
import { Link, useCreatePath, useGetList, useTranslate } from 'react-admin';
import type { ClientRecord } from '@incident-desk/shared';
import { USER_TEXT } from '../common/UserText';
import { useCounts } from './api';
import { DashCard, Empty, More, NextDayDeadlines } from './widgets';
import { ServiceKpis, ServiceTrends, Workload } from './ServiceReportParts';
import { MyWork } from '../work';

/** What the dashboard asks for first, asked for with the sign-in's answer (roles.ts). */
export { prefetchServiceReports as prefetchFirstScreen } from './ServiceReportParts';

/** Clients with a pending obligation past its due time (clients?filter={"overdueObligations":true}), with how many. */
const ClientsWithOverdueObligations = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { data, total, isPending, error } = useGetList<ClientRecord>('clients', {
    filter: { overdueObligations: true },
    sort: { field: 'name', order: 'ASC' },
    pagination: { page: 1, perPage: 10 },
  });
  const filters = Object.fromEntries((data ?? []).map((c) => [c.id, { clientId: c.id, overdue: true }]));
  const { data: counts } = useCounts('obligations', filters, !!data?.length);
  return (
    <DashCard
      title="incidentDesk.dashboard.overdue_clients"
      testId="dashboard-overdue-clients"
      count={isPending || error ? undefined : (total ?? 0)}
      countTestId="overdue-clients-count"
      countColor="error"
    >
      {isPending ? null : error ? (
        <Empty text="incidentDesk.dashboard.load_error" />
      ) : !data?.length ? (
        <Empty text="incidentDesk.dashboard.no_overdue_clients" />
      ) : (
        <>
          <List dense disablePadding>
            {data.map((c) => (
              <ListItem key={c.id} disableGutters data-testid="overdue-client" data-client-id={c.id} data-count={counts?.[c.id]}>
                <ListItemText primary={<Link to={createPath({ resource: 'clients', id: c.id, type: 'show' })} {...USER_TEXT}>{c.name}</Link>} />
                {counts && (
                  <Chip
                    size="small"
                    color="error"
                    variant="outlined"
                    label={translate('incidentDesk.dashboard.overdue_obligations', { count: counts[c.id] })}
                  />
                )}
              </ListItem>
            ))}
          </List>
          <More shown={data.length} total={total ?? data.length} />
        </>
      )}
    </DashCard>
  );
};

/**
 * A manager's view of the firm: their own work (as a consultant's dashboard has, plus the deliveries that failed), the
 * last 30 days' KPIs and 12 months of trends (from the service report), clients with overdue obligations, the clocks
 * of the next 24 h across the firm, and consultant workload.
 */
export const ManagerDashboard = ({ userId }: { userId: string }) => {
  return (
    <Box data-testid="dashboard-manager" sx={{ mt: 2 }}>
      <Grid container spacing={2}>
        <Grid size={12}>
          <MyWork userId={userId} role="manager" />
        </Grid>
        <Grid size={12}>
          <ServiceKpis />
        </Grid>
        <Grid size={12}>
          <ServiceTrends />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <ClientsWithOverdueObligations />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <NextDayDeadlines />
        </Grid>
        <Grid size={12}>
          <Workload />
        </Grid>
      </Grid>
    </Box>
  );
};
