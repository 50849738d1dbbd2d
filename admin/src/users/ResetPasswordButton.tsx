import { useState, type FormEvent } from 'react';
import LockResetIcon from '@mui/icons-material/LockReset';
import { Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import {
  Button,
  HttpError,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { UserRecord } from '@incident-desk/shared';
import type { IncidentDeskDataProvider } from '../dataProvider';

/** Managers only (canAccess users/reset_password): sets a new password for the user in a dialog. */
export const ResetPasswordButton = () => {
  const record = useRecordContext<UserRecord>();
  const { canAccess } = useCanAccess({ resource: 'users', action: 'reset_password' });
  const dataProvider = useDataProvider<IncidentDeskDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  if (!record || !canAccess) return null;

  const close = () => {
    if (saving) return;
    setOpen(false);
    setPassword('');
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length < 12) {
      setError(translate('app.validation.password_length'));
      return;
    }
    setSaving(true);
    try {
      await dataProvider.resetPassword(record.id, password);
      notify('app.users.password_reset_done', { type: 'success' });
      setSaving(false);
      setOpen(false);
      setPassword('');
      setError(null);
    } catch (e) {
      setSaving(false);
      const fieldError = e instanceof HttpError ? (e.body?.errors?.password as string | undefined) : undefined;
      if (fieldError) setError(fieldError);
      else notify(typeof e?.message === 'string' ? e.message : 'ra.notification.http_error', { type: 'error' });
    }
  };

  return (
    <>
      <Button label="app.users.reset_password" onClick={() => setOpen(true)} className="reset-password-button">
        <LockResetIcon />
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby="reset-password-title" fullWidth maxWidth="xs">
        <form onSubmit={submit} noValidate>
          <DialogTitle id="reset-password-title">
            {translate('app.users.reset_password_title', { name: record.name })}
          </DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{translate('app.users.reset_password_content')}</DialogContentText>
            <TextField
              autoFocus
              fullWidth
              type="password"
              name="newPassword"
              label={translate('app.users.new_password')}
              value={password}
              onChange={e => {
                setPassword(e.target.value);
                setError(null);
              }}
              error={!!error}
              helperText={error ?? translate('app.users.password_hint')}
              slotProps={{ htmlInput: { autoComplete: 'new-password', minLength: 12 } }}
            />
          </DialogContent>
          <DialogActions>
            <Button label="ra.action.cancel" onClick={close} disabled={saving} />
            <Button label="ra.action.confirm" type="submit" variant="contained" disabled={saving} />
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
};
