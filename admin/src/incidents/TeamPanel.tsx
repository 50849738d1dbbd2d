import { useState } from 'react';
import {
  Alert, Box, Button, IconButton, MenuItem, Paper, Table, TableBody, TableCell, TableHead, TableRow, TextField, Tooltip, Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { HttpError, Labeled, useCanAccess, useGetIdentity, useRecordContext, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { TEAM_ROLES, type TeamRole } from '@incident-desk/shared';
import { enumLabel, useAppLocale } from '../common/enums';
import { LeadField } from './fields';
import type { IncidentRecord, TeamMember } from './types';

/** What the PUT takes for a member (client admins' copies have no contact or user id). */
const clean = (m: TeamMember): TeamMember => ({
  name: m.name,
  role: m.role,
  ...(m.userId ? { userId: m.userId } : {}),
  ...(m.contact ? { contact: m.contact } : {}),
});

/**
 * The response team: members with their roles (lead, IT, legal, PR, client contact) and contact. Staff add and remove
 * members (the whole list is PUT on the incident); the lead consultant is changed in the edit form.
 */
export const TeamPanel = () => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const refresh = useRefresh();
  const { identity } = useGetIdentity();
  const { canAccess: canEdit } = useCanAccess({ resource: 'incidents', action: 'edit' });
  const [update, { isPending }] = useUpdate<IncidentRecord>();
  const [name, setName] = useState('');
  const [role, setRole] = useState<TeamRole>('it');
  const [contact, setContact] = useState('');
  const [me, setMe] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!record) return null;
  const team = record.team ?? [];
  const staff = !!identity && identity.role !== 'client_admin';

  const save = (next: TeamMember[], after?: () => void) => {
    setError(null);
    update(
      'incidents',
      { id: record.id, data: { team: next.map(clean) }, previousData: {} as IncidentRecord },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          after?.();
          refresh();
        },
        onError: (e: unknown) => {
          const fields = e instanceof HttpError ? (e.body as { errors?: Record<string, string> } | undefined)?.errors : undefined;
          setError(fields && Object.keys(fields).length ? Object.values(fields).join('; ') : e instanceof Error ? e.message : translate('ra.notification.http_error'));
        },
      },
    );
  };
  const add = () =>
    save([...team, { name: name.trim(), role, contact: contact.trim() || null, userId: me && identity ? String(identity.id) : null }], () => {
      setName('');
      setContact('');
      setMe(false);
    });
  const addMe = () => {
    if (!identity) return;
    setName(String(identity.fullName ?? ''));
    setContact(String(identity.email ?? ''));
    setMe(true);
  };

  return (
    <Box data-testid="team">
      <Labeled label="resources.incidents.fields.leadId">
        <LeadField />
      </Labeled>
      <Table size="small" sx={{ mt: 1 }}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('incidentDesk.team.name')}</TableCell>
            <TableCell>{translate('incidentDesk.team.role')}</TableCell>
            {staff && <TableCell>{translate('incidentDesk.team.contact')}</TableCell>}
            {canEdit && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {team.map((m, i) => (
            <TableRow key={`${m.name}-${m.role}-${i}`} data-testid="team-member" data-role={m.role}>
              <TableCell>{m.name}</TableCell>
              <TableCell>{enumLabel('teamRole', m.role, locale)}</TableCell>
              {staff && <TableCell>{m.contact ?? '—'}</TableCell>}
              {canEdit && (
                <TableCell align="right">
                  <Tooltip title={translate('incidentDesk.team.remove')}>
                    <span>
                      <IconButton
                        size="small"
                        disabled={isPending}
                        onClick={() => save(team.filter((_, k) => k !== i))}
                        aria-label={translate('incidentDesk.team.remove')}
                        data-testid="team-remove"
                      >
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                </TableCell>
              )}
            </TableRow>
          ))}
          {!team.length && (
            <TableRow>
              <TableCell colSpan={4}>
                <Typography variant="body2" color="text.secondary">
                  {translate('incidentDesk.team.empty')}
                </Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {canEdit && (
        <Paper variant="outlined" sx={{ p: 2, mt: 2, display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }} data-testid="team-add-form">
          <TextField fullWidth={false} size="small" name="memberName" label={translate('incidentDesk.team.name')} value={name} onChange={(e) => { setName(e.target.value); setMe(false); }} slotProps={{ htmlInput: { maxLength: 100 } }} />
          <TextField fullWidth={false} select size="small" name="memberRole" label={translate('incidentDesk.team.role')} value={role} onChange={(e) => setRole(e.target.value as TeamRole)} sx={{ minWidth: 160 }}>
            {TEAM_ROLES.map((r) => (
              <MenuItem key={r} value={r}>
                {enumLabel('teamRole', r, locale)}
              </MenuItem>
            ))}
          </TextField>
          <TextField fullWidth={false} size="small" name="memberContact" label={translate('incidentDesk.team.contact')} value={contact} onChange={(e) => setContact(e.target.value)} slotProps={{ htmlInput: { maxLength: 200 } }} />
          <Button size="small" onClick={addMe}>
            {translate('incidentDesk.team.me')}
          </Button>
          <Button variant="contained" size="small" startIcon={<PersonAddIcon />} disabled={isPending || !name.trim()} onClick={add} data-testid="team-add">
            {translate('ra.action.add')}
          </Button>
          {error && <Alert severity="error" sx={{ width: '100%' }}>{error}</Alert>}
        </Paper>
      )}
    </Box>
  );
};
