import { Box, Button as MuiButton, Card, CardContent, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteArrayInput, Form, Link, ReferenceArrayInput, SaveButton, SelectInput, ReferenceInput, Show, useCanAccess, useCreatePath, useGetIdentity, useNotify,
  useRecordContext, useRefresh, useTranslate,
} from 'react-admin';
import { allowedTransitions, type FirmIncidentEventRecord, type FirmIncidentRecord, type FirmIncidentTask, type IncidentStatus } from '@incident-desk/shared';
import { GradingForm } from '../incidents/GradingDialog';
import { postAction } from '../common/api';
import { enumLabel, useAppLocale } from '../common/enums';
import { Countdown } from '../common/clock';
import { useFirmFormat } from '../common/FirmDateField';
import { IncidentStatusField } from '../incidents/fields';

type Clock = { id: string; incidentId: string; clientId: string; clientName: string; reference: string; rule: string; dueAt: string; fulfilledAt: string | null; status: string };
type Comm = { id: string; incidentId: string; clientId: string; subject: string; audience: string; status: string };
type Page = FirmIncidentRecord & { clocks: Clock[]; communications: Comm[]; tasks: FirmIncidentTask[]; timeline: FirmIncidentEventRecord[] };

const errorText = (e: unknown) => (e as { body?: { message?: string } })?.body?.message ?? (e as Error)?.message ?? 'ra.notification.http_error';

/** The lifecycle moves of the breach (every child still with it moves too); reopening asks for a reason. */
const MoveButtons = () => {
  const record = useRecordContext<Page>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const { canAccess } = useCanAccess({ resource: 'firm-incidents', action: 'transition' });
  if (!record || !canAccess) return null;
  const move = async (to: IncidentStatus) => {
    const reopen = record.status === 'closed' || record.status === 'dismissed';
    const reason = reopen ? window.prompt(translate('incidentDesk.firmIncidents.reason')) ?? '' : undefined;
    try {
      await postAction('firm-incidents', record.id, 'transition', reason !== undefined ? { to, reason } : { to });
      notify('incidentDesk.firmIncidents.moved', { messageArgs: { status: enumLabel('incidentStatus', to, locale) } });
      refresh();
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    }
  };
  return (
    <Stack direction="row" spacing={1} flexWrap="wrap">
      {allowedTransitions(record.status).map((to) => (
        <MuiButton key={to} size="small" variant={to === 'dismissed' ? 'text' : 'contained'} onClick={() => move(to)} data-testid={`firm-move-${to}`}>
          {translate('incidentDesk.firmIncidents.move', { status: enumLabel('incidentStatus', to, locale) })}
        </MuiButton>
      ))}
    </Stack>
  );
};

/** Every affected client the viewer may see: its incident, status, whether it still moves with the breach. */
const Children = () => {
  const record = useRecordContext<Page>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const createPath = useCreatePath();
  const notify = useNotify();
  const refresh = useRefresh();
  const { canAccess: canEdit } = useCanAccess({ resource: 'firm-incidents', action: 'edit' });
  if (!record) return null;
  const remove = async (clientId: string) => {
    const reason = window.prompt(translate('incidentDesk.firmIncidents.remove_reason'));
    if (!reason) return;
    try {
      await postAction('firm-incidents', record.id, 'remove-client', { clientId, reason });
      notify('incidentDesk.firmIncidents.removed_done');
      refresh();
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    }
  };
  return (
    <Box>
      <Typography variant="h6" gutterBottom>{translate('incidentDesk.firmIncidents.affected')}</Typography>
      <Table size="small" data-testid="firm-incident-children">
        <TableHead>
          <TableRow>
            <TableCell>{translate('incidentDesk.firmIncidents.client')}</TableCell>
            <TableCell>{translate('incidentDesk.firmIncidents.incident')}</TableCell>
            <TableCell>{translate('incidentDesk.firmIncidents.status')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {record.children.map((c) => (
            <TableRow key={c.incidentId} data-testid="firm-incident-child" data-client={c.clientName}>
              <TableCell>{c.clientName}</TableCell>
              <TableCell><Link to={createPath({ resource: 'incidents', id: c.incidentId, type: 'show' })}>{c.reference}</Link></TableCell>
              <TableCell>
                <Chip size="small" label={enumLabel('incidentStatus', c.status, locale)} data-status={c.status} />
                {c.removed && <Chip size="small" variant="outlined" sx={{ ml: 1 }} label={translate('incidentDesk.firmIncidents.removed')} />}
                {c.withParent && <Chip size="small" variant="outlined" sx={{ ml: 1 }} color="primary" label={translate('incidentDesk.firmIncidents.with_parent')} />}
              </TableCell>
              <TableCell>
                {canEdit && !c.removed && <MuiButton size="small" color="error" onClick={() => remove(c.clientId)}>{translate('incidentDesk.firmIncidents.remove')}</MuiButton>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {record.hiddenChildren > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="firm-incident-hidden">
          {translate('incidentDesk.firmIncidents.hidden', { smart_count: record.hiddenChildren })}
        </Typography>
      )}
    </Box>
  );
};

/** Every child's clocks in one table, overdue first (the server's order), with live countdowns. */
const Clocks = () => {
  const record = useRecordContext<Page>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const format = useFirmFormat().dateTime;
  if (!record) return null;
  return (
    <Box>
      <Typography variant="h6" gutterBottom>{translate('incidentDesk.firmIncidents.clocks')}</Typography>
      {record.clocks.length === 0 ? <Typography variant="body2">{translate('incidentDesk.firmIncidents.none')}</Typography> : (
        <Table size="small" data-testid="firm-incident-clocks">
          <TableHead>
            <TableRow>
              <TableCell>{translate('incidentDesk.firmIncidents.client')}</TableCell>
              <TableCell>{translate('incidentDesk.firmIncidents.rule')}</TableCell>
              <TableCell>{translate('incidentDesk.firmIncidents.due')}</TableCell>
              <TableCell>{translate('incidentDesk.firmIncidents.clock_status')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {record.clocks.map((o) => (
              <TableRow key={o.id} data-testid="firm-incident-clock" data-client={o.clientName} data-status={o.status} data-rule={o.rule}>
                <TableCell>{o.clientName} <Typography component="span" variant="caption">{o.reference}</Typography></TableCell>
                <TableCell>{enumLabel('obligationRule', o.rule, locale)}</TableCell>
                <TableCell>{format(o.dueAt)} {o.status === 'pending' || o.status === 'overdue' ? <Countdown dueAt={o.dueAt} /> : null}</TableCell>
                <TableCell>{enumLabel('obligationStatus', o.status, locale)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

/** The communications of each affected client. */
const Communications = () => {
  const record = useRecordContext<Page>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const createPath = useCreatePath();
  if (!record) return null;
  const byClient = record.children.map((c) => ({ child: c, items: record.communications.filter((m) => m.incidentId === c.incidentId) }));
  return (
    <Box>
      <Typography variant="h6" gutterBottom>{translate('incidentDesk.firmIncidents.communications')}</Typography>
      {byClient.map(({ child, items }) => (
        <Box key={child.incidentId} sx={{ mb: 1 }} data-testid="firm-incident-communications" data-client={child.clientName}>
          <Typography variant="subtitle2">{child.clientName}</Typography>
          {items.length === 0 ? <Typography variant="body2" color="text.secondary">{translate('incidentDesk.firmIncidents.none')}</Typography> : items.map((m) => (
            <Typography key={m.id} variant="body2">
              <Link to={createPath({ resource: 'communications', id: m.id, type: 'show' })}>{m.subject}</Link> · {enumLabel('communicationStatus', m.status, locale)}
            </Typography>
          ))}
        </Box>
      ))}
    </Box>
  );
};

/** Post one client-visible update to every affected client; draft the client notice for each; add clients. */
const Actions = () => {
  const record = useRecordContext<Page>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const locale = useAppLocale();
  const [body, setBody] = useState('');
  const [adding, setAdding] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'firm-incidents', action: 'edit' });
  if (!record || !canAccess || record.status === 'closed' || record.status === 'dismissed') return null;
  const post = async () => {
    try {
      const r = await postAction<{ entries: unknown[] }>('firm-incidents', record.id, 'updates', { body });
      notify('incidentDesk.firmIncidents.posted', { messageArgs: { smart_count: r.entries.length } });
      setBody('');
      refresh();
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    }
  };
  const draft = async (values: Record<string, unknown>) => {
    try {
      const r = await postAction<{ communications: unknown[] }>('firm-incidents', record.id, 'notices', { templateId: values.templateId });
      notify('incidentDesk.firmIncidents.drafted', { messageArgs: { smart_count: r.communications.length } });
      refresh();
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    }
  };
  const add = async (values: Record<string, unknown>) => {
    try {
      await postAction('firm-incidents', record.id, 'clients', { clientIds: values.clientIds ?? [] });
      notify('incidentDesk.firmIncidents.added');
      setAdding(false);
      refresh();
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    }
  };
  return (
    <Stack spacing={2}>
      <Box>
        <Typography variant="h6">{translate('incidentDesk.firmIncidents.update')}</Typography>
        <Typography variant="body2" color="text.secondary">{translate('incidentDesk.firmIncidents.update_help')}</Typography>
        <TextField
          label={translate('incidentDesk.firmIncidents.update_body')}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          multiline
          minRows={2}
          fullWidth
          sx={{ maxWidth: 720, mt: 1 }}
          inputProps={{ 'data-testid': 'firm-update-body' }}
        />
        <Box sx={{ mt: 1 }}>
          <MuiButton variant="contained" disabled={!body.trim()} onClick={post} data-testid="firm-update-send">{translate('incidentDesk.firmIncidents.send')}</MuiButton>
        </Box>
      </Box>
      <Form onSubmit={draft}>
        <Typography variant="h6">{translate('incidentDesk.firmIncidents.notices')}</Typography>
        <Stack direction="row" spacing={1} alignItems="center">
          <ReferenceInput source="templateId" reference="communication-templates" filter={{ audience: 'client' }}>
            <SelectInput optionText={(t: { name?: Record<string, string>; key: string }) => t.name?.[locale] ?? t.key} label="incidentDesk.firmIncidents.template" sx={{ minWidth: 280 }} />
          </ReferenceInput>
          <SaveButton label="incidentDesk.firmIncidents.notices" alwaysEnable icon={<span />} />
        </Stack>
      </Form>
      {adding ? (
        <Dialog open onClose={() => setAdding(false)} fullWidth maxWidth="sm">
          <Form onSubmit={add}>
            <DialogTitle>{translate('incidentDesk.firmIncidents.add')}</DialogTitle>
            <DialogContent>
              <ReferenceArrayInput source="clientIds" reference="clients" sort={{ field: 'name', order: 'ASC' }} perPage={500} filter={{ status: 'active' }}>
                <AutocompleteArrayInput fullWidth />
              </ReferenceArrayInput>
            </DialogContent>
            <DialogActions>
              <SaveButton label="incidentDesk.firmIncidents.add" alwaysEnable icon={<span />} />
            </DialogActions>
          </Form>
        </Dialog>
      ) : (
        <Box><MuiButton onClick={() => setAdding(true)}>{translate('incidentDesk.firmIncidents.add')}</MuiButton></Box>
      )}
    </Stack>
  );
};

/** The breach's grade, and the grading dialog that grades every client still in it from the same answers. */
const Grade = () => {
  const record = useRecordContext<Page>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'firm-incidents', action: 'edit' });
  if (!record) return null;
  const ended = record.status === 'closed' || record.status === 'dismissed';
  return (
    <Stack direction="row" spacing={1} alignItems="center">
      <Typography variant="subtitle2">{translate('incidentDesk.firmIncidents.grade')}</Typography>
      <Chip size="small" data-testid="firm-incident-grade" data-grade={record.grade ?? ''} label={record.grade ? enumLabel('grade', record.grade, locale) : translate('incidentDesk.firmIncidents.ungraded')} />
      {canAccess && !ended && (
        <MuiButton size="small" onClick={() => setOpen(true)} data-testid="firm-grade-open" title={translate('incidentDesk.firmIncidents.grade_help')}>
          {translate('incidentDesk.firmIncidents.grade_open')}
        </MuiButton>
      )}
      {open && <GradingForm resource="firm-incidents" record={record} last={undefined} onClose={() => setOpen(false)} />}
    </Stack>
  );
};

/** The breach's checklist: its children's playbook tasks taken together, each done (or reopened) for all at once. */
const Tasks = () => {
  const record = useRecordContext<Page>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const { canAccess } = useCanAccess({ resource: 'firm-incidents', action: 'edit' });
  if (!record || !record.tasks.length) return null;
  const set = async (key: string, status: 'done' | 'todo') => {
    try {
      const page = await postAction<Page>('firm-incidents', record.id, 'tasks', { key, status });
      const task = page.tasks.find((k) => k.key === key);
      notify('incidentDesk.firmIncidents.task_saved', { messageArgs: { smart_count: task?.total ?? 0 } });
      refresh();
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    }
  };
  return (
    <Box>
      <Typography variant="h6" gutterBottom>{translate('incidentDesk.firmIncidents.tasks')}</Typography>
      <Table size="small" data-testid="firm-incident-tasks">
        <TableBody>
          {record.tasks.map((k) => (
            <TableRow key={k.key} data-testid="firm-incident-task" data-key={k.key} data-done={k.done} data-total={k.total}>
              <TableCell>{enumLabel('workPhase', k.phase, locale)}</TableCell>
              <TableCell>{locale === 'en' && k.titleEn ? k.titleEn : k.title}{k.required ? ' *' : ''}</TableCell>
              <TableCell>{translate('incidentDesk.firmIncidents.task_done_count', { done: k.done, total: k.total })}</TableCell>
              <TableCell>
                {canAccess && (k.done < k.total
                  ? <MuiButton size="small" onClick={() => set(k.key, 'done')} data-testid="firm-task-done">{translate('incidentDesk.firmIncidents.task_done')}</MuiButton>
                  : <MuiButton size="small" onClick={() => set(k.key, 'todo')}>{translate('incidentDesk.firmIncidents.task_reopen')}</MuiButton>)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

/** What was done to the breach as a whole, newest first. */
const Timeline = () => {
  const record = useRecordContext<Page>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const format = useFirmFormat().dateTime;
  if (!record) return null;
  const words = (e: FirmIncidentEventRecord) => {
    const d = e.data as Record<string, unknown>;
    const clients = Array.isArray(d.clientIds) ? d.clientIds.length + Number(d.otherClients ?? 0) : 0;
    const label = (kind: 'incidentStatus' | 'grade' | 'taskStatus', v: unknown) => (typeof v === 'string' ? enumLabel(kind, v, locale) : '');
    return translate(`incidentDesk.firmIncidents.event.${e.kind}`, {
      ...d, clients, to: label(e.kind === 'grading' ? 'grade' : 'incidentStatus', d.to), status: label('taskStatus', d.status),
    });
  };
  return (
    <Box>
      <Typography variant="h6" gutterBottom>{translate('incidentDesk.firmIncidents.timeline')}</Typography>
      {record.timeline.map((e) => (
        <Box key={e.id} sx={{ mb: 1 }} data-testid="firm-incident-event" data-kind={e.kind}>
          <Typography variant="caption" color="text.secondary">{format(e.occurredAt)} · {e.authorName}</Typography>
          <Typography variant="body2">{words(e)}</Typography>
          {e.body && <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-wrap' }}>{e.body}</Typography>}
        </Box>
      ))}
    </Box>
  );
};

const Header = () => {
  const record = useRecordContext<Page>();
  const { identity } = useGetIdentity();
  if (!record || !identity) return null;
  return (
    <Box>
      <Typography variant="overline" data-testid="firm-incident-reference">{record.reference}</Typography>
      <Typography variant="h5" gutterBottom>{record.title}</Typography>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <IncidentStatusField testId="firm-incident-status" />
        <Grade />
      </Stack>
      <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', mb: 2 }}>{record.description}</Typography>
      <MoveButtons />
    </Box>
  );
};

/** The breach's page: its lifecycle, every client's incident and clocks, the communications per client, bulk actions. */
export const FirmIncidentShow = () => (
  <Show>
    <Card variant="outlined" sx={{ border: 0 }}>
      <CardContent>
        <Stack spacing={3}>
          <Header />
          <Clocks />
          <Children />
          <Tasks />
          <Communications />
          <Actions />
          <Timeline />
        </Stack>
      </CardContent>
    </Card>
  </Show>
);
