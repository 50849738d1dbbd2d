import { useState, type ReactElement } from 'react';
import CheckIcon from '@mui/icons-material/Check';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import SendIcon from '@mui/icons-material/Send';
import UndoIcon from '@mui/icons-material/Undo';
import RateReviewIcon from '@mui/icons-material/RateReview';
import { Button, useCanAccess, useGetIdentity, useGetOne, useNotify, useRecordContext, useRefresh } from 'react-admin';
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

/** One button per allowed move: `data-testid="comm-transition-<to>"`. */
export const TransitionButtons = () => {
  const record = useRecordContext<CommunicationRecord>();
  const moves = useCommunicationMoves(record);
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  if (!record || !moves.length) return null;
  const move = async (to: CommunicationStatus) => {
    setBusy(true);
    try {
      await postAction('communications', record.id, 'transition', { to });
      notify('incidentDesk.communications.moved', { type: 'info' });
      refresh();
    } catch (e) {
      notify(typeof e?.message === 'string' ? e.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {moves.map((to) => (
        <Button
          key={to}
          label={`incidentDesk.communications.transition.${to}`}
          onClick={() => move(to)}
          disabled={busy}
          data-testid={`comm-transition-${to}`}
          variant={to === 'draft' ? 'text' : 'contained'}
          color={to === 'draft' ? 'inherit' : 'primary'}
          sx={{ ml: 1 }}
        >
          {ICONS[to]}
        </Button>
      ))}
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
