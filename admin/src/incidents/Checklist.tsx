import { useState } from 'react';
import {
  Accordion, AccordionDetails, AccordionSummary, Box, Button, Checkbox, Chip, FormControlLabel, IconButton, LinearProgress, MenuItem, Paper, TextField,
  Tooltip, Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import CheckIcon from '@mui/icons-material/Check';
import DoNotDisturbIcon from '@mui/icons-material/DoNotDisturb';
import UndoIcon from '@mui/icons-material/Undo';
import AddIcon from '@mui/icons-material/Add';
import { useCanAccess, useCreate, useGetIdentity, useNotify, useRecordContext, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { isTaskSettled, isWorkPhase, WORK_PHASES, type TaskStatus, type WorkPhase } from '@incident-desk/shared';
import { useAppLocale } from '../common/enums';
import { enumLabel, useFirmDateTime } from './fields';
import type { IncidentRecord, PhaseProgress, TaskRecord } from './types';

const STATUS_COLORS: Record<string, 'default' | 'info' | 'success'> = { todo: 'default', doing: 'info', done: 'success', not_applicable: 'default' };

/** Done (or not applicable) out of all, per phase, as a bar. */
const PhaseBar = ({ phase, done, total, requiredOpen, current }: { phase: WorkPhase; done: number; total: number; requiredOpen: number; current: boolean }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <Box data-testid="phase-progress" data-phase={phase} data-done={done} data-total={total} sx={{ mb: 1 }}>
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 1 }}>
        <Typography variant="subtitle2" sx={{ fontWeight: current ? 700 : 500 }}>
          {enumLabel('workPhase', phase, locale)}
          {current && <Chip size="small" color="primary" label={translate('incidentDesk.checklist.current')} sx={{ ml: 1 }} />}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {translate('incidentDesk.checklist.progress', { done, total })}
          {requiredOpen > 0 && ` · ${translate('incidentDesk.checklist.required_open', { smart_count: requiredOpen })}`}
        </Typography>
      </Box>
      <LinearProgress variant="determinate" value={pct} color={pct === 100 ? 'success' : 'primary'} sx={{ height: 6, borderRadius: 3 }} />
    </Box>
  );
};

/** The progress per phase for client admins (they see counts, not the firm's tasks). */
export const PhaseProgressPanel = () => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  if (!record) return null;
  const progress = record.progress;
  return (
    <Box data-testid="incident-progress">
      <Typography variant="h6" sx={{ mb: 1 }}>
        {translate('incidentDesk.checklist.progress_title')}
      </Typography>
      {progress ? (
        WORK_PHASES.map((p) => <PhaseBar key={p} phase={p} {...(progress[p] ?? { done: 0, total: 0, requiredOpen: 0 })} current={record.status === p} />)
      ) : (
        <Typography variant="body2" color="text.secondary">—</Typography>
      )}
    </Box>
  );
};

/** Who a task may be assigned to here: the incident's lead, its team members who are users, and me. */
const useAssignees = (incident: IncidentRecord | undefined) => {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const out = new Map<string, string>();
  if (identity) out.set(String(identity.id), `${identity.fullName ?? ''} (${translate('incidentDesk.checklist.me')})`);
  if (incident?.leadId && !out.has(incident.leadId)) out.set(incident.leadId, translate('incidentDesk.checklist.lead'));
  for (const m of incident?.team ?? []) if (m.userId && !out.has(m.userId)) out.set(m.userId, m.name);
  return out;
};

const TaskRow = ({ task }: { task: TaskRecord }) => {
  const incident = useRecordContext<IncidentRecord>();
  const assignees = useAssignees(incident);
  const translate = useTranslate();
  const locale = useAppLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const format = useFirmDateTime();
  const [update, { isPending }] = useUpdate<TaskRecord>();
  const { canAccess: canEdit } = useCanAccess({ resource: 'tasks', action: 'edit' });
  const title = locale === 'en' ? task.titleEn || task.title : task.title;
  const description = locale === 'en' ? task.descriptionEn || task.description : task.description;
  const settled = isTaskSettled(task.status);
  const setTask = (data: Partial<TaskRecord>) =>
    update(
      'tasks',
      { id: task.id, data, previousData: {} as TaskRecord },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => refresh(),
        onError: (e: unknown) => notify(e instanceof Error && e.message ? e.message : 'ra.notification.http_error', { type: 'error' }),
      },
    );
  const setStatus = (status: TaskStatus) => setTask({ status });
  if (task.assigneeId && !assignees.has(task.assigneeId)) assignees.set(task.assigneeId, translate('incidentDesk.checklist.someone'));
  return (
    <Box
      data-testid="task"
      data-task-id={task.id}
      data-phase={task.phase}
      data-required={String(task.required)}
      data-status={task.status}
      sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', py: 0.75, borderBottom: 1, borderColor: 'divider', opacity: task.status === 'not_applicable' ? 0.6 : 1 }}
    >
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="body2" sx={{ fontWeight: 500, textDecoration: task.status === 'done' ? 'line-through' : 'none' }}>
          {task.section && (
            <Typography component="span" variant="caption" color="text.secondary" sx={{ mr: 1 }}>
              {task.section}
            </Typography>
          )}
          {title}
        </Typography>
        {description && (
          <Typography variant="caption" color="text.secondary" component="div">
            {description}
          </Typography>
        )}
        <Box sx={{ display: 'flex', gap: 1, mt: 0.5, flexWrap: 'wrap', alignItems: 'center' }}>
          <Chip size="small" color={STATUS_COLORS[task.status] ?? 'default'} label={enumLabel('taskStatus', task.status, locale)} />
          {task.required && <Chip size="small" variant="outlined" color="warning" label={translate('incidentDesk.checklist.required')} />}
          {task.dueAt && (
            <Typography variant="caption" color={!settled && Date.parse(task.dueAt) < Date.now() ? 'error' : 'text.secondary'}>
              {translate('incidentDesk.checklist.due', { at: format(task.dueAt) })}
            </Typography>
          )}
          {task.doneAt && (
            <Typography variant="caption" color="text.secondary">
              {translate('incidentDesk.checklist.done_at', { at: format(task.doneAt) })}
            </Typography>
          )}
          {canEdit ? (
            <TextField
              select
              size="small"
              variant="standard"
              value={task.assigneeId ?? ''}
              disabled={isPending}
              onChange={(e) => setTask({ assigneeId: e.target.value || null })}
              SelectProps={{ native: true, inputProps: { 'data-testid': 'task-assignee', 'aria-label': translate('incidentDesk.checklist.assignee') } }}
              sx={{ minWidth: 140 }}
            >
              <option value="">{translate('incidentDesk.checklist.unassigned')}</option>
              {[...assignees].map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </TextField>
          ) : (
            task.assigneeId && <Chip size="small" variant="outlined" label={assignees.get(task.assigneeId)} />
          )}
        </Box>
      </Box>
      {canEdit && (
        <Box sx={{ display: 'flex', gap: 0.5, flexShrink: 0 }}>
          {!settled ? (
            <>
              <Button size="small" variant="outlined" startIcon={<CheckIcon />} disabled={isPending} onClick={() => setStatus('done')} data-testid="task-done">
                {translate('incidentDesk.checklist.mark_done')}
              </Button>
              <Tooltip title={translate('incidentDesk.checklist.mark_na')}>
                <span>
                  <IconButton size="small" disabled={isPending} onClick={() => setStatus('not_applicable')} data-testid="task-na" aria-label={translate('incidentDesk.checklist.mark_na')}>
                    <DoNotDisturbIcon fontSize="small" />
                  </IconButton>
                </span>
              </Tooltip>
            </>
          ) : (
            <Tooltip title={translate('incidentDesk.checklist.reopen')}>
              <span>
                <IconButton size="small" disabled={isPending} onClick={() => setStatus('todo')} data-testid="task-reopen" aria-label={translate('incidentDesk.checklist.reopen')}>
                  <UndoIcon fontSize="small" />
                </IconButton>
              </span>
            </Tooltip>
          )}
        </Box>
      )}
    </Box>
  );
};

/** A task of the firm's own, added to a phase of this incident. */
const AddTask = ({ record }: { record: IncidentRecord }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create, { isPending }] = useCreate<TaskRecord>();
  const [open, setOpen] = useState(false);
  const [phase, setPhase] = useState<WorkPhase>(isWorkPhase(record.status) ? record.status : 'triage');
  const [title, setTitle] = useState('');
  const [required, setRequired] = useState(false);
  if (!open) {
    return (
      <Button size="small" startIcon={<AddIcon />} onClick={() => setOpen(true)} data-testid="task-add-open">
        {translate('incidentDesk.checklist.add')}
      </Button>
    );
  }
  const submit = () =>
    create(
      'tasks',
      { data: { incidentId: record.id, phase, title: title.trim(), required } },
      {
        onSuccess: () => {
          setTitle('');
          setRequired(false);
          setOpen(false);
          refresh();
        },
        onError: (e: unknown) => notify(e instanceof Error && e.message ? e.message : 'ra.notification.http_error', { type: 'error' }),
      },
    );
  return (
    <Paper variant="outlined" sx={{ p: 2, display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }} data-testid="task-add-form">
      <TextField fullWidth={false} select size="small" name="phase" label={translate('incidentDesk.checklist.phase')} value={phase} onChange={(e) => setPhase(e.target.value as WorkPhase)} sx={{ minWidth: 200 }}>
        {WORK_PHASES.map((p) => (
          <MenuItem key={p} value={p}>
            {enumLabel('workPhase', p, locale)}
          </MenuItem>
        ))}
      </TextField>
      <TextField fullWidth={false} size="small" name="title" label={translate('incidentDesk.checklist.task_title')} value={title} onChange={(e) => setTitle(e.target.value)} sx={{ flex: 1, minWidth: 260 }} slotProps={{ htmlInput: { maxLength: 300 } }} />
      <FormControlLabel control={<Checkbox name="required" checked={required} onChange={(e) => setRequired(e.target.checked)} />} label={translate('incidentDesk.checklist.required')} />
      <Button variant="contained" size="small" disabled={isPending || !title.trim()} onClick={submit} data-testid="task-add">
        {translate('ra.action.add')}
      </Button>
      <Button size="small" onClick={() => setOpen(false)}>
        {translate('ra.action.cancel')}
      </Button>
    </Paper>
  );
};

/**
 * The checklist by phase (staff): progress per phase, each task (`data-testid="task"` with data-phase, data-required and
 * data-status) with "done" (`task-done`), "not applicable" and "reopen"; a form to add a task.
 */
export const Checklist = ({ tasks, isPending }: { tasks: TaskRecord[]; isPending: boolean }) => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  const { canAccess: canCreate } = useCanAccess({ resource: 'tasks', action: 'create' });
  if (!record) return null;
  const byPhase = (p: WorkPhase) => tasks.filter((t) => t.phase === p);
  const progress = (p: WorkPhase): PhaseProgress[WorkPhase] => {
    const list = byPhase(p);
    return { done: list.filter((t) => isTaskSettled(t.status)).length, total: list.length, requiredOpen: list.filter((t) => t.required && !isTaskSettled(t.status)).length };
  };
  // the current phase first (open), then the lifecycle order; a reported incident's next phase is triage
  const openPhase = record.status === 'reported' ? 'triage' : record.status;
  const phases = [...WORK_PHASES].sort((a, b) => Number(b === record.status) - Number(a === record.status));
  return (
    <Box data-testid="checklist">
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', mb: 1 }}>
        <Typography variant="h6">{translate('incidentDesk.checklist.title')}</Typography>
        {canCreate && <AddTask record={record} />}
      </Box>
      {isPending && <LinearProgress />}
      {phases.map((p) => {
        const list = byPhase(p);
        if (!list.length) return null;
        return (
          <Accordion
            key={p}
            defaultExpanded={p === openPhase}
            disableGutters
            variant="outlined"
            slotProps={{ transition: { unmountOnExit: true } }}
            sx={{ mb: 1, '&:before': { display: 'none' } }}
            data-testid="checklist-phase"
            data-phase={p}
          >
            <AccordionSummary expandIcon={<ExpandMoreIcon />} sx={{ '& .MuiAccordionSummary-content': { display: 'block', mr: 1 } }}>
              <PhaseBar phase={p} {...progress(p)} current={record.status === p} />
            </AccordionSummary>
            <AccordionDetails sx={{ pt: 0 }}>
              {list.map((t) => (
                <TaskRow key={t.id} task={t} />
              ))}
            </AccordionDetails>
          </Accordion>
        );
      })}
      {!isPending && !tasks.length && (
        <Typography variant="body2" color="text.secondary">
          {translate('incidentDesk.checklist.empty')}
        </Typography>
      )}
    </Box>
  );
};
