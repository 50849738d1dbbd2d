import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getFirmTimeZone, getStoredUser, hasSession } from './session';
import { SignInPage } from './login/SignInPage';
import { getDefaultLocale } from './i18n/locale';
import { loadMessages } from './i18n/catalog';
import { firstScreenIsDashboard, preloadRoleDashboard } from './dashboard/roles';

/**
 * The first script: React, the sign-in page and the session check. Signed in, it loads the app (react-admin and the
 * shell, App.tsx) with the start of the UI's messages (only its language: i18n/modules.ts) and, when the first screen
 * is the dashboard, the dashboard and the role's own part of it alongside; every resource's pages load when they are
 * opened (their index.ts).
 */
const root = createRoot(document.getElementById('root')!);

/**
 * How long the app waits, after the sign-in's answer, for the first screen's answers (dashboard/firstScreen.ts) before
 * it is drawn. They come in 200–400 ms on the 2-core machine of bench:admin; drawn before them, the app and the
 * dashboard rendered empty while the server answered (the two sharing the machine), then again with each answer:
 * sign-in → dashboard settled took ~200 ms longer (DOM timeline, 3 runs each: 1,208–1,444 ms against 1,100–1,237).
 */
const FIRST_SCREEN_WAIT_MS = 400;

/**
 * Starts loading what the first screen needs: while the password is typed (the app's code; no user yet) and again with
 * the sign-in's answer or a stored session (the role's dashboard, and what it shows first: dashboard/roles.ts).
 */
const loadApp = () => {
  void loadMessages(getDefaultLocale(), 'start').catch(() => undefined);
  let firstScreen: Promise<unknown> = Promise.resolve();
  if (firstScreenIsDashboard()) {
    const user = getStoredUser();
    const answers = preloadRoleDashboard(user, getFirmTimeZone());
    const page = import('./dashboard/Dashboard').then((m) => m.preloadRolePage(user?.role));
    firstScreen = Promise.all([page, Promise.race([answers, new Promise((r) => setTimeout(r, FIRST_SCREEN_WAIT_MS))])]);
  }
  // the app is drawn once the role's dashboard can be drawn with it (drawn before, the dashboard suspended on it, and
  // React kept the empty fallback at least 300 ms — its throttle of revealed Suspense content — for a ~50 ms chunk),
  // and once what it shows first has come in, for up to FIRST_SCREEN_WAIT_MS
  return Promise.all([import('./App'), firstScreen.catch(() => undefined)]).then(([app]) => app);
};

const showApp = () => {
  return loadApp()
    .then(async ({ App, i18nReady }) => {
      await i18nReady();
      return App;
    })
    .then((App) => {
      if (window.location.hash.startsWith('#/login')) window.history.replaceState(null, '', '#/');
      // a transition: React renders the app and its first screen in short slices, yielding to the browser between
      // them, instead of one task of 250–300 ms (the sign-in page stays until the app is ready to show)
      startTransition(() =>
        root.render(
          <StrictMode>
            <App />
          </StrictMode>,
        ),
      );
    });
};

// the links of the account e-mails (an invitation, a password reset): their page (a chunk of its own, with the shared
// password rule), signed in or not, without the app
const setPassword = ({ '#/accept-invite': 'invite', '#/reset-password': 'reset' } as const)[window.location.hash.split('?')[0] as '#/accept-invite'];
if (setPassword) {
  // leaving the page (its sign-in button, or another address typed in): the first script starts again
  window.addEventListener('hashchange', () => window.location.reload(), { once: true });
  void import('./login/SetPasswordPage').then(({ SetPasswordPage }) =>
    root.render(
      <StrictMode>
        <SetPasswordPage purpose={setPassword} />
      </StrictMode>,
    ),
  );
} else if (hasSession()) void showApp();
else {
  root.render(
    <StrictMode>
      <SignInPage onSignedIn={showApp} preload={loadApp} />
    </StrictMode>,
  );
}
