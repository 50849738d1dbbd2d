import { Suspense, useEffect, useRef } from 'react';
import { useIsFetching } from '@tanstack/react-query';
import BusinessIcon from '@mui/icons-material/Business';
import { Box, Button, Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import {
  Link,
  Title,
  useCreatePath,
  useGetIdentity,
  useGetOne,
  useTranslate,
} from 'react-admin';
import { ENUM_LABELS, type ClientRecord, type Role, type SessionUser } from '@incident-desk/shared';
import { useAppLocale } from '../common/enums';
import { USER_TEXT } from '../common/UserText';
import { lazyPage, preloadPage, preloadWhenIdle } from '../common/lazy';
import { pageOf } from '../resources';
import { ROLE_DASHBOARDS } from './roles';
import { endFirstScreen } from './api';

// each role's dashboard is a chunk of its own (main.tsx starts loading it once the role is known); their messages
// are in the start part (i18n/modules.ts)
const ManagerDashboard = lazyPage(ROLE_DASHBOARDS.manager, 'ManagerDashboard', { firstScreen: true });
const ConsultantDashboard = lazyPage(ROLE_DASHBOARDS.consultant, 'ConsultantDashboard', { firstScreen: true });
const ClientDashboard = lazyPage(ROLE_DASHBOARDS.client_admin, 'ClientDashboard', { firstScreen: true });

const ROLE_PAGES: Partial<Record<Role, unknown>> = { manager: ManagerDashboard, consultant: ConsultantDashboard, client_admin: ClientDashboard };

/**
 * Loads the role's part through its lazyPage (main.tsx, once the role is known), so that the dashboard draws it in its
 * first render rather than suspending on it (common/lazy.ts); answers once it can.
 */
export const preloadRolePage = (role: Role | undefined) => (role ? preloadPage(ROLE_PAGES[role]) : Promise.resolve());

const Line = ({ label, value, testId, user = false }: { label: string; value: string; testId: string; user?: boolean }) => (
  <Box sx={{ display: 'flex', gap: 1 }}>
    <Typography variant="body2" color="text.secondary" sx={{ minWidth: 120 }}>
      {label}
    </Typography>
    <Typography variant="body2" data-testid={testId} {...(user ? USER_TEXT : {})}>
      {value}
    </Typography>
  </Box>
);

/** A client admin's own company, with a link to it. */
const OwnCompany = ({ clientId }: { clientId: string }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { data } = useGetOne<ClientRecord>('clients', { id: clientId });
  const to = createPath({ resource: 'clients', id: clientId, type: 'show' });
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="overline" color="text.secondary">
        {translate('app.dashboard.your_company')}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h6" component={Link} to={to} data-testid="dashboard-company" sx={{ textDecoration: 'none' }} {...USER_TEXT}>
          {data?.name ?? '…'}
        </Typography>
        <Button component={Link} to={to} size="small" startIcon={<BusinessIcon />} className="open-company">
          {translate('app.dashboard.open_company')}
        </Button>
      </Stack>
    </Box>
  );
};

/**
 * Loads the page most often opened next (with the rest of the messages) once the dashboard has had its turn — its data
 * arrived, the browser idle — so that it neither delays the dashboard nor waits when it is asked for. A component of
 * its own: the count of queries under way changes with each answer, and re-rendered the whole dashboard each time
 * when the dashboard itself read it (one 40–120 ms task per answer after the sign-in).
 */
const PreloadNextPage = () => {
  const fetching = useIsFetching();
  const preloaded = useRef(false);
  useEffect(() => {
    if (fetching || preloaded.current) return undefined;
    const t = window.setTimeout(() => {
      preloaded.current = true;
      preloadWhenIdle(pageOf('incidents', 'list'));
    }, 500);
    return () => window.clearTimeout(t);
  }, [fetching]);
  return null;
};

/** The start page: who is signed in, then the dashboard of their role. */
export const Dashboard = () => {
  const translate = useTranslate();
  // leaving the dashboard ends the sign-in's first screen (api.ts): coming back, its cards ask the server again
  useEffect(() => endFirstScreen, []);
  const locale = useAppLocale();
  const { identity, isPending } = useGetIdentity();
  if (isPending || !identity) return null;
  const user = identity as unknown as SessionUser & { fullName: string };
  const roleLabel = ENUM_LABELS.role[user.role]?.[locale] ?? user.role;
  return (
    <Box sx={{ pb: 3 }}>
      <PreloadNextPage />
      <Card sx={{ mt: 2 }} className="dashboard-welcome">
        <Title title="app.dashboard.title" />
        <CardHeader
          title={<span {...USER_TEXT}>{translate('app.dashboard.welcome', { name: user.name })}</span>}
          subheader={translate('app.dashboard.intro')}
        />
        <CardContent>
          <Stack spacing={0.5}>
            <Line label={translate('app.dashboard.firm')} value={user.firmName ?? ''} testId="dashboard-firm" user />
            <Line label={translate('app.dashboard.signed_in_as')} value={`${user.name} <${user.email}>`} testId="dashboard-user" user />
            <Line label={translate('app.dashboard.role')} value={roleLabel} testId="dashboard-role" />
            <Line label={translate('app.dashboard.time_zone')} value={user.timeZone ?? ''} testId="dashboard-time-zone" />
          </Stack>
          {user.role === 'client_admin' && user.clientId && <OwnCompany clientId={user.clientId} />}
          {user.role === 'operator' && (
            <Typography sx={{ mt: 2 }} className="operator-intro">
              {translate('app.dashboard.operator_intro')} <Link to="/firms">{translate('resources.firms.name', { smart_count: 2 })}</Link>
            </Typography>
          )}
        </CardContent>
      </Card>
      {/* the welcome card shows while the role's own part loads */}
      <Suspense fallback={null}>
        {user.role === 'consultant' && <ConsultantDashboard userId={user.id} />}
        {user.role === 'manager' && <ManagerDashboard userId={user.id} />}
        {user.role === 'client_admin' && <ClientDashboard />}
      </Suspense>
    </Box>
  );
};
