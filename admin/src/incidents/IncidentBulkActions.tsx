import { useState } from 'react';
import { Button as MuiButton, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField, Typography } from '@mui/material';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import PersonIcon from '@mui/icons-material/Person';
import { Button, useDataProvider, useGetList, useTranslate } from 'react-admin';
import { allowedTransitions, INCIDENT_STATUSES, isReopen, type IncidentStatus } from '@incident-desk/shared';
import { getStoredUser } from '../session';
import { postAction } from '../common/api';
import { useAccess } from '../common/access';
import { useBulk } from '../common/bulk';
import { BulkChoiceButton, useSelectedRecords } from '../common/BulkButtons';
import { enumLabel, useAppLocale } from '../common/enums';
import { useSmall } from '../common/responsive';
import { USER_TEXT } from '../common/UserText';
import { incidentText } from './fields';
import type { IncidentRecord } from './types';

/** Staff who may lead: managers choose any active manager or consultant; a consultant (who cannot list users) themselves. */
const useLeads = () => {
  const canListUsers = useAccess('users', 'list');
  const me = getStoredUser();
  const { data } = useGetList<{ id: string; name: string }>(
    'users',
    { filter: { role: ['manager', 'consultant'], active: true }, sort: { field: 'name', order: 'ASC' }, pagination: { page: 1, perPage: 200 } },
    { enabled: canListUsers },
  );
  return canListUsers ? (data ?? []) : me ? [{ id: me.id, name: me.name }] : [];
};

/**
 * The selected incidents get a lead (`data-testid="bulk-assign-lead"`): each through PUT /api/incidents/{id}, the same
 * checks, rules and audit as the edit form; those refused are listed with the reason.
 */
export const AssignLeadButton = () => {
  const dataProvider = useDataProvider();
  const leads = useLeads();
  return (
    <BulkChoiceButton<IncidentRecord>
      resource="incidents"
      label="incidentDesk.incidents.bulk_lead"
      icon={<PersonIcon />}
      testId="bulk-assign-lead"
      title="incidentDesk.incidents.bulk_lead_title"
      field="leadId"
      choices={leads}
      describe={incidentText}
      act={(r, leadId) => dataProvider.update('incidents', { id: r.id, data: { leadId }, previousData: {} as IncidentRecord })}
    />
  );
};

/**
 * The selected incidents move to a status (`data-testid="bulk-move"`), where the lifecycle and the phase gate allow it:
 * each through POST /api/incidents/{id}/transition (never an override: open required tasks refuse the move, as for
 * one incident without the override); reopening needs the reason given here. Those refused are listed with the reason.
 */
export const MoveToPhaseButton = () => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const selected = useSelectedRecords<IncidentRecord>();
  const fullScreen = useSmall();
  const { run, busy, dialog } = useBulk('incidents');
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState<IncidentStatus | ''>('');
  const [reason, setReason] = useState('');
  // the statuses at least one selected incident may move to
  const targets = INCIDENT_STATUSES.filter((s) => selected.some((r) => allowedTransitions(r.status).includes(s)));
  const reopening = !!to && selected.some((r) => isReopen(r.status, to));
  const apply = async () => {
    if (!to) return;
    setOpen(false);
    await run(selected, incidentText, (r) => postAction('incidents', r.id, 'transition', { to, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
    setReason('');
  };
  return (
    <>
      <Button label="incidentDesk.incidents.bulk_move" onClick={() => setOpen(true)} disabled={busy || !targets.length} data-testid="bulk-move">
        <SwapHorizIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="xs" fullScreen={fullScreen}>
        <DialogTitle>{translate('incidentDesk.incidents.bulk_move_title', { smart_count: selected.length })}</DialogTitle>
        <DialogContent>
          <TextField select fullWidth name="bulkTo" label={translate('incidentDesk.incidents.bulk_move_to')} value={to} onChange={(e) => setTo(e.target.value as IncidentStatus)} sx={{ mt: 1 }}>
            {targets.map((s) => (
              <MenuItem key={s} value={s} data-value={s}>
                {enumLabel('incidentStatus', s, locale)}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {translate('incidentDesk.incidents.bulk_move_help')}
          </Typography>
          <TextField
            fullWidth
            multiline
            minRows={2}
            name="bulkReason"
            label={translate(reopening ? 'incidentDesk.incidents.reason_required' : 'incidentDesk.incidents.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            sx={{ mt: 1 }}
            slotProps={{ htmlInput: { maxLength: 2000 } }}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton variant="contained" disabled={!to || (reopening && !reason.trim())} onClick={apply} data-testid="bulk-confirm">
            {translate('ra.action.confirm')}
          </MuiButton>
        </DialogActions>
      </Dialog>
      {dialog}
    </>
  );
};

/** The bulk actions of the incident list: staff with the rights only. */
export const IncidentBulkActions = () => {
  const canEdit = useAccess('incidents', 'edit');
  const canMove = useAccess('incidents', 'transition');
  return (
    <>
      {canEdit && <AssignLeadButton />}
      {canMove && <MoveToPhaseButton />}
    </>
  );
};
