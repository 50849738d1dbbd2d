import type { ComponentType } from 'react';
import { CssBaseline } from '@mui/material';
import {
  AccessDenied, AdminContext, AuthenticationError, CoreAdminUI, CustomRoutes, Error, LoadingPage, localStorageStore, NotFound, Notification, Resource,
} from 'react-admin';
import { dataProvider } from './dataProvider';
import { authProvider } from './authProvider';
import { i18nProvider } from './i18n';
export { i18nReady } from './i18n';
import { lazyPage, preloadPage } from './common/lazy';
import { firstScreenIsDashboard } from './dashboard/roles';
import { IncidentDeskLayout } from './layout';
import { theme } from './theme';
import { AdminLoginPage } from './login/AdminLoginPage';
import { RESOURCES } from './resources';
import { serviceReportRoute } from './reports';
import { notificationPreferencesRoute, notificationSettingsRoute } from './notifications';
import { firmSettingsRoute, twoFactorRoute } from './settings';
import { queryClient } from './queryClient';

/** Preferences (language, list filters, the menu's state) kept on this device, as react-admin's <Admin> keeps them. */
const store = localStorageStore();

const Dashboard = lazyPage(() => import('./dashboard/Dashboard'), 'Dashboard', { firstScreen: true });
// main.tsx has it on its way when the dashboard is the first screen: taken through its lazyPage, the app's first render
// draws it rather than suspending on it (a Suspense fallback React keeps for at least 300 ms)
if (firstScreenIsDashboard()) preloadPage(Dashboard);

/**
 * Each resource's pages load when they are first opened (lazyPage in its index.ts), with the rest of the UI's messages;
 * the dashboard too (main.tsx starts loading it, the role's own part and the start of the messages with the app when it
 * is the first screen). Render it after i18nReady().
 * Menus and buttons follow authProvider.canAccess (shared ACCESS_RULES): a client admin sees their company's
 * incidents, communications, trainings, shared evaluations and actions; a consultant their clients' records; a
 * manager everything of the firm.
 * (No `requireAuth`: with it, a signed-out visitor looped on /login here (react-admin 5.15.4, hash router);
 * every page checks authentication anyway.)
 */
export const App = () => (
  <AdminContext dataProvider={dataProvider} authProvider={authProvider} i18nProvider={i18nProvider} theme={theme} store={store} queryClient={queryClient}>
    {/* react-admin's <Admin> is this pair with its own sign-in page, which would bring a form library into the first screen */}
    <CssBaseline enableColorScheme>
      <CoreAdminUI
        disableTelemetry
        title="Incident Desk"
        dashboard={Dashboard}
        layout={IncidentDeskLayout}
        loginPage={AdminLoginPage}
        loading={LoadingPage}
        catchAll={NotFound as ComponentType}
        error={Error}
        accessDenied={AccessDenied}
        authenticationError={AuthenticationError}
      >
        {Object.entries(RESOURCES).map(([name, pages]) => (
          <Resource key={name} name={name} {...pages} />
        ))}
        <CustomRoutes>
          {serviceReportRoute}
          {notificationPreferencesRoute}
          {notificationSettingsRoute}
          {firmSettingsRoute}
          {twoFactorRoute}
        </CustomRoutes>
      </CoreAdminUI>
      <Notification />
    </CssBaseline>
  </AdminContext>
);

export default App;
