import { useState, type ReactElement } from 'react';
import CheckIcon from '@mui/icons-material/Check';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import SendIcon from '@mui/icons-material/Send';
import UndoIcon from '@mui/icons-material/Undo';
import RateReviewIcon from '@mui/icons-material/RateReview';
import {
  Alert, Button as MuiButton, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField,
} from '@mui/material';
import { Button, HttpError, useCanAccess, useGetIdentity, useGetOne, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { useFirmTimeZone } from '../common/FirmDateField';
import { isoToZonedLocal, zonedToIso } from '../common/time';
import { UnfilledList } from './fields';
import { canAcknowledge, communicationMovesFor, type CommunicationRecord, type CommunicationStatus, type Role } from '@incident-desk/shared';
import { postAction } from '../common/api';

const ICONS: Record<string, ReactElement> = {
  in_review: <RateReviewIcon />,
  approved: <CheckIcon />,
  draft: <UndoIcon />,
  sent: <SendIcon />,
};

/** The moves the signed-in user may make now (the shared flow and approval rule, with the incident's team). */
export const useCommunicationMoves = (record: CommunicationRecord | undefined): CommunicationStatus[] => {
  const { identity } = useGetIdentity();
  const { canAccess } = useCanAccess({ resource: 'communications', action: 'transition' });
  const staff = identity?.role === 'manager' || identity?.role === 'consultant';
  const { data: incident } = useGetOne<{ id: string; team?: { userId: string | null; role: string }[] }>(
    'incidents',
    { id: record?.incidentId ?? '' },
    { enabled: !!record?.incidentId && staff },
  );
  if (!record || !identity || !canAccess || !staff) return [];
  return communicationMovesFor({
    approver: { id: String(identity.id), role: identity.role as Role },
    communication: {
      status: record.status,
      direction: record.direction,
      audience: record.audience,
      createdById: record.createdById ?? null,
      submittedById: record.submittedById ?? null,
    },
    team: (incident?.team ?? []).map((m) => ({ userId: m.userId ?? null, role: m.role })),
  });
};

/** The server's list of unfilled placeholders from a 409, if that is what it was. */
const unfilledOf = (e: unknown): string[] | null => {
  const body = e instanceof HttpError ? (e.body as { code?: string; placeholders?: string[] } | undefined) : undefined;
  return body?.code === 'unfilled_placeholders' && Array.isArray(body.placeholders) ? body.placeholders : null;
};

/**
 * One button per allowed move: `data-testid="comm-transition-<to>"`. Approving and sending ask for confirmation
 * (`comm-confirm`); sending records the real sent time (default now, firm time zone) and the regulator's receipt number.
 * A notice still holding placeholders is refused by the server: the dialog lists them (`comm-unfilled-item`).
 */
export const TransitionButtons = () => {
  const record = useRecordContext<CommunicationRecord>();
  const moves = useCommunicationMoves(record);
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const timeZone = useFirmTimeZone();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<CommunicationStatus | null>(null);
  const [sentAt, setSentAt] = useState('');
  /** the sent time is sent only when the user changed it (the field shows minutes; unchanged means now) */
  const [sentAtChanged, setSentAtChanged] = useState(false);
  const [receipt, setReceipt] = useState('');
  const [unfilled, setUnfilled] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!record || !moves.length) return null;
  const move = async (to: CommunicationStatus, extra: Record<string, unknown> = {}) => {
    setBusy(true);
    setError(null);
    try {
      await postAction('communications', record.id, 'transition', { to, ...extra });
      notify('incidentDesk.communications.moved', { type: 'info' });
      setConfirming(null);
      refresh();
    } catch (e) {
      const list = unfilledOf(e);
      if (list) setUnfilled(list);
      else if (confirming) setError(typeof e?.message === 'string' ? e.message : translate('ra.notification.http_error'));
      else notify(typeof e?.message === 'string' ? e.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const ask = (to: CommunicationStatus) => {
    if (to !== 'approved' && to !== 'sent') return move(to);
    setUnfilled(null);
    setError(null);
    setSentAt(isoToZonedLocal(new Date().toISOString(), timeZone));
    setSentAtChanged(false);
    setReceipt('');
    setConfirming(to);
  };
  const confirm = () =>
    confirming === 'sent'
      ? move('sent', { ...(sentAt && sentAtChanged ? { sentAt: zonedToIso(sentAt, timeZone) } : {}), ...(receipt.trim() ? { receiptNumber: receipt.trim() } : {}) })
      : move(confirming!);
  return (
    <>
      {moves.map((to) => (
        <Button
          key={to}
          label={`incidentDesk.communications.transition.${to}`}
          onClick={() => ask(to)}
          disabled={busy}
          data-testid={`comm-transition-${to}`}
          variant={to === 'draft' ? 'text' : 'contained'}
          color={to === 'draft' ? 'inherit' : 'primary'}
          sx={{ ml: 1 }}
        >
          {ICONS[to]}
        </Button>
      ))}
      {confirming && (
        <Dialog open onClose={busy ? undefined : () => setConfirming(null)} fullWidth maxWidth="sm" data-testid="comm-confirm-dialog">
          <DialogTitle>{translate(`incidentDesk.communications.transition.${confirming}`)}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{translate(`incidentDesk.communications.confirm_${confirming}`)}</DialogContentText>
            {confirming === 'sent' && (
              <>
                <TextField
                  name="sentAt" type="datetime-local" label={translate('incidentDesk.communications.sent_at', { timeZone })} value={sentAt}
                  onChange={(e) => {
                    setSentAt(e.target.value);
                    setSentAtChanged(true);
                  }}
                  fullWidth sx={{ mb: 2 }} slotProps={{ inputLabel: { shrink: true } }}
                />
                <TextField
                  name="receiptNumber" label={translate('incidentDesk.communications.receipt_number')} value={receipt}
                  onChange={(e) => setReceipt(e.target.value)} fullWidth slotProps={{ htmlInput: { maxLength: 200 } }}
                />
              </>
            )}
            {unfilled && <UnfilledList items={unfilled} />}
            {error && <Alert severity="error" sx={{ mt: 2 }}>{error}</Alert>}
          </DialogContent>
          <DialogActions>
            <MuiButton onClick={() => setConfirming(null)} disabled={busy}>{translate('ra.action.cancel')}</MuiButton>
            <MuiButton variant="contained" onClick={confirm} disabled={busy || !!unfilled} data-testid="comm-confirm">
              {translate('ra.action.confirm')}
            </MuiButton>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
};

/** Client admins acknowledge a sent, client-visible communication once: `data-testid="comm-acknowledge"`. */
export const AcknowledgeButton = () => {
  const record = useRecordContext<CommunicationRecord>();
  const { canAccess } = useCanAccess({ resource: 'communications', action: 'acknowledge' });
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  if (!record || !canAccess || !canAcknowledge(record)) return null;
  const acknowledge = async () => {
    setBusy(true);
    try {
      await postAction('communications', record.id, 'acknowledge');
      notify('incidentDesk.communications.acknowledged', { type: 'success' });
      refresh();
    } catch (e) {
      notify(typeof e?.message === 'string' ? e.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button label="incidentDesk.communications.acknowledge" onClick={acknowledge} disabled={busy} data-testid="comm-acknowledge" variant="contained">
      <DoneAllIcon />
    </Button>
  );
};
