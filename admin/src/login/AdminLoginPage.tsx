import { useLocaleState, useLogin } from 'react-admin';
import { SignInForm } from './SignInForm';

/** The same sign-in form on react-admin's `/login` route (after signing out, or when the session ends). */
export const AdminLoginPage = () => {
  const login = useLogin();
  const [locale, setLocale] = useLocaleState();
  return <SignInForm locale={locale === 'en' ? 'en' : 'zh-CN'} onLocale={setLocale} submit={login} />;
};
