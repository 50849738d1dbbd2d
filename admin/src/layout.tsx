import type { ReactNode } from 'react';
import { Box } from '@mui/material';
import { AppBar, Layout, LoadingIndicator, LocalesMenuButton, TitlePortal } from 'react-admin';
import { LOCALES } from './i18n';

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
    <LocaleSwitcher />
    <LoadingIndicator />
  </>
);

export const IncidentDeskAppBar = () => (
  <AppBar toolbar={<AppToolbar />}>
    <TitlePortal />
  </AppBar>
);

export const IncidentDeskLayout = ({ children }: { children: ReactNode }) => (
  <Layout appBar={IncidentDeskAppBar}>{children}</Layout>
);
