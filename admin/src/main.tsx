import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { hasSession } from './session';
import { SignInPage } from './login/SignInPage';

/**
 * The first script: React, the sign-in page and the session check. Signed in, it loads the app (react-admin and the
 * shell, App.tsx) and, when the first screen is the dashboard, the dashboard alongside; every resource's pages load when
 * they are opened (their index.ts).
 */
const root = createRoot(document.getElementById('root')!);

const firstScreenIsDashboard = () => {
  const hash = window.location.hash;
  return hash === '' || hash === '#/' || hash.startsWith('#/login');
};

const loadApp = () => {
  if (firstScreenIsDashboard()) void import('./dashboard/Dashboard');
  return import('./App');
};

const showApp = () => {
  return loadApp().then(({ App }) => {
    if (window.location.hash.startsWith('#/login')) window.history.replaceState(null, '', '#/');
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
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
