import { useState, type FormEvent } from 'react';
import BlockIcon from '@mui/icons-material/Block';
import DeleteForeverIcon from '@mui/icons-material/DeleteForever';
import DownloadIcon from '@mui/icons-material/Download';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField as MuiTextField } from '@mui/material';
import {
  Button, HttpError, useCanAccess, useDataProvider, useNotify, useRecordContext, useRedirect, useRefresh, useTranslate,
} from 'react-admin';
import type { FirmRecord } from '@incident-desk/shared';
import { downloadWithToken } from '../common/download';
import { API_URL, type IncidentDeskDataProvider } from '../dataProvider';

const message = (e: unknown) => (e instanceof HttpError && typeof e.message === 'string' ? e.message : 'ra.notification.http_error');

/** A confirmation dialog; `typed`: the text to type before the button is enabled (the firm's name, for deletion). */
const Confirm = (props: { open: boolean; title: string; content: string; typed?: string; busy: boolean; onClose(): void; onConfirm(): void; className: string }) => {
  const translate = useTranslate();
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!props.typed || text === props.typed) props.onConfirm();
  };
  return (
    <Dialog open={props.open} onClose={props.busy ? undefined : props.onClose} fullWidth maxWidth="xs" className={props.className}>
      <form onSubmit={submit} noValidate>
        <DialogTitle>{props.title}</DialogTitle>
        <DialogContent>
          <DialogContentText>{props.content}</DialogContentText>
          {props.typed !== undefined && (
            <MuiTextField
              autoFocus
              fullWidth
              margin="dense"
              name="confirm-name"
              label={translate('app.firms.type_name')}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={props.onClose} disabled={props.busy} />
          <Button label="ra.action.confirm" type="submit" variant="contained" disabled={props.busy || (props.typed !== undefined && text !== props.typed)} className="confirm-button" />
        </DialogActions>
      </form>
    </Dialog>
  );
};

/** Suspend (every user of the firm is signed out on their next request) or reactivate, after a confirmation. */
export const SuspendButton = () => {
  const record = useRecordContext<FirmRecord>();
  const { canAccess } = useCanAccess({ resource: 'firms', action: 'transition' });
  const dataProvider = useDataProvider<IncidentDeskDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!record || !canAccess) return null;
  const verb = record.status === 'suspended' ? 'reactivate' : 'suspend';
  const run = async () => {
    setBusy(true);
    try {
      await dataProvider.firmState(record.id, verb);
      notify(`app.firms.${verb}_done`, { type: 'success' });
      setOpen(false);
      refresh();
    } catch (e) {
      notify(message(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button label={`app.firms.${verb}`} onClick={() => setOpen(true)} className={`${verb}-button`} color={verb === 'suspend' ? 'warning' : 'primary'}>
        {verb === 'suspend' ? <BlockIcon /> : <PlayArrowIcon />}
      </Button>
      <Confirm
        open={open}
        className={`${verb}-dialog`}
        title={translate(`app.firms.${verb}_title`, { name: record.name })}
        content={translate(`app.firms.${verb}_content`)}
        busy={busy}
        onClose={() => setOpen(false)}
        onConfirm={run}
      />
    </>
  );
};

/** Downloads the firm's archive (tar.gz: every table as JSON and CSV, the files with their SHA-256, the audit check). */
export const ExportButton = () => {
  const record = useRecordContext<FirmRecord>();
  const { canAccess } = useCanAccess({ resource: 'firms', action: 'export' });
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  if (!record || !canAccess) return null;
  const run = async () => {
    setBusy(true);
    try {
      const url = `${API_URL}/firms/${encodeURIComponent(record.id)}/export`;
      await downloadWithToken(url, `${record.slug}.tar.gz`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      notify('app.firms.export_done', { type: 'success' });
    } catch (e) {
      notify(message(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button label="app.firms.export" onClick={run} disabled={busy} className="export-button">
      <DownloadIcon />
    </Button>
  );
};

/** Deletes a suspended firm and everything it owns, after the operator types its name. */
export const DeleteFirmButton = () => {
  const record = useRecordContext<FirmRecord>();
  const { canAccess } = useCanAccess({ resource: 'firms', action: 'delete' });
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!record || !canAccess || record.status !== 'suspended') return null;
  const run = async () => {
    setBusy(true);
    try {
      await dataProvider.delete('firms', { id: record.id, previousData: record });
      notify('app.firms.delete_done', { type: 'success' });
      setOpen(false);
      redirect('list', 'firms');
    } catch (e) {
      notify(message(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button label="app.firms.delete" onClick={() => setOpen(true)} color="error" className="delete-firm-button">
        <DeleteForeverIcon />
      </Button>
      <Confirm
        open={open}
        className="delete-firm-dialog"
        title={translate('app.firms.delete_title', { name: record.name })}
        content={translate('app.firms.delete_content')}
        typed={record.name}
        busy={busy}
        onClose={() => setOpen(false)}
        onConfirm={run}
      />
    </>
  );
};
