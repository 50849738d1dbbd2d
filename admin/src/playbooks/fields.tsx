import { Box, Chip, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { sectionLabel, WORK_PHASES, type Locale, type PlaybookRecord, type PlaybookTaskDef } from '@incident-desk/shared';
import { USER_TEXT } from '../common/UserText';
import { enumLabel, localText, useAppLocale } from '../common/enums';

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

/** A task of the playbook in the UI language (the other language's title and description when asked for). */
const TaskLine = ({ task, other }: { task: PlaybookTaskDef; other: Locale | null }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const texts = (l: Locale) => (
    <Box lang={l} {...(l === locale ? {} : USER_TEXT)}>
      <Typography variant="body2" sx={{ fontWeight: l === locale ? 500 : 400 }} color={l === locale ? 'text.primary' : 'text.secondary'}>
        {task.title[l]}
      </Typography>
      {task.description?.[l] && (
        <Typography variant="caption" color="text.secondary" component="div">
          {task.description[l]}
        </Typography>
      )}
    </Box>
  );
  return (
    <Box
      data-testid="playbook-task"
      data-phase={task.phase}
      data-required={String(task.required)}
      sx={{ py: 0.75, borderBottom: 1, borderColor: 'divider' }}
    >
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        {texts(locale)}
        {task.section && (
          <Typography variant="caption" color="text.secondary" title={translate('incidentDesk.checklist.section_hint')}>
            {translate('incidentDesk.checklist.section', { section: sectionLabel(task.section, locale) })}
          </Typography>
        )}
        {task.required && <Chip size="small" variant="outlined" color="warning" label={translate('incidentDesk.checklist.required')} />}
        {task.dueHours != null && (
          <Typography variant="caption" color="text.secondary">
            {translate('incidentDesk.playbooks.due_hours', { hours: task.dueHours })}
          </Typography>
        )}
      </Box>
      {other && texts(other)}
    </Box>
  );
};

/** The tasks by phase in the UI language (the other one on demand), required flags and due hours. */
export const PlaybookTasks = ({ other = null }: { label?: string; other?: Locale | null }) => {
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
            {tasks.length ? tasks.map((t) => <TaskLine key={t.key} task={t} other={other} />) : <Typography variant="body2" color="text.secondary">—</Typography>}
          </Box>
        );
      })}
    </Box>
  );
};
