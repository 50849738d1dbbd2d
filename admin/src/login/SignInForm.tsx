import { useState, type FormEvent } from 'react';
import { Avatar, Box, Button, Card, CardActions, CardContent, CircularProgress, TextField, Typography } from '@mui/material';
import LockIcon from '@mui/icons-material/Lock';
import type { Locale, MfaSetup } from '@incident-desk/shared';
import { LANGUAGES } from '../i18n/locale';
import type { Credentials } from '../session';
import { en, zhCN } from './messages';

const TEXT: Record<Locale, typeof en.app.login> = { en: en.app.login, 'zh-CN': zhCN.app.login };

export interface SignInFormProps {
  locale: Locale;
  onLocale: (locale: Locale) => void;
  /** signs in; fails with an `app.login.*` message key (a SignInError: with the firms to choose from) */
  submit: (credentials: Credentials) => Promise<unknown>;
  /** called on each change of the email or the password (a person is signing in) */
  onTyping?: () => void;
}

/**
 * The sign-in page: email (`input[name="email"]`), password, a submit button, and the language switch
 * (`data-testid="locale-switcher"`); the firm's code (`input[name="firm"]`) once the server asks for it (the address
 * signs in to several firms); the two-factor code (`input[name="code"]`) once the server asks for it, with the secret to
 * add to an authenticator app (QR code and text) when the firm requires two-factor and the account has none yet. Made of MUI parts only, without react-admin, so that it shows from the first,
 * small script (main.tsx); react-admin's `/login` route shows it too (AdminLoginPage).
 */
export const SignInForm = ({ locale, onLocale, submit, onTyping }: SignInFormProps) => {
  const t = TEXT[locale];
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [firm, setFirm] = useState<string | null>(null);
  // two-factor sign-in: the code field once the server asks for it; the secret to set up when the firm requires it
  const [code, setCode] = useState<string | null>(null);
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) return;
    setBusy(true);
    setError(null);
    try {
      await submit({ email: email.trim(), password, ...(firm?.trim() ? { firm: firm.trim() } : {}), ...(code?.trim() ? { code: code.trim() } : {}) });
    } catch (err) {
      const key = err instanceof Error ? err.message.replace(/^app\.login\./, '') : '';
      if (key === 'firm_required' && firm === null) setFirm('');
      if ((key === 'mfa_required' || key === 'mfa_setup_required') && code === null) setCode('');
      if (key === 'mfa_setup_required' && err instanceof Error && 'mfaSetup' in err && err.mfaSetup) setSetup(err.mfaSetup as MfaSetup);
      const firms = err instanceof Error && 'firms' in err ? String(err.firms) : '';
      setError(key in t ? t[key as keyof typeof t].replace('%{firms}', firms) : t.http_error);
      setBusy(false);
    }
  };
  return (
    <Box
      component="main"
      sx={{
        display: 'flex', flexDirection: 'column', alignItems: 'center', minHeight: '100vh', px: 2,
        backgroundImage: 'radial-gradient(circle at 50% 14em, #313264 0%, #00023b 60%, #00023b 100%)',
      }}
    >
      <Card sx={{ width: 340, maxWidth: '100%', mt: { xs: '3em', sm: '6em' } }}>
        <Box sx={{ m: '1em', display: 'flex', justifyContent: 'center' }}>
          <Avatar sx={{ bgcolor: 'secondary.main' }}>
            <LockIcon />
          </Avatar>
        </Box>
        <Typography component="h1" variant="subtitle1" align="center">
          {t.title}
        </Typography>
        <Box data-testid="locale-switcher" role="group" aria-label={t.language} sx={{ display: 'flex', justifyContent: 'center', gap: 1, mt: 1 }}>
          {LANGUAGES.map((l) => (
            <Button key={l.locale} size="small" lang={l.locale} aria-pressed={l.locale === locale} variant={l.locale === locale ? 'outlined' : 'text'} onClick={() => onLocale(l.locale)}>
              {l.name}
            </Button>
          ))}
        </Box>
        <form onSubmit={onSubmit} noValidate>
          <CardContent sx={{ pb: 0 }}>
            <TextField
              autoFocus name="email" type="email" label={t.email} autoComplete="username" required fullWidth margin="dense" variant="filled" size="small"
              value={email} onChange={(e) => { onTyping?.(); setEmail(e.target.value); }} disabled={busy}
            />
            <TextField
              name="password" type="password" label={t.password} autoComplete="current-password" required fullWidth margin="dense" variant="filled" size="small"
              value={password} onChange={(e) => { onTyping?.(); setPassword(e.target.value); }} disabled={busy}
            />
            {firm !== null && (
              <TextField
                autoFocus name="firm" label={t.firm} autoComplete="organization" fullWidth margin="dense" variant="filled" size="small"
                value={firm} onChange={(e) => setFirm(e.target.value)} disabled={busy}
              />
            )}
            {setup && (
              <Box data-testid="mfa-setup" sx={{ mt: 1, textAlign: 'center' }}>
                <Typography variant="body2" sx={{ mb: 1 }}>{t.mfa_setup_help}</Typography>
                <img src={setup.qr} alt={t.mfa_qr} width={180} height={180} data-testid="mfa-qr" />
                <Typography variant="caption" component="p" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="mfa-secret">
                  {setup.secret}
                </Typography>
              </Box>
            )}
            {code !== null && (
              <TextField
                autoFocus name="code" label={t.mfa_code} autoComplete="one-time-code" fullWidth margin="dense" variant="filled" size="small"
                inputProps={{ inputMode: 'text', maxLength: 20 }} helperText={t.mfa_code_help}
                value={code} onChange={(e) => setCode(e.target.value)} disabled={busy}
              />
            )}
            {error && (
              <Typography role="alert" color="error" variant="body2" sx={{ mt: 1 }} data-testid="login-error">
                {error}
              </Typography>
            )}
          </CardContent>
          <CardActions sx={{ p: 2 }}>
            <Button type="submit" variant="contained" fullWidth disabled={busy || !email.trim() || !password} startIcon={busy ? <CircularProgress size={18} color="inherit" /> : undefined}>
              {t.sign_in}
            </Button>
          </CardActions>
        </form>
      </Card>
    </Box>
  );
};
