import { useState } from 'react';
import { createTheme, CssBaseline, ThemeProvider } from '@mui/material';
import { defaultTheme } from 'ra-ui-materialui';
import type { Locale } from '@incident-desk/shared';
import { getDefaultLocale, rememberDeviceLocale } from '../i18n/locale';
import { signIn, type Credentials } from '../session';
import { SignInForm } from './SignInForm';

const theme = createTheme(defaultTheme);

/**
 * The sign-in page as the first script shows it, before the app: react-admin's theme (its options only), the form, the
 * device's language. `onSignedIn` loads and shows the app; `preload` starts loading it while the password is checked.
 */
export const SignInPage = ({ onSignedIn, preload }: { onSignedIn: () => Promise<unknown>; preload: () => Promise<unknown> }) => {
  const [locale, setLocale] = useState<Locale>(getDefaultLocale);
  const submit = async (credentials: Credentials) => {
    // the sign-in request first, then the app's chunks: asked for the other way round, the request waited behind them
    // for one of the browser's six connections to the server (HTTP/1.1), 300–400 ms under load (bench:admin --waterfall)
    const signedIn = signIn(credentials);
    void preload();
    await signedIn;
    await onSignedIn();
  };
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <SignInForm
        locale={locale}
        onLocale={(l) => {
          rememberDeviceLocale(l);
          setLocale(l);
        }}
        submit={submit}
      />
    </ThemeProvider>
  );
};
