import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useLocation } from 'react-router-dom';
import { passwordProblem } from '@incident-desk/shared';
import { API_URL } from '../dataProvider';
import { LocaleSwitcher } from '../layout';

/**
 * Where the links of the account e-mails land (issue 20): `#/accept-invite?token=…` (an invitation: the first
 * password) and `#/reset-password?token=…` (a reset). Outside the layout and without signing in; the password rule is
 * shared/src/passwords.ts, the same the API applies. Inputs: `input[name="password"]`, `input[name="confirm"]`.
 */
export const SetPasswordPage = ({ purpose }: { purpose: 'invite' | 'reset' }) => {
  const translate = useTranslate();
  const token = new URLSearchParams(useLocation().search).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password);
    if (problem) return setError(translate(`app.account.problem.${problem}`));
    if (password !== confirm) return setError(translate('app.account.mismatch'));
    setSaving(true);
    try {
      const res = await fetch(`${API_URL}/auth/${purpose === 'invite' ? 'accept-invite' : 'reset-password'}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token, password }),
      });
      if (res.ok) setDone(true);
      else {
        const body = await res.json().catch(() => ({}));
        const field = body?.errors?.[0]?.field;
        setError(field === 'token' ? translate('app.account.bad_link') : body?.errors?.[0]?.message ?? translate('ra.notification.http_error'));
      }
    } catch {
      setError(translate('ra.notification.http_error'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', mt: 8 }}>
      <Card sx={{ width: 420 }}>
        <CardContent>
          <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
            <LocaleSwitcher />
          </Box>
          <Typography variant="h6" component="h1" gutterBottom>
            {translate(purpose === 'invite' ? 'app.account.invite_title' : 'app.account.reset_title')}
          </Typography>
          {done ? (
            <>
              <Alert severity="success" className="set-password-done">{translate('app.account.done')}</Alert>
              <Button href="#/login" sx={{ mt: 2 }} variant="contained">
                {translate('ra.auth.sign_in')}
              </Button>
            </>
          ) : !token ? (
            <Alert severity="error">{translate('app.account.bad_link')}</Alert>
          ) : (
            <form onSubmit={submit} noValidate>
              <TextField
                fullWidth
                margin="normal"
                type="password"
                name="password"
                label={translate('app.account.password')}
                helperText={translate('app.account.hint')}
                value={password}
                onChange={(e) => {
                  setPassword(e.target.value);
                  setError(null);
                }}
                slotProps={{ htmlInput: { autoComplete: 'new-password' } }}
              />
              <TextField
                fullWidth
                margin="normal"
                type="password"
                name="confirm"
                label={translate('app.account.confirm')}
                value={confirm}
                onChange={(e) => {
                  setConfirm(e.target.value);
                  setError(null);
                }}
                slotProps={{ htmlInput: { autoComplete: 'new-password' } }}
              />
              {error && (
                <Alert severity="error" className="set-password-error" sx={{ mt: 1 }}>
                  {error}
                </Alert>
              )}
              <Button type="submit" variant="contained" disabled={saving} sx={{ mt: 2 }} fullWidth>
                {translate('app.account.submit')}
              </Button>
            </form>
          )}
        </CardContent>
      </Card>
    </Box>
  );
};
