import { Box, Chip, Grid, List, ListItem, ListItemText } from '@mui/material';
import { Link, useCreatePath, useTranslate } from 'react-admin';
import type { ClientRecord } from '@incident-desk/shared';
import { USER_TEXT } from '../common/UserText';
import { OVERDUE_CLIENTS, useDashboardList } from './api';
import { DashCard, Empty, More, NextDayDeadlines } from './widgets';
import { ServiceKpis, ServiceTrends, Workload } from './ServiceReportParts';
import { MyWork } from '../work';

/** Clients with a pending obligation past its due time (clients?filter={"overdueObligations":true}), with how many (in the same answer). */
const ClientsWithOverdueObligations = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { data: list, isPending, error } = useDashboardList<ClientRecord>('clients', OVERDUE_CLIENTS);
  const { data, total } = list ?? {};
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
              <ListItem key={c.id} disableGutters data-testid="overdue-client" data-client-id={c.id} data-count={c.overdueObligations}>
                <ListItemText primary={<Link to={createPath({ resource: 'clients', id: c.id, type: 'show' })} {...USER_TEXT}>{c.name}</Link>} />
                <Chip
                  size="small"
                  color="error"
                  variant="outlined"
                  label={translate('incidentDesk.dashboard.overdue_obligations', { count: c.overdueObligations ?? 0 })}
                />
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
