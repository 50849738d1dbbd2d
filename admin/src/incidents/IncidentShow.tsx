import { memo, useDeferredValue, useState, type KeyboardEvent, type ReactNode } from 'react';
import { styled } from '@mui/material/styles';
import { useParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Box, Grid, Typography } from '@mui/material';
import {
  BooleanField,
  EditButton,
  FunctionField,
  Labeled,
  ReferenceField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  useGetList,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useAccess, useIsStaff } from '../common/access';
import { USER_TEXT } from '../common/UserText';
import { FirmDateField } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { localText, useAppLocale, useEnumChoices } from '../common/enums';
import type { PlaybookRecord } from '@incident-desk/shared';
import { Checklist, PhaseProgressPanel } from './Checklist';
import { GradeField, IncidentStatusField, LeadField, NearestDeadlineField, incidentText } from './fields';
import { GradingButton } from './GradingDialog';
import { IncidentReportButton } from './IncidentReport';
import { Obligations } from './Obligations';
import { incidentPageLists, PREFETCHED_FRESH_MS } from './pageLists';
import { IncidentActions, IncidentAttachments, IncidentCommunications, IncidentEvaluations, IncidentGradings } from './Related';
import { TeamPanel } from './TeamPanel';
import { Timeline } from './Timeline';
import { TransitionButtons } from './TransitionButtons';
import { IncidentTimer } from '../time-entries/IncidentTimer';
import type { IncidentRecord, ObligationRecord, TaskRecord, TimelineRecord } from './types';

const IncidentTitle = () => {
  const record = useRecordContext<IncidentRecord>();
  return <span {...USER_TEXT}>{incidentText(record)}</span>;
};

const Fact = ({ label, children }: { label: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ minWidth: 140 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate(label)}
      </Typography>
      <Box sx={{ typography: 'body2' }}>{children}</Box>
    </Box>
  );
};

/** Reference, title, status (`data-testid="incident-status"`), the key facts, and the staff's actions. */
/** An exercise is marked on its page: a drill run through the real workflow, nothing sent outside the firm. */
const ExerciseBanner = () => {
  const translate = useTranslate();
  return <Alert severity="info" variant="filled" sx={{ mb: 1.5 }} data-testid="exercise-banner">{translate('incidentDesk.incidents.exercise_banner')}</Alert>;
};

const Header = memo(({ tasks }: { tasks: TaskRecord[] }) => {
  const record = useRecordContext<IncidentRecord>();
  const staff = useIsStaff();
  const canEdit = useAccess('incidents', 'edit');
  const canLogTime = useAccess('time-entries', 'create');
  if (!record) return null;
  return (
    <Box sx={{ mb: 2 }} data-testid="incident-header">
      {record.exercise && <ExerciseBanner />}
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="overline" sx={{ fontSize: '0.9rem' }} data-testid="incident-reference">
          {record.reference}
        </Typography>
        <IncidentStatusField testId="incident-status" />
        <GradeField />
      </Box>
      <Typography variant="h5" component="h1" sx={{ mb: 1.5, overflowWrap: 'anywhere' }} data-testid="incident-title" {...USER_TEXT}>
        {record.title}
      </Typography>
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap', mb: 1.5 }}>
        {staff && (
          <Fact label="resources.incidents.fields.clientId">
            <ReferenceField source="clientId" reference="clients" link="show" {...USER_TEXT} />
          </Fact>
        )}
        {staff && record.parentId && (
          <Fact label="resources.incidents.fields.parentId">
            <ReferenceField source="parentId" reference="firm-incidents" link="show" />
          </Fact>
        )}
        {staff && (
          <Fact label="resources.incidents.fields.leadId">
            <LeadField />
          </Fact>
        )}
        <Fact label="resources.incidents.fields.detectedAt">
          <FirmDateField source="detectedAt" />
        </Fact>
        <Fact label="resources.incidents.fields.nearestDueAt">
          <NearestDeadlineField />
        </Fact>
      </Box>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }} data-testid="incident-actions-bar">
        {staff && <TransitionButtons tasks={tasks} />}
        {staff && <GradingButton />}
        <IncidentReportButton />
        {staff && canEdit && <EditButton variant="outlined" sx={{ textTransform: 'none' }} />}
        {staff && canLogTime && <IncidentTimer incidentId={String(record.id)} />}
      </Box>
    </Box>
  );
});

/** Every field of the incident; timestamps in the firm's time zone. */
const Overview = () => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const categories = useEnumChoices('incidentCategory');
  const natures = useEnumChoices('incidentNature');
  const staff = useIsStaff();
  const list = (v: string[] | undefined) => (v?.length ? v.join(locale === 'zh-CN' ? '、' : ', ') : '—');
  return (
    <SimpleShowLayout sx={{ p: 0 }}>
      <TextField source="reference" />
      {staff && <ReferenceField source="clientId" reference="clients" link="show" {...USER_TEXT} />}
      <TextField source="title" {...USER_TEXT} />
      <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap', display: 'block' }} {...USER_TEXT} />
      <SelectField source="category" choices={categories} translateChoice={false} emptyText="—" />
      <SelectField source="nature" choices={natures} translateChoice={false} emptyText="—" />
      <Labeled label="resources.incidents.fields.grade">
        <GradeField />
      </Labeled>
      {staff && <TextField source="gradeRationale" emptyText="—" sx={{ whiteSpace: 'pre-wrap', display: 'block' }} {...USER_TEXT} />}
      <Labeled label="resources.incidents.fields.status">
        <IncidentStatusField />
      </Labeled>
      {staff && (
        <ReferenceField source="playbookId" reference="playbooks" link="show" emptyText="—" {...USER_TEXT}>
          <FunctionField render={(p: PlaybookRecord) => localText(p.name, locale) || p.key} />
        </ReferenceField>
      )}
      <Section title="incidentDesk.incidents.section_impact" />
      <BooleanField source="personalInfoInvolved" />
      <BooleanField source="sensitivePersonalInfoInvolved" />
      <BooleanField source="euPersonalData" />
      <BooleanField source="highRiskToIndividuals" />
      <FunctionField source="peopleAffected" render={(r: IncidentRecord) => (r.peopleAffected == null ? '—' : r.peopleAffected.toLocaleString(locale))} />
      <FunctionField source="recordsAffected" render={(r: IncidentRecord) => (r.recordsAffected == null ? '—' : r.recordsAffected.toLocaleString(locale))} />
      <FunctionField source="affectedSystems" render={(r: IncidentRecord) => list(r.affectedSystems)} {...USER_TEXT} />
      <FunctionField source="dataCategories" render={(r: IncidentRecord) => list(r.dataCategories)} {...USER_TEXT} />
      <TextField source="businessImpact" emptyText="—" sx={{ whiteSpace: 'pre-wrap', display: 'block' }} {...USER_TEXT} />
      <Section title="incidentDesk.incidents.section_times" />
      <Typography variant="caption" color="text.secondary">
        {translate('incidentDesk.incidents.times_help')}
      </Typography>
      {(['detectedAt', 'reportedAt', 'acknowledgedAt', 'confirmedAt', 'containedAt', 'recoveredAt', 'resolvedAt', 'closedAt', 'createdAt', 'updatedAt'] as const).map((f) => (
        <FirmDateField key={f} source={f} emptyText="—" />
      ))}
    </SimpleShowLayout>
  );
};

type TabKey = 'work' | 'overview' | 'team' | 'gradings' | 'communications' | 'evaluations' | 'actions' | 'attachments';

const TabList = styled('div')(({ theme }) => ({
  display: 'flex',
  overflowX: 'auto',
  scrollbarWidth: 'thin',
  borderBottom: `1px solid ${theme.palette.divider}`,
  marginBottom: theme.spacing(2),
  '& [role="tab"]': {
    ...theme.typography.button,
    textTransform: 'none',
    flexShrink: 0,
    padding: theme.spacing(1.25, 1.5),
    minHeight: 48,
    border: 0,
    borderBottom: '2px solid transparent',
    background: 'none',
    color: theme.palette.text.secondary,
    cursor: 'pointer',
  },
  '& [role="tab"]:hover': { backgroundColor: theme.palette.action.hover },
  '& [role="tab"][aria-selected="true"]': { color: theme.palette.primary.main, borderBottomColor: theme.palette.primary.main },
  '& [role="tab"]:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: -2 },
}));

/**
 * The page's tabs: all on one line, scrolling sideways when the screen is narrow (MUI's Tabs measure themselves as the
 * page appears, a forced layout of the whole page). ←/→ move between them.
 */
const TabBar = ({ tabs, value, onChange }: { tabs: { key: TabKey; label: string }[]; value: TabKey; onChange: (key: TabKey) => void }) => {
  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const n = tabs.findIndex((t) => t.key === value);
    const next = tabs[(n + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    onChange(next.key);
    e.currentTarget.querySelector<HTMLButtonElement>(`[data-key="${next.key}"]`)?.focus();
  };
  return (
    <TabList role="tablist" onKeyDown={move}>
      {tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          role="tab"
          aria-selected={t.key === value}
          tabIndex={t.key === value ? 0 : -1}
          data-key={t.key}
          data-testid={`incident-tab-${t.key}`}
          onClick={() => onChange(t.key)}
        >
          {t.label}
        </button>
      ))}
    </TabList>
  );
};

interface Lists {
  tasks: { data?: TaskRecord[]; isPending: boolean };
  timeline: { data?: TimelineRecord[]; isPending: boolean };
  obligations: { data?: ObligationRecord[]; isPending: boolean };
}

/**
 * The incident page: header with status and actions, the obligations' live clocks, then tabs — the work (checklist
 * by phase for staff, progress for client admins, and the timeline), overview, team, gradings, communications,
 * evaluations, improvement actions and attachments. Staff-only parts never render for client admins.
 */
const IncidentPage = ({ tasks, timeline, obligations }: Lists) => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  const staff = useIsStaff();
  const canListTasks = useAccess('tasks', 'list');
  const canListGradings = useAccess('gradings', 'list');
  const [tab, setTab] = useState<TabKey>('work');
  if (!record) return null;
  const taskList = tasks.data ?? [];
  const tabs: { key: TabKey; label: string; show: boolean }[] = [
    { key: 'work', label: 'incidentDesk.incidents.tab_work', show: true },
    { key: 'overview', label: 'incidentDesk.incidents.tab_overview', show: true },
    { key: 'team', label: 'incidentDesk.incidents.tab_team', show: true },
    { key: 'gradings', label: 'incidentDesk.incidents.tab_gradings', show: canListGradings },
    { key: 'communications', label: 'incidentDesk.incidents.tab_communications', show: true },
    { key: 'evaluations', label: 'incidentDesk.incidents.tab_evaluations', show: true },
    { key: 'actions', label: 'incidentDesk.incidents.tab_actions', show: true },
    { key: 'attachments', label: 'incidentDesk.incidents.tab_attachments', show: staff },
  ];
  return (
    <Box sx={{ p: { xs: 1.5, sm: 2 } }}>
      <Header tasks={taskList} />
      <Obligations obligations={obligations.data ?? []} isPending={obligations.isPending} />
      <TabBar tabs={tabs.filter((t) => t.show).map((t) => ({ key: t.key, label: translate(t.label) }))} value={tab} onChange={setTab} />
      {tab === 'work' && (
        <Grid container spacing={3}>
          <Grid size={{ xs: 12, lg: 7 }}>
            {canListTasks ? <Checklist tasks={taskList} isPending={tasks.isPending} /> : <PhaseProgressPanel />}
          </Grid>
          <Grid size={{ xs: 12, lg: 5 }}>
            <Timeline entries={timeline.data ?? []} isPending={timeline.isPending} />
          </Grid>
        </Grid>
      )}
      {tab === 'overview' && <Overview />}
      {tab === 'team' && <TeamPanel />}
      {tab === 'gradings' && <IncidentGradings />}
      {tab === 'communications' && <IncidentCommunications />}
      {tab === 'evaluations' && <IncidentEvaluations />}
      {tab === 'actions' && <IncidentActions />}
      {tab === 'attachments' && <IncidentAttachments />}
    </Box>
  );
};

/**
 * The incident's checklist, timeline and clocks are asked for with the incident itself, from the id in the address:
 * the four requests go out together rather than the lists waiting for the incident.
 */
/** The incident as the list the user came from shows it, to draw the page at once while the record itself is fetched. */
const useFromList = (id: string | undefined) => {
  const queryClient = useQueryClient();
  return () => {
    for (const [, page] of queryClient.getQueriesData<{ data?: IncidentRecord[] }>({ queryKey: ['incidents', 'getList'] })) {
      const found = page?.data?.find((r) => r.id === id);
      if (found) return found;
    }
    return undefined;
  };
};

export const IncidentShow = () => {
  const { id } = useParams<{ id: string }>();
  const fromList = useFromList(id);
  const canListTasks = useAccess('tasks', 'list');
  // the same requests as a row of the list asks for ahead (pageLists.ts): what it has fetched is shown at once
  const lists = incidentPageLists(id);
  const fresh = { staleTime: PREFETCHED_FRESH_MS };
  const tasks = useGetList<TaskRecord>('tasks', lists.tasks, { enabled: !!id && canListTasks, ...fresh });
  const timeline = useGetList<TimelineRecord>('timeline', lists.timeline, { enabled: !!id, ...fresh });
  const obligations = useGetList<ObligationRecord>('obligations', lists.obligations, { enabled: !!id, ...fresh });
  // The requests above go out when the page is first committed: that first commit holds the frame alone, and the page
  // itself is drawn once the lists have answered, as a deferred render (React splits it into short tasks), rather than
  // the requests waiting for the whole page to be drawn empty, then drawn again with each answer.
  const answered = !(canListTasks && tasks.isPending) && !timeline.isPending && !obligations.isPending;
  const drawn = useDeferredValue(answered, false);
  return (
    // every role may show incidents (the shared rule) and the server checks each request: the page does not wait for the
    // app to ask itself (react-admin's sign-in and access queries, one after the other) before it shows the record
    <Show actions={false} title={<IncidentTitle />} disableAuthentication queryOptions={{ placeholderData: fromList }}>
      {drawn ? <IncidentPage tasks={tasks} timeline={timeline} obligations={obligations} /> : <Box sx={{ minHeight: '50vh' }} />}
    </Show>
  );
};
