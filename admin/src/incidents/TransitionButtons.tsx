import { useState } from 'react';
import {
  Alert, Box, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, FormControlLabel, TextField,
} from '@mui/material';
import { useGetIdentity, useRecordContext, useRefresh, useTranslate, useNotify, HttpError } from 'react-admin';
import { allowedTransitions, canOverrideGate, checkTransition, isReopen, isWorkPhase, openRequiredTasks, type IncidentStatus, type Role } from '@incident-desk/shared';
import { enumLabel, useAppLocale } from '../common/enums';
import { postAction } from '../common/api';
import { useAccess } from '../common/access';
import { useSmall } from '../common/responsive';
import type { IncidentRecord, TaskRecord } from './types';

/** May this user override the phase gate? The shared rule the server applies (canOverrideGate). */
export const useCanOverride = (record: IncidentRecord | undefined) => {
  const { identity } = useGetIdentity();
  return !!record && !!identity && canOverrideGate({ id: String(identity.id), role: identity.role as Role }, record);
};

const TransitionDialog = ({ record, to, tasks, onClose }: { record: IncidentRecord; to: IncidentStatus; tasks: TaskRecord[]; onClose: () => void }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const refresh = useRefresh();
  const notify = useNotify();
  const canOverride = useCanOverride(record);
  const fullScreen = useSmall();
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const from = record.status;
  const reopen = isReopen(from, to);
  const gated = isWorkPhase(from) && !reopen && !(from === 'triage' && to === 'dismissed');
  const open = gated ? openRequiredTasks(tasks, from) : [];
  const check = checkTransition({ from, to, reason, override, canOverride, tasks });
  const reasonNeeded = reopen || (open.length > 0 && override);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    setReasonError(null);
    try {
      await postAction('incidents', record.id, 'transition', {
        to,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(override && open.length ? { override: true } : {}),
      });
      notify('incidentDesk.incidents.moved', { type: 'info', messageArgs: { status: enumLabel('incidentStatus', to, locale) } });
      onClose();
      refresh();
    } catch (e) {
      const fieldErr = e instanceof HttpError ? (e.body as { errors?: Record<string, string> } | undefined)?.errors?.reason : undefined;
      if (fieldErr) setReasonError(fieldErr);
      else setError(e instanceof Error && e.message ? e.message : translate('ra.notification.http_error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" fullScreen={fullScreen} data-testid="transition-dialog">
      <DialogTitle>
        {translate('incidentDesk.incidents.transition_title', { from: enumLabel('incidentStatus', from, locale), to: enumLabel('incidentStatus', to, locale) })}
      </DialogTitle>
      <DialogContent>
        {reopen && <DialogContentText sx={{ mb: 1 }}>{translate('incidentDesk.incidents.reopen_help')}</DialogContentText>}
        {open.length > 0 && (
          <Alert severity="warning" sx={{ mb: 1 }} data-testid="transition-open-tasks" data-count={open.length}>
            {translate('incidentDesk.incidents.open_required', { smart_count: open.length, phase: enumLabel('workPhase', from, locale) })}
            {!canOverride && <Box sx={{ mt: 0.5 }}>{translate('incidentDesk.incidents.override_who')}</Box>}
          </Alert>
        )}
        {open.length > 0 && canOverride && (
          <FormControlLabel
            control={<Checkbox name="override" checked={override} onChange={(e) => setOverride(e.target.checked)} data-testid="transition-override" />}
            label={translate('incidentDesk.incidents.override')}
          />
        )}
        <TextField
          name="reason"
          label={translate(reasonNeeded ? 'incidentDesk.incidents.reason_required' : 'incidentDesk.incidents.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          multiline
          minRows={2}
          fullWidth
          required={reasonNeeded}
          error={!!reasonError}
          helperText={reasonError ?? undefined}
          sx={{ mt: 1 }}
          slotProps={{ htmlInput: { maxLength: 2000 } }}
        />
        {error && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="transition-error">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {translate('ra.action.cancel')}
        </Button>
        <Button variant="contained" onClick={confirm} disabled={busy || !check.ok} data-testid="transition-confirm">
          {translate('ra.action.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * One button per move the shared lifecycle allows from the current status (`data-testid="transition-<to>"`), for
 * staff with the `transition` right. Each opens a dialog: a reason (required to reopen, or to override open required
 * tasks — which only the lead or a manager may do); the server's 409 message is shown as it is.
 */
export const TransitionButtons = ({ tasks }: { tasks: TaskRecord[] }) => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const canAccess = useAccess('incidents', 'transition');
  const [to, setTo] = useState<IncidentStatus | null>(null);
  if (!record || !canAccess) return null;
  return (
    <>
      {allowedTransitions(record.status).map((target) => (
        <Button
          key={target}
          size="small"
          variant={isReopen(record.status, target) || target === 'dismissed' ? 'outlined' : 'contained'}
          color={target === 'dismissed' ? 'inherit' : 'primary'}
          onClick={() => setTo(target)}
          data-testid={`transition-${target}`}
          sx={{ textTransform: 'none' }}
        >
          {translate(isReopen(record.status, target) ? 'incidentDesk.incidents.reopen_to' : 'incidentDesk.incidents.move_to', {
            status: enumLabel('incidentStatus', target, locale),
          })}
        </Button>
      ))}
      {to && <TransitionDialog record={record} to={to} tasks={tasks} onClose={() => setTo(null)} />}
    </>
  );
};
