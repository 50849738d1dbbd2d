import { createContext, forwardRef, Suspense, lazy, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useIsFetching } from '@tanstack/react-query';
import { Box, IconButton, MenuItem, Tooltip } from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import { Link } from 'react-router-dom';
import {
  AppBar, Layout, LoadingIndicator, LocalesMenuButton, Logout, TitlePortal, UserMenu, useLocaleState, usePermissions, useTranslate, useUserMenu,
} from 'react-admin';
import { canAccess } from '@incident-desk/shared';
import { LANGUAGES, takeProfileLocale } from './i18n/locale';
import { preloadPage } from './common/lazy';
import { onTitlePrefix, titlePrefix } from './common/title';
import { USER_TEXT } from './common/UserText';
import { pageOf } from './resources';

const CommandPalette = lazy(() => import('./common/CommandPalette'));

/** Opens the command palette (the app bar's search button). */
const SearchContext = createContext<() => void>(() => undefined);
import { NotificationBell } from './notifications/NotificationBell';
import { FirmLogo } from './settings/FirmLogo';
import { hasRecoveryCodes } from './session';

// shown once after a sign-in that set two-factor up: loaded only then
const RecoveryCodesDialog = lazy(() => import('./settings/RecoveryCodes').then((m) => ({ default: m.RecoveryCodesDialog })));

/** A link of the user menu (react-admin's pattern: closes the menu when chosen). */
const UserMenuLink = forwardRef<HTMLAnchorElement, { to: string; label: string; testId: string }>(({ to, label, testId }, ref) => {
  const { onClose } = useUserMenu() ?? {};
  const translate = useTranslate();
  return (
    <MenuItem component={Link} to={to} ref={ref} onClick={onClose} data-testid={testId}>
      {translate(label)}
    </MenuItem>
  );
});
UserMenuLink.displayName = 'UserMenuLink';

/** Everyone's two-factor sign-in; a manager's firm settings; signing out. */
const IncidentDeskUserMenu = () => {
  const { permissions } = usePermissions();
  return (
    <UserMenu>
      <UserMenuLink to="/two-factor" label="incidentDesk.mfa.menu" testId="menu-two-factor" />
      {canAccess(permissions, 'firm-settings', 'show') && (
        <UserMenuLink to="/firm-settings" label="incidentDesk.settings.menu" testId="menu-firm-settings" />
      )}
      <Logout />
    </UserMenu>
  );
};

/**
 * The locale switcher is always in the app bar. Its MUI button has an empty aria-label, so it is wrapped
 * in an element with a stable `data-testid="locale-switcher"`; its menu has id `simple-menu`.
 */
export const LocaleSwitcher = () => (
  <Box component="span" data-testid="locale-switcher" className="locale-switcher" sx={{ flexShrink: 0 }}>
    <LocalesMenuButton languages={LANGUAGES} />
  </Box>
);

/** Opens the command palette (`data-testid="search-open"`); Ctrl+K (⌘K) does too. */
const SearchButton = ({ onOpen }: { onOpen: () => void }) => {
  const translate = useTranslate();
  return (
    <Tooltip title={translate('app.search.open')}>
      <IconButton color="inherit" onClick={onOpen} aria-label={translate('app.search.open')} data-testid="search-open">
        <SearchIcon />
      </IconButton>
    </Tooltip>
  );
};

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

/**
 * Keys of the whole app: Ctrl+K / ⌘K opens the palette; `/` (when not typing) goes to the page's search box
 * (`input[name="q"]`), or opens the palette where the page has none.
 */
const useShortcuts = (open: () => void) => {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        open();
      } else if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        const search = document.querySelector<HTMLInputElement>('main input[name="q"], #main-content input[name="q"]');
        if (search) search.focus();
        else open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
};

/**
 * The browser tab's title follows the page's (react-admin writes it into the app bar): "INC-2026-0006 … · Incident
 * Desk", with the unread notifications' count in front (common/title.ts). react-admin keeps no document title of its own.
 */
const useDocumentTitle = () => {
  useEffect(() => {
    const sync = () => {
      const text = document.getElementById('react-admin-title')?.textContent?.trim();
      const title = titlePrefix() + (text ? `${text} · Incident Desk` : 'Incident Desk');
      if (document.title !== title) document.title = title;
    };
    sync();
    const observer = new MutationObserver(sync);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    const stop = onTitlePrefix(sync);
    return () => {
      observer.disconnect();
      stop();
    };
  }, []);
};

/**
 * Pages load when first opened (lazyPage); pointing at or focusing a link to one starts loading it, so that the
 * click finds it ready: `#/incidents` a resource's list, `#/incidents/{id}/show` its show page, `…/create` and edit.
 * A link drawn under a pointer that has not moved is not pointed at: after sign-in, the dashboard's "my work" links
 * appear where the sign-in button was, under the mouse, and the browser's hover for them loaded the communications
 * list and its inputs, 50 scripts, in the middle of the dashboard's first requests on the browser's six connections.
 * And while the page on screen still waits for its data, the one pointed at waits its turn (the last one pointed at
 * loads once the data is in).
 */
const PreloadOnIntent = () => {
  // a component of its own: the count of requests in flight re-renders it alone, not the layout
  const fetching = useIsFetching();
  const busy = useRef(fetching > 0);
  const waiting = useRef<unknown>(null);
  busy.current = fetching > 0;
  useEffect(() => {
    if (fetching || !waiting.current) return;
    preloadPage(waiting.current);
    waiting.current = null;
  }, [fetching]);
  useEffect(() => {
    // where the pointer was at its last event: an event at the same place is content moving under it
    let at: string | null = null;
    const onIntent = (e: Event) => {
      if (e instanceof PointerEvent) {
        const here = `${e.clientX},${e.clientY}`;
        const still = at === null || here === at;
        at = here;
        if (still) return;
      }
      const a = (e.target as HTMLElement | null)?.closest?.('a[href^="#/"], [data-href^="#/"]');
      const href = a?.getAttribute('href') ?? a?.getAttribute('data-href');
      const m = href ? /^#\/([^/?]+)(?:\/([^/?]+))?(?:\/(show))?/.exec(href) : null;
      if (!m) return;
      const page = pageOf(m[1], m[2] === 'create' ? 'create' : m[3] === 'show' ? 'show' : m[2] ? 'edit' : 'list');
      if (busy.current) waiting.current = page;
      else preloadPage(page);
    };
    document.addEventListener('pointerover', onIntent, { passive: true });
    document.addEventListener('focusin', onIntent);
    return () => {
      document.removeEventListener('pointerover', onIntent);
      document.removeEventListener('focusin', onIntent);
    };
  }, []);
  return null;
};

export const IncidentDeskAppBar = () => (
  <AppBar
    // the user's name (what the button shows) is theirs
    userMenu={
      <Box component="span" {...USER_TEXT} sx={{ display: 'inline-flex' }}>
        <IncidentDeskUserMenu />
      </Box>
    }
    toolbar={
      <>
        <SearchButton onOpen={useContext(SearchContext)} />
        <NotificationBell />
        <LocaleSwitcher />
        <LoadingIndicator />
      </>
    }
  >
    <FirmLogo />
    {/* a long title ends in "…" before the buttons instead of running into them */}
    <TitlePortal sx={{ flex: 1, minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }} />
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

export const IncidentDeskLayout = ({ children }: { children: ReactNode }) => {
  const [palette, setPalette] = useState(false);
  const [openCount, setOpenCount] = useState(0);
  const open = useCallback(() => {
    setPalette(true);
    setOpenCount((n) => n + 1);
  }, []);
  useShortcuts(open);
  useDocumentTitle();
  return (
    <SearchContext.Provider value={open}>
      <Layout appBar={IncidentDeskAppBar}>
        <ProfileLocale />
        <PreloadOnIntent />
        {hasRecoveryCodes() && (
          <Suspense fallback={null}>
            <RecoveryCodesDialog />
          </Suspense>
        )}
        {children}
        {openCount > 0 && (
          <Suspense fallback={null}>
            <CommandPalette open={palette} onClose={() => setPalette(false)} />
          </Suspense>
        )}
      </Layout>
    </SearchContext.Provider>
  );
};
