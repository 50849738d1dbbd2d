import { Box, Chip, Grid, Typography } from '@mui/material';
import { Link, RecordContextProvider, useTranslate } from 'react-admin';
import { OPEN_OBLIGATION_STATUSES, type CommunicationRecord, type TrainingRecord } from '@incident-desk/shared';
import { AcknowledgeButton } from '../communications/CommunicationActions';
import { enumLabel, useAppLocale } from '../common/enums';
import { USER_TEXT } from '../common/UserText';
import { DeadlinesCard, IncidentLink, ListCard } from './widgets';
import { useFirmFormat } from '../common/FirmDateField';
import { Countdown } from '../common/clock';
import type { DashIncident } from './types';

const STATUS_COLORS: Record<string, 'default' | 'info' | 'warning' | 'error' | 'primary' | 'secondary'> = {
  reported: 'warning', triage: 'info', responding: 'error', recovering: 'warning', investigating: 'primary', follow_up: 'secondary',
};

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

/** Their company's open cases, with the phase and the nearest deadline. */
const OpenCases = () => {
  const locale = useAppLocale();
  const format = useFirmFormat();
  return (
    <ListCard<DashIncident>
      title="incidentDesk.dashboard.open_cases"
      testId="dashboard-open-cases"
      countTestId="open-cases-count"
      lineTestId="open-case"
      resource="incidents"
      filter={{ open: true }}
      sort={{ field: 'detectedAt', order: 'DESC' }}
      perPage={8}
      countColor="primary"
      empty="incidentDesk.dashboard.no_open_cases"
      line={(i) => ({
        primary: (
          <Box component="span" sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'baseline' }}>
            <IncidentLink incident={i} />
            <span {...USER_TEXT}>{i.title}</span>
          </Box>
        ),
        secondary: [i.grade ? enumLabel('grade', i.grade, locale) : null, format.dateTime(i.detectedAt)].filter(Boolean).join(' · '),
        right: (
          <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: 0.5, ml: 1 }}>
            <Chip size="small" color={STATUS_COLORS[i.status] ?? 'default'} label={enumLabel('incidentStatus', i.status, locale)} data-status={i.status} />
            {i.nearestDueAt && <Countdown dueAt={i.nearestDueAt} />}
          </Box>
        ),
      })}
    />
  );
};

/** The latest communications shared with them; those not yet acknowledged carry the acknowledge button. */
const RecentCommunications = () => {
  const locale = useAppLocale();
  const format = useFirmFormat();
  const translate = useTranslate();
  return (
    <ListCard<CommunicationRecord>
      title="incidentDesk.dashboard.recent_communications"
      testId="dashboard-communications"
      countTestId="communications-count"
      lineTestId="recent-communication"
      resource="communications"
      filter={{}}
      sort={{ field: 'date', order: 'DESC' }}
      perPage={5}
      countColor="default"
      empty="incidentDesk.dashboard.no_communications"
      line={(c) => ({
        primary: <Link to={`/communications/${c.id}/show`} {...USER_TEXT}>{c.subject}</Link>,
        secondary: [
          format.dateTime(c.date),
          enumLabel('communicationChannel', c.channel, locale),
          c.acknowledgedAt ? translate('incidentDesk.dashboard.acknowledged_at', { at: format.dateTime(c.acknowledgedAt) }) : translate('incidentDesk.dashboard.not_acknowledged'),
        ].join(' · '),
        right: (
          <RecordContextProvider value={c}>
            <AcknowledgeButton />
          </RecordContextProvider>
        ),
      })}
    />
  );
};

/** Their training records, newest first: status, attendance and pass rates, next due date. */
const TrainingStatus = () => {
  const locale = useAppLocale();
  const format = useFirmFormat();
  const translate = useTranslate();
  return (
    <ListCard<TrainingRecord>
      title="incidentDesk.dashboard.training_status"
      testId="dashboard-training-status"
      countTestId="trainings-count"
      lineTestId="training-line"
      resource="trainings"
      filter={{}}
      sort={{ field: 'date', order: 'DESC' }}
      perPage={5}
      countColor="default"
      empty="incidentDesk.dashboard.no_trainings"
      line={(t) => ({
        primary: <Link to={`/trainings/${t.id}/show`} {...USER_TEXT}>{t.title}</Link>,
        secondary: [
          `${format.date(t.date)} · ${enumLabel('trainingType', t.type, locale)} · ${enumLabel('trainingStatus', t.status, locale)}`,
          t.status === 'completed'
            ? translate('incidentDesk.dashboard.training_rates', { attendance: percent(t.attendanceRate), pass: percent(t.passRate) })
            : null,
          t.nextDueAt ? `${translate('incidentDesk.dashboard.next_due')} ${format.date(t.nextDueAt)}` : null,
        ]
          .filter(Boolean)
          .join(' · '),
        right:
          t.dueStatus !== 'none' ? (
            <Chip
              size="small"
              color={t.dueStatus === 'overdue' ? 'error' : t.dueStatus === 'due_soon' ? 'warning' : t.dueStatus === 'ok' ? 'success' : 'info'}
              label={enumLabel('trainingDueStatus', t.dueStatus, locale)}
              data-testid="training-due-status"
              data-due-status={t.dueStatus}
            />
          ) : undefined,
      })}
    />
  );
};

/** A client admin's portal start: their company's open cases, deadlines, communications to acknowledge, trainings. */
export const ClientDashboard = () => {
  const translate = useTranslate();
  return (
    <Box data-testid="dashboard-client" sx={{ mt: 2 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {translate('incidentDesk.dashboard.client_title')}
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <OpenCases />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <DeadlinesCard
            title="incidentDesk.dashboard.client_deadlines"
            testId="dashboard-deadlines"
            countTestId="deadlines-count"
            filter={{ status: OPEN_OBLIGATION_STATUSES }}
            showClient={false}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <RecentCommunications />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <TrainingStatus />
        </Grid>
      </Grid>
    </Box>
  );
};
