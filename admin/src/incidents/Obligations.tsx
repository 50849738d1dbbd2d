import { memo, useState } from 'react';
import {
  Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, LinearProgress, Paper, TextField, Tooltip, Typography,
} from '@mui/material';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import { HttpError, Link, useCreatePath, useRefresh, useNotify, useTranslate } from 'react-admin';
import {
  obligationStatus, WAIVER_BASES, WAIVER_BASIS_RULES, type ObligationRule, type ObligationStatus, type WaiverBasis,
} from '@incident-desk/shared';
import { useFirmFormat, useFirmTimeZone } from '../common/FirmDateField';
import { enumLabel, useAppLocale } from '../common/enums';
import { useAccess, useIsStaff } from '../common/access';
import { useSmall } from '../common/responsive';
import { isoToZonedLocal, zonedToIso } from '../common/time';
import { postAction } from '../common/api';
import { Countdown, useNow } from '../common/clock';
import { LinkedReport } from './IncidentReport';
import type { ObligationRecord } from './types';

const STATUS_COLORS: Record<ObligationStatus, 'default' | 'warning' | 'error' | 'success'> = {
  pending: 'warning',
  overdue: 'error',
  met: 'success',
  met_late: 'warning',
  not_applicable: 'default',
  waived: 'default',
};

/** The status now (a pending clock turns overdue while the page is open), by the shared rule. */
const liveStatus = (o: ObligationRecord, now: number): ObligationStatus =>
  obligationStatus({ dueAt: o.dueAt, fulfilledAt: o.fulfilledAt, notApplicable: o.status === 'not_applicable', waived: o.status === 'waived' }, new Date(now));

/** The bases the law gives for not fulfilling an obligation of this rule (none: not waivable). */
const basesFor = (rule: string): WaiverBasis[] => WAIVER_BASES.filter((b) => WAIVER_BASIS_RULES[b].rules.includes(rule as ObligationRule));

/** Records a reasoned decision not to notify: the legal basis for the rule and why (managers or the legal member). */
const WaiveDialog = ({ obligation, onClose }: { obligation: ObligationRecord; onClose: () => void }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const refresh = useRefresh();
  const notify = useNotify();
  const bases = basesFor(obligation.rule);
  const [basis, setBasis] = useState<WaiverBasis>(bases[0]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await postAction('obligations', obligation.id, 'waive', { basis, reason: reason.trim() });
      notify('incidentDesk.obligations.waived', { type: 'info' });
      onClose();
      refresh();
    } catch (e) {
      setError(e instanceof Error && e.message ? e.message : translate('ra.notification.http_error'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" data-testid="obligation-waive-dialog">
      <DialogTitle>{translate('incidentDesk.obligations.waive_title', { rule: enumLabel('obligationRule', obligation.rule, locale) })}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{translate('incidentDesk.obligations.waive_help')}</DialogContentText>
        <TextField
          select name="basis" label={translate('incidentDesk.obligations.waive_basis')} value={basis} onChange={(e) => setBasis(e.target.value as WaiverBasis)}
          fullWidth sx={{ mb: 1 }} slotProps={{ select: { native: true } }}
        >
          {bases.map((b) => (
            <option key={b} value={b}>{enumLabel('waiverBasis', b, locale)}</option>
          ))}
        </TextField>
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 2 }}>
          {WAIVER_BASIS_RULES[basis].text[locale]}
        </Typography>
        <TextField
          name="reason" label={translate('incidentDesk.obligations.waive_reason')} value={reason} onChange={(e) => setReason(e.target.value)}
          multiline minRows={3} fullWidth required slotProps={{ htmlInput: { maxLength: 4000 } }}
        />
        {error && <Alert severity="error" sx={{ mt: 2 }}>{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={busy || !reason.trim()} data-testid="obligation-waive-confirm">
          {translate('ra.action.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/** Marks an obligation met by hand: how it was met, and when (default now, firm time zone). */
const FulfilDialog = ({ obligation, onClose }: { obligation: ObligationRecord; onClose: () => void }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const timeZone = useFirmTimeZone();
  const refresh = useRefresh();
  const notify = useNotify();
  const fullScreen = useSmall();
  const [note, setNote] = useState('');
  const [at, setAt] = useState(() => isoToZonedLocal(new Date().toISOString(), timeZone));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await postAction('obligations', obligation.id, 'fulfil', { note: note.trim(), ...(at ? { fulfilledAt: zonedToIso(at, timeZone) } : {}) });
      notify('incidentDesk.obligations.fulfilled', { type: 'info' });
      onClose();
      refresh();
    } catch (e) {
      const fields = e instanceof HttpError ? (e.body as { errors?: Record<string, string> } | undefined)?.errors : undefined;
      if (fields && Object.keys(fields).length) setErrors(fields);
      else setError(e instanceof Error && e.message ? e.message : translate('ra.notification.http_error'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" fullScreen={fullScreen}>
      <DialogTitle>{translate('incidentDesk.obligations.fulfil_title', { rule: enumLabel('obligationRule', obligation.rule, locale) })}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{translate('incidentDesk.obligations.fulfil_help')}</DialogContentText>
        <TextField
          name="note"
          label={translate('incidentDesk.obligations.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          multiline
          minRows={2}
          fullWidth
          required
          error={!!errors.note}
          helperText={errors.note}
          slotProps={{ htmlInput: { maxLength: 2000 } }}
        />
        <TextField
          name="fulfilledAt"
          type="datetime-local"
          label={translate('incidentDesk.obligations.fulfilled_at_zone', { timeZone })}
          value={at}
          onChange={(e) => setAt(e.target.value)}
          error={!!errors.fulfilledAt}
          helperText={errors.fulfilledAt}
          sx={{ mt: 2 }}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        {error && <Alert severity="error" sx={{ mt: 2 }}>{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {translate('ra.action.cancel')}
        </Button>
        <Button variant="contained" onClick={save} disabled={busy || !note.trim()} data-testid="obligation-fulfil-confirm">
          {translate('ra.action.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const ObligationRow = ({ o, now, onFulfil, canFulfil, onWaive, canWaive }: {
  o: ObligationRecord; now: number; onFulfil: () => void; canFulfil: boolean; onWaive: () => void; canWaive: boolean;
}) => {
  const notify = useNotify();
  const refresh = useRefresh();
  const unwaive = async () => {
    if (!window.confirm(translate('incidentDesk.obligations.unwaive_confirm'))) return;
    try {
      await postAction('obligations', o.id, 'unwaive', {});
      notify('incidentDesk.obligations.unwaived', { type: 'info' });
      refresh();
    } catch (e) {
      notify(e instanceof Error && e.message ? e.message : 'ra.notification.http_error', { type: 'error' });
    }
  };
  const translate = useTranslate();
  const locale = useAppLocale();
  const format = useFirmFormat().dateTime;
  const createPath = useCreatePath();
  const staff = useIsStaff();
  const status = liveStatus(o, now);
  const open = status === 'pending' || status === 'overdue';
  return (
    <Box
      data-testid="obligation"
      data-rule={o.rule}
      data-status={status}
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 2.2fr) minmax(0, 1fr) minmax(0, 1.2fr) minmax(0, 1.4fr) 140px' },
        gap: 1,
        alignItems: 'center',
        py: 1,
        borderBottom: 1,
        borderColor: 'divider',
        opacity: status === 'not_applicable' || status === 'waived' ? 0.55 : 1,
      }}
    >
      <Box>
        <Typography variant="body2" sx={{ fontWeight: 600 }} title={o.source}>
          {enumLabel('obligationRule', o.rule, locale)}
        </Typography>
        <Typography variant="caption" color="text.secondary" component="div">
          {[enumLabel('obligationAudience', o.audience, locale), o.authority?.[locale]].filter((t, i, all) => t && all.indexOf(t) === i).join(' · ')}
        </Typography>
        {o.warning && (
          <Typography variant="caption" color="warning.main" component="div" data-testid="obligation-warning">
            {o.warning[locale]}
          </Typography>
        )}
        {staff && o.reportAttachmentId && <LinkedReport attachmentId={o.reportAttachmentId} />}
      </Box>
      <Box>
        <Chip size="small" color={STATUS_COLORS[status]} label={enumLabel('obligationStatus', status, locale)} data-testid="obligation-status" />
      </Box>
      <Box>
        <Typography variant="caption" color="text.secondary" component="div">
          {translate('incidentDesk.obligations.due_at')}
        </Typography>
        <Typography variant="body2" sx={{ color: status === 'overdue' ? 'error.main' : 'inherit' }} data-testid="obligation-due">
          {format(o.dueAt)}
        </Typography>
      </Box>
      <Box>
        {open ? (
          <>
            <Typography variant="caption" color="text.secondary" component="div">
              {translate('incidentDesk.obligations.remaining')}
            </Typography>
            <Countdown dueAt={o.dueAt} />
          </>
        ) : o.fulfilledAt ? (
          <>
            <Typography variant="caption" color="text.secondary" component="div">
              {translate('incidentDesk.obligations.fulfilled_at')}
            </Typography>
            <Typography variant="body2" data-testid="obligation-fulfilled">
              {format(o.fulfilledAt)}
            </Typography>
            {o.communicationId && (
              <Typography variant="caption" component={Link} to={createPath({ resource: 'communications', id: o.communicationId, type: 'show' })}>
                {translate('incidentDesk.obligations.by_communication')}
              </Typography>
            )}
          </>
        ) : status === 'waived' ? (
          <Tooltip title={o.waiverReason ?? ''}>
            <Typography variant="body2" data-testid="obligation-waiver">
              {translate('incidentDesk.obligations.waived_by', { basis: enumLabel('waiverBasis', o.waiverBasis ?? '', locale) })}
              {o.waiverReason ? ` — ${o.waiverReason}` : ''}
            </Typography>
          </Tooltip>
        ) : (
          <Typography variant="body2" color="text.secondary">—</Typography>
        )}
      </Box>
      <Box>
        {open && canFulfil && (
          <Button size="small" startIcon={<TaskAltIcon />} onClick={onFulfil} data-testid="obligation-fulfil">
            {translate('incidentDesk.obligations.fulfil')}
          </Button>
        )}
        {open && canWaive && basesFor(o.rule).length > 0 && (
          <Button size="small" color="inherit" onClick={onWaive} data-testid="obligation-waive">
            {translate('incidentDesk.obligations.waive')}
          </Button>
        )}
        {status === 'waived' && canWaive && (
          <Button size="small" color="inherit" onClick={unwaive} data-testid="obligation-unwaive">
            {translate('incidentDesk.obligations.unwaive')}
          </Button>
        )}
      </Box>
    </Box>
  );
};

/**
 * The clocks of the incident: rule, audience and authority, due time (firm zone), a live countdown that ticks every
 * second and turns red when overdue, and when it was met. Statuses are re-evaluated with the shared rule as time
 * passes, and the list is reloaded with the page (a communication sent elsewhere can meet an obligation).
 */
export const Obligations = memo(({ obligations, isPending }: { obligations: ObligationRecord[]; isPending: boolean }) => {
  const translate = useTranslate();
  const now = useNow(1000);
  const canFulfil = useAccess('obligations', 'fulfil');
  const canWaive = useAccess('obligations', 'waive');
  const [fulfilling, setFulfilling] = useState<ObligationRecord | null>(null);
  const [waiving, setWaiving] = useState<ObligationRecord | null>(null);
  const rank = (o: ObligationRecord) => ['overdue', 'pending', 'met_late', 'met', 'waived', 'not_applicable'].indexOf(liveStatus(o, now));
  const sorted = [...obligations].sort((a, b) => rank(a) - rank(b) || Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} data-testid="obligations">
      <Typography variant="h6">{translate('incidentDesk.obligations.title')}</Typography>
      {isPending && <LinearProgress />}
      {!isPending && !obligations.length && (
        <Typography variant="body2" color="text.secondary">
          {translate('incidentDesk.obligations.empty')}
        </Typography>
      )}
      {sorted.map((o) => (
        <ObligationRow
          key={o.id} o={o} now={now} canFulfil={!!canFulfil} onFulfil={() => setFulfilling(o)} canWaive={!!canWaive} onWaive={() => setWaiving(o)}
        />
      ))}
      {fulfilling && <FulfilDialog obligation={fulfilling} onClose={() => setFulfilling(null)} />}
      {waiving && <WaiveDialog obligation={waiving} onClose={() => setWaiving(null)} />}
    </Paper>
  );
});
