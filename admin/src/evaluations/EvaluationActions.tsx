import { useState } from 'react';
import AddIcon from '@mui/icons-material/Add';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import LockIcon from '@mui/icons-material/Lock';
import ShareIcon from '@mui/icons-material/Share';
import { Button, CreateButton, useCanAccess, useNotify, useRecordContext, useRedirect, useRefresh } from 'react-admin';
import { checkFinalize, newVersionProblem, type EvaluationRecord } from '@incident-desk/shared';
import { postAction } from '../common/api';

/** Runs an action of the record, with a notice; returns the answer (or undefined after an error notice). */
const useRun = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const run = async <T,>(fn: () => Promise<T>, done: string): Promise<T | undefined> => {
    setBusy(true);
    try {
      const r = await fn();
      notify(done, { type: 'info' });
      refresh();
      return r;
    } catch (e) {
      notify(typeof e?.message === 'string' ? e.message : 'ra.notification.http_error', { type: 'error' });
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy };
};

/** draft → final; disabled until every criterion is scored (the server says the same). `data-testid="evaluation-finalize"`. */
export const FinalizeButton = () => {
  const record = useRecordContext<EvaluationRecord>();
  const { canAccess } = useCanAccess({ resource: 'evaluations', action: 'transition' });
  const { run, busy } = useRun();
  if (!record || !canAccess || record.status !== 'draft') return null;
  const ready = checkFinalize(record).ok;
  return (
    <Button
      label="incidentDesk.evaluations.finalize"
      onClick={() => run(() => postAction('evaluations', record.id, 'finalize'), 'incidentDesk.evaluations.finalized')}
      disabled={busy || !ready}
      title={ready ? undefined : 'incidentDesk.evaluations.finalize_help'}
      data-testid="evaluation-finalize"
      variant="contained"
    >
      <LockIcon />
    </Button>
  );
};

/** A draft copy of the latest final version; opens it for editing. `data-testid="evaluation-new-version"`. */
export const NewVersionButton = () => {
  const record = useRecordContext<EvaluationRecord>();
  const { canAccess } = useCanAccess({ resource: 'evaluations', action: 'transition' });
  const redirect = useRedirect();
  const { run, busy } = useRun();
  if (!record || !canAccess || newVersionProblem({ status: record.status, nextVersionId: record.nextVersionId ?? null })) return null;
  const make = async () => {
    const made = await run(() => postAction<EvaluationRecord>('evaluations', record.id, 'new-version'), 'incidentDesk.evaluations.new_version_made');
    if (made) redirect('edit', 'evaluations', made.id);
  };
  return (
    <Button label="incidentDesk.evaluations.new_version" onClick={make} disabled={busy} data-testid="evaluation-new-version" sx={{ ml: 1 }}>
      <ContentCopyIcon />
    </Button>
  );
};

/** Share with the client's admins, or stop. `data-testid="evaluation-share"`. */
export const ShareButton = () => {
  const record = useRecordContext<EvaluationRecord>();
  const { canAccess } = useCanAccess({ resource: 'evaluations', action: 'transition' });
  const { run, busy } = useRun();
  if (!record || !canAccess) return null;
  const to = !record.sharedWithClient;
  return (
    <Button
      label={to ? 'incidentDesk.evaluations.share' : 'incidentDesk.evaluations.unshare'}
      onClick={() => run(() => postAction('evaluations', record.id, 'share', { sharedWithClient: to }), to ? 'incidentDesk.evaluations.shared' : 'incidentDesk.evaluations.unshared')}
      disabled={busy}
      data-testid="evaluation-share"
      data-shared={String(record.sharedWithClient)}
      sx={{ ml: 1 }}
    >
      {to ? <ShareIcon /> : <LinkOffIcon />}
    </Button>
  );
};

/** Opens the action form with the evaluation (and its client and incident) filled in. */
export const AddActionButton = () => {
  const record = useRecordContext<EvaluationRecord>();
  const { canAccess } = useCanAccess({ resource: 'actions', action: 'create' });
  if (!record || !canAccess) return null;
  const source = { evaluationId: record.id, clientId: record.clientId, ...(record.incidentId ? { incidentId: record.incidentId } : {}) };
  return (
    <CreateButton
      resource="actions"
      state={{ record: source }}
      label="incidentDesk.evaluations.add_action"
      icon={<AddIcon />}
      data-testid="evaluation-add-action"
    />
  );
};
