import { Box, Chip, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { WORK_PHASES, type LocalText, type PlaybookRecord, type PlaybookTaskDef } from '@incident-desk/shared';
import { localText, useAppLocale } from '../common/enums';
import { enumLabel } from '../common/enums';

/** A text in the UI language, the other language when it is empty. */

/** The playbook's name in the UI language. */
export const PlaybookNameField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<PlaybookRecord>();
  const locale = useAppLocale();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box component="span" sx={{ display: 'inline-flex', gap: 1, alignItems: 'center' }}>
      <span>{localText(record.name, locale)}</span>
      {record.builtIn && <Chip size="small" label={translate('incidentDesk.playbooks.built_in')} data-testid="playbook-built-in" />}
    </Box>
  );
};

const TaskLine = ({ task }: { task: PlaybookTaskDef }) => {
  const translate = useTranslate();
  return (
    <Box
      data-testid="playbook-task"
      data-phase={task.phase}
      data-required={String(task.required)}
      sx={{ py: 0.75, borderBottom: 1, borderColor: 'divider' }}
    >
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        {task.section && (
          <Typography variant="caption" color="text.secondary">
            {task.section}
          </Typography>
        )}
        <Typography variant="body2" sx={{ fontWeight: 500 }} lang="zh-CN">
          {task.title['zh-CN']}
        </Typography>
        {task.required && <Chip size="small" variant="outlined" color="warning" label={translate('incidentDesk.checklist.required')} />}
        {task.dueHours != null && (
          <Typography variant="caption" color="text.secondary">
            {translate('incidentDesk.playbooks.due_hours', { hours: task.dueHours })}
          </Typography>
        )}
      </Box>
      <Typography variant="body2" color="text.secondary" lang="en">
        {task.title.en}
      </Typography>
      {(task.description?.['zh-CN'] || task.description?.en) && (
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.5 }}>
          {task.description['zh-CN']}
          {task.description['zh-CN'] && task.description.en ? ' / ' : ''}
          {task.description.en}
        </Typography>
      )}
    </Box>
  );
};

/** The tasks by phase, both languages, required flags and due hours. */
export const PlaybookTasks = (_props: { label?: string }) => {
  const record = useRecordContext<PlaybookRecord>();
  const locale = useAppLocale();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box data-testid="playbook-tasks" sx={{ width: '100%' }}>
      {WORK_PHASES.map((phase) => {
        const tasks = (record.tasks ?? []).filter((t) => t.phase === phase);
        return (
          <Box key={phase} sx={{ mb: 3 }} data-testid="playbook-phase" data-phase={phase}>
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
              {enumLabel('workPhase', phase, locale)}{' '}
              <Typography component="span" variant="caption" color="text.secondary">
                {translate('incidentDesk.playbooks.phase_count', { count: tasks.length, required: tasks.filter((t) => t.required).length })}
              </Typography>
            </Typography>
            {tasks.length ? tasks.map((t) => <TaskLine key={t.key} task={t} />) : <Typography variant="body2" color="text.secondary">—</Typography>}
          </Box>
        );
      })}
    </Box>
  );
};
