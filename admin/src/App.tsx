import { Admin, Resource } from 'react-admin';
import { dataProvider } from './dataProvider';
import { authProvider } from './authProvider';
import { i18nProvider } from './i18n';
import { Dashboard } from './dashboard/Dashboard';
import { IncidentDeskLayout } from './layout';
import { LoginPage } from './LoginPage';
import clients from './clients';
import users from './users';
import assignments from './assignments';
import auditLogs from './audit-logs';

/**
 * Menus and buttons follow authProvider.canAccess (shared ACCESS_RULES): a client admin sees only Clients,
 * a consultant Clients, a manager everything.
 * (No `requireAuth`: with it, a signed-out visitor looped on /login here (react-admin 5.15.4, hash router);
 * every page checks authentication anyway.)
 */
export const App = () => (
  <Admin
    disableTelemetry
    title="Incident Desk"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    dashboard={Dashboard}
    loginPage={LoginPage}
    layout={IncidentDeskLayout}
  >
    <Resource name="clients" {...clients} />
    <Resource name="users" {...users} />
    <Resource name="assignments" {...assignments} />
    <Resource name="audit-logs" {...auditLogs} />
  </Admin>
);

export default App;
