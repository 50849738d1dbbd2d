import { Box } from '@mui/material';
import {
  ArrayInput, AutocompleteInput, BooleanInput, NumberInput, ReferenceInput, required, SelectInput, SimpleFormIterator, TextInput,
} from 'react-admin';
import { WORK_PHASES, type PlaybookRecord, type PlaybookTaskDef } from '@incident-desk/shared';
import { enumLabel, localText, useAppLocale } from '../common/enums';

const ROW = { display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start', width: '100%', maxWidth: 980, '& > *': { flex: '1 1 240px' } } as const;

/** Names and descriptions in both languages. */
export const PlaybookTextInputs = () => (
  <>
    <Box sx={ROW}>
      <TextInput source="name.zh-CN" label="incidentDesk.playbooks.name_zh" validate={required()} sx={{ minWidth: 340 }} />
      <TextInput source="name.en" label="incidentDesk.playbooks.name_en" validate={required()} sx={{ minWidth: 340 }} />
    </Box>
    <Box sx={ROW}>
      <TextInput source="description.zh-CN" label="incidentDesk.playbooks.description_zh" multiline minRows={2} sx={{ minWidth: 340 }} />
      <TextInput source="description.en" label="incidentDesk.playbooks.description_en" multiline minRows={2} sx={{ minWidth: 340 }} />
    </Box>
  </>
);

/** The playbook a copy starts from. */
export const CopyFromInput = () => {
  const locale = useAppLocale();
  return (
    <ReferenceInput source="copyFromId" reference="playbooks" sort={{ field: 'createdAt', order: 'ASC' }}>
      <AutocompleteInput
        label="incidentDesk.playbooks.copy_from"
        optionText={(p: PlaybookRecord) => localText(p.name, locale) || p.key}
        filterToQuery={() => ({})}
        validate={required()}
        sx={{ minWidth: 400 }}
      />
    </ReferenceInput>
  );
};

/** The tasks of a firm's playbook: phase, titles and descriptions in both languages, required, due hours, section. */
export const PlaybookTaskInputs = () => {
  const locale = useAppLocale();
  const phases = WORK_PHASES.map((p) => ({ id: p, name: enumLabel('workPhase', p, locale) }));
  return (
    <ArrayInput source="tasks" label="incidentDesk.playbooks.tasks">
      <SimpleFormIterator inline={false} disableReordering={false} sx={{ '& .RaSimpleFormIterator-line': { borderBottom: 1, borderColor: 'divider', pb: 1 } }}>
        <Box sx={ROW}>
          <SelectInput source="phase" label="incidentDesk.checklist.phase" choices={phases} translateChoice={false} validate={required()} sx={{ minWidth: 200 }} />
          <TextInput source="section" label="incidentDesk.playbooks.section" sx={{ maxWidth: 120 }} />
          <NumberInput source="dueHours" label="incidentDesk.playbooks.due_hours_input" min={0} sx={{ maxWidth: 160 }} />
          <BooleanInput source="required" label="incidentDesk.checklist.required" />
        </Box>
        <Box sx={ROW}>
          <TextInput source="title.zh-CN" label="incidentDesk.playbooks.title_zh" validate={required()} sx={{ minWidth: 340 }} />
          <TextInput source="title.en" label="incidentDesk.playbooks.title_en" validate={required()} sx={{ minWidth: 340 }} />
        </Box>
        <Box sx={ROW}>
          <TextInput source="description.zh-CN" label="incidentDesk.playbooks.description_zh" multiline sx={{ minWidth: 340 }} />
          <TextInput source="description.en" label="incidentDesk.playbooks.description_en" multiline sx={{ minWidth: 340 }} />
        </Box>
      </SimpleFormIterator>
    </ArrayInput>
  );
};

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const local = (v: unknown) => {
  const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  return { 'zh-CN': text(o['zh-CN']), en: text(o.en) };
};

/** The tasks as the API validates them; a new task gets a key of its own. */
export const cleanTasks = (tasks: unknown): PlaybookTaskDef[] =>
  (Array.isArray(tasks) ? tasks : []).map((raw, i) => {
    const t = (raw ?? {}) as Record<string, unknown>;
    const dueHours = t.dueHours === null || t.dueHours === undefined || t.dueHours === '' ? undefined : Number(t.dueHours);
    const section = text(t.section);
    return {
      key: text(t.key) || `task-${Date.now().toString(36)}-${i}`,
      phase: t.phase as PlaybookTaskDef['phase'],
      title: local(t.title),
      description: local(t.description),
      required: t.required === true,
      ...(dueHours !== undefined ? { dueHours } : {}),
      section: section || '',
    };
  });

export const cleanText = local;
