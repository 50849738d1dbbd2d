import { useRef, useState, type ChangeEvent } from 'react';
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, List, ListItem, ListItemText, Menu, MenuItem, Typography,
} from '@mui/material';
import UploadIcon from '@mui/icons-material/Upload';
import { useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { TrainingRecord } from '@incident-desk/shared';
import { importParticipants } from './api';
import { serverErrors } from '../common/api';

/**
 * Imports participants from a CSV file (replace or append). A file with bad lines imports nothing: the lines are
 * shown in a dialog. Hooks: data-testid="import-participants" (button), input[name="file"]
 * (data-testid="import-participants-input"), data-testid="import-errors" (dialog) with one list item per bad line.
 */
export const ImportParticipantsButton = () => {
  const record = useRecordContext<TrainingRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const { canAccess } = useCanAccess({ resource: 'trainings', action: 'edit' });
  const input = useRef<HTMLInputElement>(null);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [mode, setMode] = useState<'replace' | 'append'>('replace');
  const [errors, setErrors] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  if (!record || !canAccess) return null;

  const pick = (m: 'replace' | 'append') => {
    setMode(m);
    setAnchor(null);
    input.current?.click();
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setBusy(true);
    try {
      const updated = await importParticipants(record.id, file, mode);
      notify('incidentDesk.trainings.import.done', { type: 'info', messageArgs: { count: updated.participantCount } });
      refresh();
    } catch (error) {
      const lines = serverErrors(error).map((x) => x.message);
      if (lines.length) setErrors(lines);
      else notify(typeof error?.message === 'string' ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <input ref={input} type="file" name="file" accept=".csv,text/csv" hidden onChange={onFile} data-testid="import-participants-input" />
      <Button size="small" startIcon={<UploadIcon />} disabled={busy} onClick={(e) => setAnchor(e.currentTarget)} data-testid="import-participants">
        {translate('incidentDesk.trainings.import.button')}
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => pick('replace')} data-testid="import-participants-replace">{translate('incidentDesk.trainings.import.replace')}</MenuItem>
        <MenuItem onClick={() => pick('append')} data-testid="import-participants-append">{translate('incidentDesk.trainings.import.append')}</MenuItem>
        <Typography variant="caption" color="text.secondary" component="div" sx={{ px: 2, py: 1, maxWidth: 360 }}>
          {translate('incidentDesk.trainings.import.help')}
        </Typography>
      </Menu>
      <Dialog open={!!errors} onClose={() => setErrors(null)} data-testid="import-errors" maxWidth="sm" fullWidth>
        <DialogTitle>{translate('incidentDesk.trainings.import.errors_title')}</DialogTitle>
        <DialogContent>
          <Alert severity="error" sx={{ mb: 1 }}>{translate('incidentDesk.trainings.import.help')}</Alert>
          <List dense>
            {(errors ?? []).map((line) => (
              <ListItem key={line} data-testid="import-error">
                <ListItemText primary={line} />
              </ListItem>
            ))}
          </List>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setErrors(null)}>{translate('incidentDesk.trainings.import.close')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
