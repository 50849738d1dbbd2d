import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import {
  Box, Button, Checkbox, Chip, FormControlLabel, LinearProgress, MenuItem, Paper, TextField, Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import AddIcon from '@mui/icons-material/Add';
import { useCreate, useDataProvider, useGetIdentity, useNotify, useRecordContext, useRefresh, useTranslate, useUpdate } from 'react-admin';
import {
  isTaskSettled, isWorkPhase, sectionLabel, WORK_PHASES, type Locale, type TaskStatus, type WorkPhase,
} from '@incident-desk/shared';
import { useAccess, useStaffChoices } from '../common/access';
import { useBulk } from '../common/bulk';
import { useFirmFormat } from '../common/FirmDateField';
import { enumLabel, useAppLocale } from '../common/enums';
import { useIncremental } from '../common/incremental';
import { USER_TEXT } from '../common/UserText';
import { Icon, ICONS, RowsRoot } from './rows';
import type { IncidentRecord, PhaseProgress, TaskRecord } from './types';

/** The status chip's colour (a class of RowsRoot). */
const STATUS_COLORS: Record<string, string> = { doing: 'info', done: 'success' };

/** Done (or not applicable) out of all, per phase, as a bar. */
const PhaseBar = ({ phase, done, total, requiredOpen, current }: { phase: WorkPhase; done: number; total: number; requiredOpen: number; current: boolean }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <Box data-testid="phase-progress" data-phase={phase} data-done={done} data-total={total} sx={{ mb: 1 }}>
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 1, flexWrap: 'wrap' }}>
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

/** The task's title in the UI language (the English one kept beside the Chinese for the playbook's tasks). */
export const taskTitle = (task: Pick<TaskRecord, 'title' | 'titleEn'>, locale: Locale) => (locale === 'en' ? task.titleEn || task.title : task.title);

/** A row's icon button, named for screen readers and on hover. */
const IconAction = ({ label, icon, disabled, onClick, testId }: { label: string; icon: string; disabled: boolean; onClick: () => void; testId: string }) => (
  <button type="button" className="icon" disabled={disabled} onClick={onClick} data-testid={testId} aria-label={label} title={label}>
    <Icon d={icon} />
  </button>
);

interface TaskRowProps {
  task: TaskRecord;
  /** its number in its phase's list */
  number: number;
  canEdit: boolean;
  busy: boolean;
  selected: boolean;
  onSelect: (id: string, on: boolean) => void;
  onStatus: (task: TaskRecord, status: TaskStatus) => void;
  /** who a task may be given to here (id → label; `user`: the label holds a name a user wrote) */
  assignees: Map<string, { label: string; user: boolean }>;
  onAssign: (task: TaskRecord, assigneeId: string | null) => void;
}

/** Who a task may be assigned to here: me, the incident's lead, its team members who are users. */
const useAssignees = (incident: IncidentRecord | undefined) => {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const team = JSON.stringify(incident?.team ?? []);
  return useMemo(() => {
    const out = new Map<string, { label: string; user: boolean }>();
    if (identity) out.set(String(identity.id), { label: `${identity.fullName ?? ''} (${translate('incidentDesk.checklist.me')})`, user: true });
    if (incident?.leadId && !out.has(incident.leadId)) out.set(incident.leadId, { label: translate('incidentDesk.checklist.lead'), user: false });
    for (const m of incident?.team ?? []) if (m.userId && !out.has(m.userId)) out.set(m.userId, { label: m.name, user: true });
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [identity?.id, identity?.fullName, incident?.leadId, team, translate]);
};

/**
 * One task: its number in the phase, the procedure item it comes from (§, a reference: two tasks may share one), title,
 * description, status, due and done times, and the actions. Plain elements styled by the list (RowsRoot); rendered
 * again only when its own props change.
 */
const TaskRow = memo(({ task, number, canEdit, busy, selected, onSelect, onStatus, assignees, onAssign }: TaskRowProps) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const { dateTime } = useFirmFormat();
  const settled = isTaskSettled(task.status);
  const own = !task.key; // added by the firm for this incident: its title is the user's text
  const description = locale === 'en' ? task.descriptionEn || (task.key ? '' : task.description) : task.description;
  const title = taskTitle(task, locale);
  const overdue = !settled && !!task.dueAt && Date.parse(task.dueAt) < Date.now();
  return (
    <div
      className={`row${task.status === 'not_applicable' ? ' muted' : ''}`}
      data-testid="task"
      data-task-id={task.id}
      data-phase={task.phase}
      data-required={String(task.required)}
      data-status={task.status}
      data-number={number}
    >
      {canEdit && (
        <input
          type="checkbox"
          checked={selected}
          onChange={(e) => onSelect(task.id, e.target.checked)}
          aria-label={translate('incidentDesk.checklist.select', { title })}
          data-testid="task-select"
        />
      )}
      <span className="number" data-testid="task-number">{number}.</span>
      <div className="body">
        <div className={`title${task.status === 'done' ? ' done' : ''}`}>
          <span {...(own ? USER_TEXT : {})}>{title}</span>
          {task.section && (
            <span className="caption" style={{ marginLeft: 8, whiteSpace: 'nowrap' }} title={translate('incidentDesk.checklist.section_hint')} data-testid="task-section">
              {translate('incidentDesk.checklist.section', { section: sectionLabel(task.section, locale) })}
            </span>
          )}
        </div>
        {description && (
          <div className="caption" {...(own ? USER_TEXT : {})}>
            {description}
          </div>
        )}
        <div className="meta">
          <span className={`chip ${STATUS_COLORS[task.status] ?? ''}`}>{enumLabel('taskStatus', task.status, locale)}</span>
          {task.required && <span className="chip outlined warning">{translate('incidentDesk.checklist.required')}</span>}
          {task.dueAt && <span className={`caption${overdue ? ' error' : ''}`}>{translate('incidentDesk.checklist.due', { at: dateTime(task.dueAt) })}</span>}
          {task.doneAt && <span className="caption">{translate('incidentDesk.checklist.done_at', { at: dateTime(task.doneAt) })}</span>}
          {canEdit ? (
            <select
              value={task.assigneeId ?? ''}
              disabled={busy}
              onChange={(e) => onAssign(task, e.target.value || null)}
              data-testid="task-assignee"
              aria-label={translate('incidentDesk.checklist.assignee')}
              style={{ minWidth: 140 }}
            >
              <option value="">{translate('incidentDesk.checklist.unassigned')}</option>
              {[...assignees].map(([id, a]) => (
                <option key={id} value={id} {...(a.user ? USER_TEXT : {})}>
                  {a.label}
                </option>
              ))}
              {task.assigneeId && !assignees.has(task.assigneeId) && <option value={task.assigneeId}>{translate('incidentDesk.checklist.someone')}</option>}
            </select>
          ) : (
            task.assigneeId && (
              <span className="chip outlined" {...(assignees.get(task.assigneeId)?.user ? USER_TEXT : {})}>
                {assignees.get(task.assigneeId)?.label ?? translate('incidentDesk.checklist.someone')}
              </span>
            )
          )}
        </div>
      </div>
      {canEdit && (
        <div className="actions">
          {!settled ? (
            <>
              <button type="button" className="btn" disabled={busy} onClick={() => onStatus(task, 'done')} data-testid="task-done">
                <Icon d={ICONS.check} />
                {translate('incidentDesk.checklist.mark_done')}
              </button>
              <IconAction label={translate('incidentDesk.checklist.mark_na')} icon={ICONS.notApplicable} disabled={busy} onClick={() => onStatus(task, 'not_applicable')} testId="task-na" />
            </>
          ) : (
            <IconAction label={translate('incidentDesk.checklist.reopen')} icon={ICONS.undo} disabled={busy} onClick={() => onStatus(task, 'todo')} testId="task-reopen" />
          )}
        </div>
      )}
    </div>
  );
});

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
      <Button size="small" startIcon={<AddIcon />} onClick={() => setOpen(true)} data-testid="task-add-open" sx={{ textTransform: 'none' }}>
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
    <Paper variant="outlined" sx={{ p: 2, display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center', width: '100%' }} data-testid="task-add-form">
      <TextField fullWidth={false} select size="small" name="phase" label={translate('incidentDesk.checklist.phase')} value={phase} onChange={(e) => setPhase(e.target.value as WorkPhase)} sx={{ minWidth: 200, maxWidth: '100%' }}>
        {WORK_PHASES.map((p) => (
          <MenuItem key={p} value={p}>
            {enumLabel('workPhase', p, locale)}
          </MenuItem>
        ))}
      </TextField>
      <TextField fullWidth={false} size="small" name="title" label={translate('incidentDesk.checklist.task_title')} value={title} onChange={(e) => setTitle(e.target.value)} sx={{ flex: '1 1 220px' }} slotProps={{ htmlInput: { maxLength: 300 } }} />
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

/** What is done to the selected tasks: done, or given to someone; each task through PUT /api/tasks/{id}, as one by one. */
const BulkBar = (props: { tasks: TaskRecord[]; selected: string[]; clear: () => void }) => {
  const { run, busy, dialog } = useBulk('tasks');
  return (
    <>
      {props.selected.length > 0 && <BulkTools {...props} run={run} busy={busy} />}
      {dialog}
    </>
  );
};

const BulkTools = ({ tasks, selected, clear, run, busy }: { tasks: TaskRecord[]; selected: string[]; clear: () => void } & Pick<ReturnType<typeof useBulk>, 'run' | 'busy'>) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const dataProvider = useDataProvider();
  const assignees = useStaffChoices();
  const [assignee, setAssignee] = useState('');
  const chosen = tasks.filter((t) => selected.includes(t.id));
  const apply = async (data: Partial<TaskRecord>) => {
    await run(chosen, (t) => taskTitle(t, locale), (t) => dataProvider.update('tasks', { id: t.id, data, previousData: {} as TaskRecord }));
    clear();
  };
  return (
    <Paper variant="outlined" sx={{ p: 1, mb: 1, display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }} data-testid="task-bulk">
      <Typography variant="body2" sx={{ mr: 1 }}>
        {translate('app.bulk.selected', { smart_count: chosen.length })}
      </Typography>
      <Button size="small" variant="contained" startIcon={<DoneAllIcon />} disabled={busy} onClick={() => apply({ status: 'done' })} data-testid="task-bulk-done" sx={{ textTransform: 'none' }}>
        {translate('incidentDesk.checklist.bulk_done')}
      </Button>
      <TextField
        select
        size="small"
        name="bulkAssignee"
        label={translate('incidentDesk.checklist.assignee')}
        value={assignee}
        onChange={(e) => setAssignee(e.target.value)}
        sx={{ minWidth: 180 }}
        fullWidth={false}
        variant="outlined"
      >
        {assignees.map((u) => (
          <MenuItem key={u.id} value={u.id}>
            <span {...USER_TEXT}>{u.name}</span>
          </MenuItem>
        ))}
      </TextField>
      <Button size="small" variant="outlined" disabled={busy || !assignee} onClick={() => apply({ assigneeId: assignee })} data-testid="task-bulk-assign" sx={{ textTransform: 'none' }}>
        {translate('incidentDesk.checklist.bulk_assign')}
      </Button>
      <Button size="small" onClick={clear} disabled={busy}>
        {translate('ra.action.unselect')}
      </Button>
    </Paper>
  );
};

/** A phase's tasks, rendered as far as they are seen. */
const PhaseTasks = (props: Omit<TaskRowProps, 'task' | 'number' | 'selected'> & { tasks: TaskRecord[]; selected: string[] }) => {
  const { tasks, selected, ...rest } = props;
  const { shown, marker } = useIncremental(tasks, 12);
  return (
    <RowsRoot>
      {shown.map((t, n) => (
        <TaskRow key={t.id} task={t} number={n + 1} selected={selected.includes(t.id)} {...rest} />
      ))}
      {marker}
    </RowsRoot>
  );
};

/**
 * The checklist by phase (staff): progress per phase, and the tasks of the current phase open (the others one click
 * away; when the incident moves on, the new phase opens and the finished one closes). Each task (`data-testid="task"`
 * with data-phase, data-required and data-status) has "done" (`task-done`), "not applicable" and "reopen"; selected
 * tasks are done or assigned together; a form adds a task.
 */
export const Checklist = memo(({ tasks, isPending }: { tasks: TaskRecord[]; isPending: boolean }) => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const canCreate = useAccess('tasks', 'create');
  const canEdit = useAccess('tasks', 'edit');
  const [update, { isPending: updating }] = useUpdate<TaskRecord>();
  // the current phase open; a reported incident's next phase is triage
  const current: WorkPhase | null = record ? (record.status === 'reported' ? 'triage' : isWorkPhase(record.status) ? record.status : null) : null;
  const [open, setOpen] = useState<WorkPhase[]>(current ? [current] : []);
  useEffect(() => setOpen(current ? [current] : []), [current]);
  const [selected, setSelected] = useState<string[]>([]);
  // stable callbacks: a task row renders again only when its own task changes
  const assignees = useAssignees(record);
  const onChange = useCallback(
    (task: TaskRecord, data: Partial<TaskRecord>) =>
      update(
        'tasks',
        { id: task.id, data, previousData: {} as TaskRecord },
        {
          mutationMode: 'pessimistic',
          onSuccess: () => refresh(),
          onError: (e: unknown) => notify(e instanceof Error && e.message ? e.message : 'ra.notification.http_error', { type: 'error' }),
        },
      ),
    [update, refresh, notify],
  );
  const onStatus = useCallback((task: TaskRecord, status: TaskStatus) => onChange(task, { status }), [onChange]);
  const onAssign = useCallback((task: TaskRecord, assigneeId: string | null) => onChange(task, { assigneeId }), [onChange]);
  const onSelect = useCallback((id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id))), []);
  if (!record) return null;
  const byPhase = (p: WorkPhase) => tasks.filter((t) => t.phase === p);
  const progress = (list: TaskRecord[]): PhaseProgress[WorkPhase] => ({
    done: list.filter((t) => isTaskSettled(t.status)).length,
    total: list.length,
    requiredOpen: list.filter((t) => t.required && !isTaskSettled(t.status)).length,
  });
  // the current phase first, then the lifecycle order
  const phases = [...WORK_PHASES].sort((a, b) => Number(b === current) - Number(a === current));
  return (
    <Box data-testid="checklist">
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', mb: 1, gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h6">{translate('incidentDesk.checklist.title')}</Typography>
        {canCreate && <AddTask record={record} />}
      </Box>
      {canEdit && <BulkBar tasks={tasks} selected={selected} clear={() => setSelected([])} />}
      {isPending && <LinearProgress />}
      {phases.map((p) => {
        const list = byPhase(p);
        if (!list.length) return null;
        const expanded = open.includes(p);
        return (
          <Paper key={p} variant="outlined" sx={{ mb: 1 }} data-testid="checklist-phase" data-phase={p} data-expanded={String(expanded)}>
            <Box
              component="button"
              type="button"
              aria-expanded={expanded}
              onClick={() => setOpen((o) => (expanded ? o.filter((x) => x !== p) : [...o, p]))}
              sx={{
                display: 'flex', alignItems: 'center', gap: 1, width: '100%', p: 2, pb: 1, border: 0, background: 'none', font: 'inherit', color: 'inherit',
                textAlign: 'left', cursor: 'pointer', '&:hover': { bgcolor: 'action.hover' }, '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' },
              }}
            >
              <Box sx={{ flex: 1, minWidth: 0 }}>
                <PhaseBar phase={p} {...progress(list)} current={current === p} />
              </Box>
              <ExpandMoreIcon sx={{ transform: expanded ? 'rotate(180deg)' : 'none', color: 'action.active' }} />
            </Box>
            {expanded && (
              <Box sx={{ px: { xs: 1, sm: 2 }, pb: 1 }}>
                <PhaseTasks tasks={list} selected={selected} canEdit={canEdit} busy={updating} onSelect={onSelect} onStatus={onStatus} assignees={assignees} onAssign={onAssign} />
              </Box>
            )}
          </Paper>
        );
      })}
      {!isPending && !tasks.length && (
        <Typography variant="body2" color="text.secondary">
          {translate('incidentDesk.checklist.empty')}
        </Typography>
      )}
    </Box>
  );
});
