import { useState, type FormEvent } from 'react';
import LockResetIcon from '@mui/icons-material/LockReset';
import { Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
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

/** Managers only (canAccess users/reset_password): e-mails the user a one-time reset link, after a confirmation. */
export const ResetPasswordButton = () => {
  const record = useRecordContext<UserRecord>();
  const { canAccess } = useCanAccess({ resource: 'users', action: 'reset_password' });
  const dataProvider = useDataProvider<IncidentDeskDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);

  if (!record || !canAccess || record.invitationPending) return null;

  const close = () => {
    if (!saving) setOpen(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      await dataProvider.resetPassword(record.id);
      notify('app.users.password_reset_done', { type: 'success' });
      setOpen(false);
    } catch (e) {
      notify(e instanceof HttpError && typeof e.message === 'string' ? e.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setSaving(false);
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
            <DialogContentText>{translate('app.users.reset_password_content')}</DialogContentText>
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
