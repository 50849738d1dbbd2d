import { useState } from 'react';
import { TextField, Typography } from '@mui/material';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import PersonIcon from '@mui/icons-material/Person';
import { useDataProvider, useTranslate } from 'react-admin';
import { allowedTransitions, INCIDENT_STATUSES, isReopen, type IncidentStatus } from '@incident-desk/shared';
import { postAction } from '../common/api';
import { useAccess, useStaffChoices } from '../common/access';
import { BulkChoiceButton, useSelectedRecords } from '../common/BulkButtons';
import { enumLabel, useAppLocale } from '../common/enums';
import { incidentText } from './fields';
import type { IncidentRecord } from './types';

/**
 * The selected incidents get a lead (`data-testid="bulk-assign-lead"`): each through PUT /api/incidents/{id}, the same
 * checks, rules and audit as the edit form; those refused are listed with the reason.
 */
export const AssignLeadButton = () => {
  const dataProvider = useDataProvider();
  const leads = useStaffChoices();
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
  const [reason, setReason] = useState('');
  // the statuses at least one selected incident may move to
  const targets = INCIDENT_STATUSES.filter((s) => selected.some((r) => allowedTransitions(r.status).includes(s)));
  const reopening = (to: string) => selected.some((r) => isReopen(r.status, to as IncidentStatus));
  return (
    <BulkChoiceButton<IncidentRecord>
      resource="incidents"
      label="incidentDesk.incidents.bulk_move"
      icon={<SwapHorizIcon />}
      testId="bulk-move"
      title="incidentDesk.incidents.bulk_move_title"
      field="status"
      selectLabel="incidentDesk.incidents.bulk_move_to"
      choices={targets.map((s) => ({ id: s, name: enumLabel('incidentStatus', s, locale) }))}
      disabled={!targets.length}
      canConfirm={(to) => !reopening(to) || !!reason.trim()}
      extra={(to) => (
        <>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {translate('incidentDesk.incidents.bulk_move_help')}
          </Typography>
          <TextField
            fullWidth
            multiline
            minRows={2}
            name="bulkReason"
            label={translate(reopening(to) ? 'incidentDesk.incidents.reason_required' : 'incidentDesk.incidents.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            sx={{ mt: 1 }}
            slotProps={{ htmlInput: { maxLength: 2000 } }}
          />
        </>
      )}
      describe={incidentText}
      act={(r, to) => postAction('incidents', r.id, 'transition', { to, ...(reason.trim() ? { reason: reason.trim() } : {}) })}
    />
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
