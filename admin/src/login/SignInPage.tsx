import { useRef, useState } from 'react';
import { createTheme, CssBaseline, ThemeProvider } from '@mui/material';
import { defaultTheme } from 'ra-ui-materialui';
import type { Locale } from '@incident-desk/shared';
import { getDefaultLocale, rememberDeviceLocale } from '../i18n/locale';
import { signIn, type Credentials } from '../session';
import { SignInForm } from './SignInForm';

const theme = createTheme(defaultTheme);

/**
 * The sign-in page as the first script shows it, before the app: react-admin's theme (its options only), the form, the
 * device's language. `onSignedIn` loads and shows the app; `preload` starts loading it once a person starts typing
 * (not when the page opens: the login page's own script stays small for whoever only passes by), and again with the
 * sign-in (it loads once).
 */
export const SignInPage = ({ onSignedIn, preload }: { onSignedIn: () => Promise<unknown>; preload: () => Promise<unknown> }) => {
  const [locale, setLocale] = useState<Locale>(getDefaultLocale);
  // the app's code is fetched and run while the address and the password are typed, so that the sign-in's answer
  // finds it ready and the server's password check does not share the machine with it
  const typing = useRef(false);
  const onTyping = () => {
    if (typing.current) return;
    typing.current = true;
    void preload();
  };
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
        onTyping={onTyping}
      />
    </ThemeProvider>
  );
};
