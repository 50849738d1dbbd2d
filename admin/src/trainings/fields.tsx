import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { ENUM_LABELS, type TrainingDueStatus, type TrainingRecord } from '@incident-desk/shared';
import { useAppLocale } from '../common/enums';

/** 0.8333 → "83.3%"; null → "—". */
export const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);

export const RateField = ({ source }: { source: 'attendanceRate' | 'passRate'; label?: string }) => {
  const record = useRecordContext<TrainingRecord>();
  if (!record) return null;
  return <span data-testid={`training-${source}`}>{percent(record[source])}</span>;
};

const DUE_COLOR: Record<TrainingDueStatus, 'default' | 'success' | 'warning' | 'error' | 'info'> = {
  none: 'default', renewed: 'info', ok: 'success', due_soon: 'warning', overdue: 'error',
};

/** Next due date with its status (due within 30 days, overdue, renewed …). */
export const DueField = (_props: { label?: string; sortBy?: string }) => {
  const record = useRecordContext<TrainingRecord>();
  const locale = useAppLocale();
  if (!record) return null;
  if (!record.nextDueAt) return <span>—</span>;
  return (
    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center', whiteSpace: 'nowrap' }} data-testid="training-due" data-due-status={record.dueStatus}>
      {record.nextDueAt}
      {record.dueStatus !== 'none' && (
        <Chip size="small" color={DUE_COLOR[record.dueStatus]} label={ENUM_LABELS.trainingDueStatus[record.dueStatus]?.[locale] ?? record.dueStatus} />
      )}
    </span>
  );
};

/** "Report 48 min of 60 min" with within/beyond, for drills. */
export const ClockField = (_props: { label?: string }) => {
  const record = useRecordContext<TrainingRecord>();
  const translate = useTranslate();
  if (!record || record.reportingClockMinutes === null) return null;
  if (record.reportMinutes === null) return <span data-testid="training-clock">{translate('incidentDesk.trainings.not_measured')}</span>;
  const within = record.withinReportingClock;
  return (
    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }} data-testid="training-clock" data-within={String(within)}>
      {translate('incidentDesk.trainings.clock_line', { report: record.reportMinutes, clock: record.reportingClockMinutes })}
      <Chip size="small" color={within ? 'success' : 'error'} label={translate(within ? 'incidentDesk.trainings.within' : 'incidentDesk.trainings.missed')} />
    </span>
  );
};
