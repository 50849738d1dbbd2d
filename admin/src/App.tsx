import { Admin, CustomRoutes, Resource } from 'react-admin';
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
import communications from './communications';
import communicationTemplates from './communication-templates';
import trainings from './trainings';
import attachments from './attachments';
import evaluations from './evaluations';
import evaluationTemplates from './evaluation-templates';
import actions from './actions';
import incidents from './incidents';
import playbooks from './playbooks';
import reports, { serviceReportRoute } from './reports';
import { obligations, tasks } from './work';
import { notificationChannels, notificationDeliveries, notificationPreferencesRoute, notificationSettingsRoute, notifications } from './notifications';

/**
 * Menus and buttons follow authProvider.canAccess (shared ACCESS_RULES): a client admin sees their company's
 * incidents, communications, trainings, shared evaluations and actions; a consultant their clients' records; a
 * manager everything of the firm.
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
    <Resource name="incidents" {...incidents} />
    <Resource name="clients" {...clients} />
    <Resource name="users" {...users} />
    <Resource name="assignments" {...assignments} />
    <Resource name="audit-logs" {...auditLogs} />
    <Resource name="communications" {...communications} />
    <Resource name="communication-templates" {...communicationTemplates} />
    <Resource name="trainings" {...trainings} />
    <Resource name="attachments" {...attachments} />
    <Resource name="evaluations" {...evaluations} />
    <Resource name="actions" {...actions} />
    <Resource name="evaluation-templates" {...evaluationTemplates} />
    <Resource name="playbooks" {...playbooks} />
    <Resource name="reports" {...reports} />
    <Resource name="tasks" {...tasks} />
    <Resource name="obligations" {...obligations} />
    <Resource name="notifications" {...notifications} />
    <Resource name="notification-channels" {...notificationChannels} />
    <Resource name="notification-deliveries" {...notificationDeliveries} />
    <CustomRoutes>
      {serviceReportRoute}
      {notificationPreferencesRoute}
      {notificationSettingsRoute}
    </CustomRoutes>
  </Admin>
);

export default App;
