import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, createTheme, CssBaseline, TextField, ThemeProvider, Typography } from '@mui/material';
import { defaultTheme } from 'ra-ui-materialui';
import { passwordProblem, type Locale } from '@incident-desk/shared';
import { getDefaultLocale, LANGUAGES, rememberDeviceLocale } from '../i18n/locale';
import { en, zhCN } from './account-messages';

const TEXT: Record<Locale, typeof en> = { en, 'zh-CN': zhCN };
const theme = createTheme(defaultTheme);

/**
 * Where the links of the account e-mails land (issue 20): `#/accept-invite?token=…` (an invitation: the first
 * password) and `#/reset-password?token=…` (a reset). Like the sign-in page, MUI parts only and shown by the first
 * script without signing in or loading react-admin; the password rule is shared/src/passwords.ts (main.tsx loads this page for those two addresses), the same the API
 * applies. Inputs: `input[name="password"]`, `input[name="confirm"]`.
 */
export const SetPasswordPage = ({ purpose }: { purpose: 'invite' | 'reset' }) => {
  const [locale, setLocale] = useState<Locale>(getDefaultLocale);
  const t = TEXT[locale];
  const token = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password);
    if (problem) return setError(t.problem[problem]);
    if (password !== confirm) return setError(t.mismatch);
    setSaving(true);
    try {
      const res = await fetch(`/api/auth/${purpose === 'invite' ? 'accept-invite' : 'reset-password'}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token, password }),
      });
      if (res.ok) setDone(true);
      else {
        const body = await res.json().catch(() => ({}));
        const field = body?.errors?.[0]?.field;
        setError(field === 'token' ? t.bad_link : body?.errors?.[0]?.message ?? t.http_error);
      }
    } catch {
      setError(t.http_error);
    } finally {
      setSaving(false);
    }
  };

  const edit = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    setError(null);
  };

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Box component="main" sx={{ display: 'flex', justifyContent: 'center', mt: 8, px: 2 }}>
        <Card sx={{ width: 420, maxWidth: '100%' }}>
          <CardContent>
            <Box data-testid="locale-switcher" role="group" sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1 }}>
              {LANGUAGES.map((l) => (
                <Button
                  key={l.locale} size="small" lang={l.locale} aria-pressed={l.locale === locale} variant={l.locale === locale ? 'outlined' : 'text'}
                  onClick={() => {
                    rememberDeviceLocale(l.locale);
                    setLocale(l.locale);
                  }}
                >
                  {l.name}
                </Button>
              ))}
            </Box>
            <Typography variant="h6" component="h1" gutterBottom>
              {purpose === 'invite' ? t.invite_title : t.reset_title}
            </Typography>
            {done ? (
              <>
                <Alert severity="success" className="set-password-done">{t.done}</Alert>
                <Button href="#/login" sx={{ mt: 2 }} variant="contained">
                  {t.sign_in}
                </Button>
              </>
            ) : !token ? (
              <Alert severity="error">{t.bad_link}</Alert>
            ) : (
              <form onSubmit={submit} noValidate>
                <TextField
                  fullWidth margin="normal" type="password" name="password" label={t.password} helperText={t.hint}
                  value={password} onChange={edit(setPassword)} slotProps={{ htmlInput: { autoComplete: 'new-password' } }}
                />
                <TextField
                  fullWidth margin="normal" type="password" name="confirm" label={t.confirm}
                  value={confirm} onChange={edit(setConfirm)} slotProps={{ htmlInput: { autoComplete: 'new-password' } }}
                />
                {error && (
                  <Alert severity="error" className="set-password-error" sx={{ mt: 1 }}>
                    {error}
                  </Alert>
                )}
                <Button type="submit" variant="contained" disabled={saving} sx={{ mt: 2 }} fullWidth>
                  {t.submit}
                </Button>
              </form>
            )}
          </CardContent>
        </Card>
      </Box>
    </ThemeProvider>
  );
};
