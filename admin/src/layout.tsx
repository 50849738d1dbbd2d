import { useEffect, type ReactNode } from 'react';
import { Box } from '@mui/material';
import { AppBar, Layout, LoadingIndicator, LocalesMenuButton, TitlePortal, useLocaleState } from 'react-admin';
import { LOCALES, takeProfileLocale } from './i18n';
import { NotificationBell } from './notifications';

/**
 * The locale switcher is always in the app bar. Its MUI button has an empty aria-label, so it is wrapped
 * in an element with a stable `data-testid="locale-switcher"`; its menu has id `simple-menu`.
 */
export const LocaleSwitcher = () => (
  <Box component="span" data-testid="locale-switcher" className="locale-switcher">
    <LocalesMenuButton languages={LOCALES} />
  </Box>
);

const AppToolbar = () => (
  <>
    <NotificationBell />
    <LocaleSwitcher />
    <LoadingIndicator />
  </>
);

export const IncidentDeskAppBar = () => (
  <AppBar toolbar={<AppToolbar />}>
    <TitlePortal />
  </AppBar>
);

/** After sign-in, switches to the language of the user's profile (unless this device has its own choice). */
const ProfileLocale = () => {
  const [locale, setLocale] = useLocaleState();
  useEffect(() => {
    const wanted = takeProfileLocale(locale);
    if (wanted) setLocale(wanted);
    // once per sign-in: the pending language is forgotten as it is read
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
};

export const IncidentDeskLayout = ({ children }: { children: ReactNode }) => (
  <Layout appBar={IncidentDeskAppBar}>
    <ProfileLocale />
    {children}
  </Layout>
);
