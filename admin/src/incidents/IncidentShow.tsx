import { useState, type ReactNode } from 'react';
import { Box, Divider, Grid, Tab, Tabs, Typography } from '@mui/material';
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
  useCanAccess,
  useGetIdentity,
  useGetList,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { useAppLocale, useEnumChoices } from '../common/enums';
import type { PlaybookRecord } from '../playbooks/types';
import { Checklist, PhaseProgressPanel } from './Checklist';
import { GradeField, IncidentStatusField, LeadField, NearestDeadlineField, incidentText } from './fields';
import { GradingButton } from './GradingDialog';
import { Obligations } from './Obligations';
import { IncidentActions, IncidentAttachments, IncidentCommunications, IncidentEvaluations, IncidentGradings } from './Related';
import { TeamPanel } from './TeamPanel';
import { Timeline } from './Timeline';
import { TransitionButtons } from './TransitionButtons';
import type { IncidentRecord, ObligationRecord, TaskRecord, TimelineRecord } from './types';

const IncidentTitle = () => {
  const record = useRecordContext<IncidentRecord>();
  return <span>{incidentText(record)}</span>;
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
const Header = ({ tasks }: { tasks: TaskRecord[] }) => {
  const record = useRecordContext<IncidentRecord>();
  const { identity } = useGetIdentity();
  const { canAccess: canEdit } = useCanAccess({ resource: 'incidents', action: 'edit' });
  if (!record) return null;
  const staff = !!identity && identity.role !== 'client_admin';
  return (
    <Box sx={{ mb: 2 }} data-testid="incident-header">
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="overline" sx={{ fontSize: '0.9rem' }} data-testid="incident-reference">
          {record.reference}
        </Typography>
        <IncidentStatusField testId="incident-status" />
        <GradeField />
      </Box>
      <Typography variant="h5" component="h1" sx={{ mb: 1.5 }} data-testid="incident-title">
        {record.title}
      </Typography>
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap', mb: 1.5 }}>
        {staff && (
          <Fact label="resources.incidents.fields.clientId">
            <ReferenceField source="clientId" reference="clients" link="show" />
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
      {staff && (
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }} data-testid="incident-actions-bar">
          <TransitionButtons tasks={tasks} />
          <GradingButton />
          {canEdit && <EditButton variant="outlined" />}
        </Box>
      )}
    </Box>
  );
};

/** Every field of the incident; timestamps in the firm's time zone. */
const Overview = () => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const categories = useEnumChoices('incidentCategory');
  const natures = useEnumChoices('incidentNature');
  const { identity } = useGetIdentity();
  const staff = !!identity && identity.role !== 'client_admin';
  const list = (v: string[] | undefined) => (v?.length ? v.join(locale === 'zh-CN' ? '、' : ', ') : '—');
  return (
    <SimpleShowLayout sx={{ p: 0 }}>
      <TextField source="reference" />
      {staff && <ReferenceField source="clientId" reference="clients" link="show" />}
      <TextField source="title" />
      <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap', display: 'block' }} />
      <SelectField source="category" choices={categories} translateChoice={false} emptyText="—" />
      <SelectField source="nature" choices={natures} translateChoice={false} emptyText="—" />
      <Labeled label="resources.incidents.fields.grade">
        <GradeField />
      </Labeled>
      {staff && <TextField source="gradeRationale" emptyText="—" sx={{ whiteSpace: 'pre-wrap', display: 'block' }} />}
      <Labeled label="resources.incidents.fields.status">
        <IncidentStatusField />
      </Labeled>
      {staff && (
        <ReferenceField source="playbookId" reference="playbooks" link="show" emptyText="—">
          <FunctionField render={(p: PlaybookRecord) => p.name?.[locale] || p.name?.['zh-CN'] || p.key} />
        </ReferenceField>
      )}
      <Section title="incidentDesk.incidents.section_impact" />
      <BooleanField source="personalInfoInvolved" />
      <BooleanField source="sensitivePersonalInfoInvolved" />
      <BooleanField source="euPersonalData" />
      <BooleanField source="highRiskToIndividuals" />
      <FunctionField source="peopleAffected" render={(r: IncidentRecord) => (r.peopleAffected == null ? '—' : r.peopleAffected.toLocaleString(locale))} />
      <FunctionField source="recordsAffected" render={(r: IncidentRecord) => (r.recordsAffected == null ? '—' : r.recordsAffected.toLocaleString(locale))} />
      <FunctionField source="affectedSystems" render={(r: IncidentRecord) => list(r.affectedSystems)} />
      <FunctionField source="dataCategories" render={(r: IncidentRecord) => list(r.dataCategories)} />
      <TextField source="businessImpact" emptyText="—" sx={{ whiteSpace: 'pre-wrap', display: 'block' }} />
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

/**
 * The incident page: header with status and actions, the obligations' live clocks, then tabs — the work (checklist
 * by phase for staff, progress for client admins, and the timeline), overview, team, gradings, communications,
 * evaluations, improvement actions and attachments. Staff-only parts never render for client admins.
 */
const IncidentPage = () => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const staff = !!identity && identity.role !== 'client_admin';
  const { canAccess: canListTasks, isPending: isPendingTasksAccess } = useCanAccess({ resource: 'tasks', action: 'list' });
  const { canAccess: canListGradings } = useCanAccess({ resource: 'gradings', action: 'list' });
  const [tab, setTab] = useState<TabKey>('work');
  const id = record?.id;
  const tasks = useGetList<TaskRecord>(
    'tasks',
    { filter: { incidentId: id }, sort: { field: 'position', order: 'ASC' }, pagination: { page: 1, perPage: 1000 } },
    { enabled: !!id && canListTasks === true },
  );
  const timeline = useGetList<TimelineRecord>(
    'timeline',
    { filter: { incidentId: id }, sort: { field: 'occurredAt', order: 'DESC' }, pagination: { page: 1, perPage: 1000 } },
    { enabled: !!id },
  );
  const obligations = useGetList<ObligationRecord>(
    'obligations',
    { filter: { incidentId: id }, sort: { field: 'dueAt', order: 'ASC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: !!id },
  );
  if (!record) return null;
  const taskList = tasks.data ?? [];
  const tabs: { key: TabKey; label: string; show: boolean }[] = [
    { key: 'work', label: 'incidentDesk.incidents.tab_work', show: true },
    { key: 'overview', label: 'incidentDesk.incidents.tab_overview', show: true },
    { key: 'team', label: 'incidentDesk.incidents.tab_team', show: true },
    { key: 'gradings', label: 'incidentDesk.incidents.tab_gradings', show: !!canListGradings },
    { key: 'communications', label: 'incidentDesk.incidents.tab_communications', show: true },
    { key: 'evaluations', label: 'incidentDesk.incidents.tab_evaluations', show: true },
    { key: 'actions', label: 'incidentDesk.incidents.tab_actions', show: true },
    { key: 'attachments', label: 'incidentDesk.incidents.tab_attachments', show: staff },
  ];
  return (
    <Box sx={{ p: 2 }}>
      <Header tasks={taskList} />
      <Obligations obligations={obligations.data ?? []} isPending={obligations.isPending} />
      <Tabs value={tab} onChange={(_, v: TabKey) => setTab(v)} variant="scrollable" scrollButtons="auto" sx={{ mb: 2 }}>
        {tabs
          .filter((t) => t.show)
          .map((t) => (
            <Tab key={t.key} value={t.key} label={translate(t.label)} data-testid={`incident-tab-${t.key}`} />
          ))}
      </Tabs>
      <Divider sx={{ mb: 2, mt: -2 }} />
      {tab === 'work' && (
        <Grid container spacing={3}>
          <Grid size={{ xs: 12, lg: 7 }}>
            {isPendingTasksAccess ? null : canListTasks ? <Checklist tasks={taskList} isPending={tasks.isPending} /> : <PhaseProgressPanel />}
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

export const IncidentShow = () => (
  <Show actions={false} title={<IncidentTitle />}>
    <IncidentPage />
  </Show>
);
