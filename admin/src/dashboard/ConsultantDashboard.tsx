import { Box, Chip, Grid, Stack, Typography } from '@mui/material';
import { Bars } from './charts';
import { Link, useTranslate } from 'react-admin';
import { formatCountdown, msUntil, type ActionRecord, type TrainingRecord, OPEN_INCIDENT_STATUSES, OPEN_TASK_STATUSES } from '@incident-desk/shared';
import { enumLabel, useAppLocale } from '../common/enums';
import { USER_TEXT } from '../common/UserText';
import { useAsOf, useCounts } from './api';
import { ChartBox, DashCard, IncidentLink, ListCard, NextDayDeadlines, Parts } from './widgets';
import { useFirmFormat } from '../common/FirmDateField';
import type { DashTask } from './types';
import { MyWork } from '../work';

/** The phases of an open incident, in order (INCIDENT_STATUSES without closed and dismissed). */
export const OPEN_PHASES = OPEN_INCIDENT_STATUSES;
type OpenPhase = (typeof OPEN_PHASES)[number];

/** My open incidents (I lead them) by phase: counted by the server, one total per phase; plus new reports waiting. */
const MyIncidentsByPhase = ({ userId }: { userId: string }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const filters = {} as Record<OpenPhase, Record<string, unknown>>;
  for (const p of OPEN_PHASES) filters[p] = { leadId: userId, status: p };
  const { data: counts } = useCounts('incidents', filters);
  const { data: waiting } = useCounts('incidents', { reported: { status: 'reported' } });
  const total = counts ? OPEN_PHASES.reduce((n, p) => n + counts[p], 0) : undefined;
  const labels = OPEN_PHASES.map((p) => enumLabel('incidentStatus', p, locale));
  return (
    <DashCard title="incidentDesk.dashboard.my_incidents" testId="dashboard-my-incidents" count={total} countTestId="my-open-incidents" countColor="primary">
      {counts && (
        <ChartBox testId="chart-my-incidents-by-phase" title="incidentDesk.dashboard.by_phase">
          <Bars
            height={220}
            categories={labels}
            series={[{ data: OPEN_PHASES.map((p) => counts[p]), label: translate('incidentDesk.dashboard.series_incidents'), id: 'incidents' }]}
            hideLegend
          />
        </ChartBox>
      )}
      {counts && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mt: 1 }}>
          {OPEN_PHASES.map((p, n) => (
            <Chip key={p} size="small" variant="outlined" label={`${labels[n]} ${counts[p]}`} data-testid={`phase-count-${p}`} data-count={counts[p]} />
          ))}
        </Stack>
      )}
      {waiting && (
        <Typography variant="body2" sx={{ mt: 1.5 }} data-testid="awaiting-triage" data-count={waiting.reported}>
          {translate('incidentDesk.dashboard.awaiting_triage', { count: waiting.reported })}
        </Typography>
      )}
    </DashCard>
  );
};

/** "2026/11/27 12:26 · overdue by 1d 17h 00m" for something due in the past. */
const useOverdueBy = () => {
  const format = useFirmFormat();
  const locale = useAppLocale();
  const translate = useTranslate();
  return (dueAt: string | null) =>
    dueAt ? `${format.dateTime(dueAt)} · ${translate('incidentDesk.dashboard.overdue_by', { time: formatCountdown(-msUntil(dueAt, new Date()), locale) })}` : '—';
};

const OverdueTasks = ({ asOf }: { asOf: string }) => {
  const locale = useAppLocale();
  const overdueBy = useOverdueBy();
  return (
    <ListCard<DashTask>
      title="incidentDesk.dashboard.overdue_tasks"
      testId="dashboard-overdue-tasks"
      countTestId="overdue-tasks-count"
      lineTestId="overdue-task"
      resource="tasks"
      filter={{ status: OPEN_TASK_STATUSES, dueAt_lte: asOf }}
      sort={{ field: 'dueAt', order: 'ASC' }}
      empty="incidentDesk.dashboard.no_overdue_tasks"
      refs={(t) => ({ incidentId: t.incidentId, clientId: t.clientId })}
      line={(t, refs) => ({
        primary: (
          <Box component="span" sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'baseline' }}>
            <span {...(locale === 'en' && t.titleEn ? {} : USER_TEXT)}>{locale === 'en' && t.titleEn ? t.titleEn : t.title}</span>
            <IncidentLink incident={refs.incident(t.incidentId)} />
          </Box>
        ),
        secondary: <Parts items={[{ user: refs.client(t.clientId)?.name }, enumLabel('workPhase', t.phase, locale), overdueBy(t.dueAt)]} />,
      })}
    />
  );
};

const OverdueActions = () => {
  const overdueBy = useOverdueBy();
  return (
    <ListCard<ActionRecord>
      title="incidentDesk.dashboard.overdue_actions"
      testId="dashboard-overdue-actions"
      countTestId="overdue-actions-count"
      lineTestId="overdue-action"
      resource="actions"
      filter={{ overdue: true }}
      sort={{ field: 'dueAt', order: 'ASC' }}
      empty="incidentDesk.dashboard.no_overdue_actions"
      refs={(a) => ({ clientId: a.clientId })}
      line={(a, refs) => ({
        primary: <Link to={`/actions/${a.id}/show`} {...USER_TEXT}>{a.title}</Link>,
        secondary: <Parts items={[{ user: refs.client(a.clientId)?.name }, { user: a.ownerLabel }, overdueBy(a.dueAt)]} />,
      })}
    />
  );
};

/** Trainings whose recurrence falls due in the next 30 days (`due: 'next30'`) or is overdue (`due: 'overdue'`). */
export const TrainingsDue = ({ showClient = true }: { showClient?: boolean }) => {
  const locale = useAppLocale();
  const format = useFirmFormat();
  const translate = useTranslate();
  const line = (t: TrainingRecord, refs: { client: (id: string) => { name: string } | undefined }) => ({
    primary: <Link to={`/trainings/${t.id}/show`} {...USER_TEXT}>{t.title}</Link>,
    secondary: (
      <Parts items={[showClient && { user: refs.client(t.clientId)?.name }, enumLabel('trainingType', t.type, locale), `${translate('incidentDesk.dashboard.next_due')} ${format.date(t.nextDueAt)}`]} />
    ),
  });
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 6 }}>
        <ListCard<TrainingRecord>
          title="incidentDesk.dashboard.trainings_due_soon"
          testId="dashboard-trainings-due"
          countTestId="trainings-due-count"
          lineTestId="training-due"
          resource="trainings"
          filter={{ due: 'next30' }}
          sort={{ field: 'nextDueAt', order: 'ASC' }}
          empty="incidentDesk.dashboard.no_trainings_due"
          refs={(t) => ({ clientId: t.clientId })}
          line={line}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <ListCard<TrainingRecord>
          title="incidentDesk.dashboard.trainings_overdue"
          testId="dashboard-trainings-overdue"
          countTestId="trainings-overdue-count"
          lineTestId="training-overdue"
          resource="trainings"
          filter={{ due: 'overdue' }}
          sort={{ field: 'nextDueAt', order: 'ASC' }}
          empty="incidentDesk.dashboard.no_trainings_overdue"
          countColor="error"
          refs={(t) => ({ clientId: t.clientId })}
          line={line}
        />
      </Grid>
    </Grid>
  );
};

/** A consultant's day: my incidents by phase, the clocks of the next 24 h, what is overdue, trainings coming due. */
export const ConsultantDashboard = ({ userId }: { userId: string }) => {
  const asOf = useAsOf();
  return (
    <Box data-testid="dashboard-consultant" sx={{ mt: 2 }}>
      <Grid container spacing={2}>
        <Grid size={12}>
          <MyWork userId={userId} role="consultant" />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <MyIncidentsByPhase userId={userId} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <NextDayDeadlines />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <OverdueTasks asOf={asOf()} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <OverdueActions />
        </Grid>
        <Grid size={12}>
          <TrainingsDue />
        </Grid>
      </Grid>
    </Box>
  );
};
