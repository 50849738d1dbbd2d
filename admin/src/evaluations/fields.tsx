import { Chip, Typography } from '@mui/material';
import {
  AutocompleteInput,
  ReferenceInput,
  SelectInput,
  useCanAccess,
  useGetIdentity,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ENUM_LABELS, type EvaluationRecord } from '@incident-desk/shared';
import { useAppLocale } from '../common/enums';

const STATUS_COLORS: Record<string, 'default' | 'success'> = { draft: 'default', final: 'success' };
const RISK_COLORS: Record<string, 'success' | 'info' | 'warning' | 'error'> = { low: 'success', medium: 'info', high: 'warning', critical: 'error' };

/** A labelled enum value as a chip; `data-testid` and `data-value` (the API value) for browser tests. */
const EnumChip = ({ kind, value, color, testId }: { kind: string; value: string | null | undefined; color: any; testId: string }) => {
  const locale = useAppLocale();
  if (!value) return <span>—</span>;
  return <Chip size="small" color={color} label={ENUM_LABELS[kind]?.[value]?.[locale] ?? value} data-testid={testId} data-value={value} />;
};

export const EvaluationStatusField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<EvaluationRecord>();
  return record ? <EnumChip kind="evaluationStatus" value={record.status} color={STATUS_COLORS[record.status] ?? 'default'} testId="evaluation-status" /> : null;
};

export const RiskLevelField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<EvaluationRecord>();
  return record ? <EnumChip kind="riskLevel" value={record.riskLevel} color={RISK_COLORS[record.riskLevel ?? ''] ?? 'default'} testId="evaluation-risk" /> : null;
};

/** "72.5 / 100", or — while nothing is scored. */
export const OverallScoreField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<EvaluationRecord>();
  if (!record) return null;
  return (
    <Typography variant="body2" component="span" data-testid="evaluation-overall" data-value={record.overallScore ?? ''}>
      {record.overallScore === null || record.overallScore === undefined ? '—' : `${record.overallScore} / 100`}
    </Typography>
  );
};

/** An incident as "INC-2026-0042 title" (used inside a ReferenceField or as an option). */
export const incidentText = (r?: { reference?: string; title?: string } | null) => (r ? `${r.reference ?? ''} ${r.title ?? ''}`.trim() : '');

/** A training as "2026-03-18 title". */
export const trainingText = (r?: { date?: string; title?: string } | null) => (r ? `${r.date ?? ''} ${r.title ?? ''}`.trim() : '');

/** An evaluation as "Post-incident review · 2026-03-01 · v2". */
export const useEvaluationText = () => {
  const locale = useAppLocale();
  return (r?: Partial<EvaluationRecord> | null) =>
    r ? `${ENUM_LABELS.evaluationType[r.type ?? '']?.[locale] ?? r.type ?? ''} · ${r.date ?? ''} · v${r.version ?? 1}` : '';
};

/**
 * A manager or consultant of the firm. Managers pick from the users list; consultants (who cannot list users) pick
 * themselves, or keep the current value (shown by `currentName`).
 */
export const StaffInput = ({ source, currentName, helperText }: { source: string; currentName?: string | null; helperText?: string }) => {
  const { canAccess: canListUsers } = useCanAccess({ resource: 'users', action: 'list' });
  const { identity } = useGetIdentity();
  const record = useRecordContext();
  const translate = useTranslate();
  if (canListUsers) {
    return (
      <ReferenceInput source={source} reference="users" filter={{ role: ['manager', 'consultant'], active: true }} sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} helperText={helperText} sx={{ minWidth: 300 }} />
      </ReferenceInput>
    );
  }
  const choices = identity ? [{ id: String(identity.id), name: String(identity.fullName ?? '') }] : [];
  const current = record?.[source];
  if (current && !choices.some((c) => c.id === current)) choices.push({ id: String(current), name: currentName ?? String(current) });
  return <SelectInput source={source} choices={choices} helperText={helperText ? translate(helperText) : undefined} sx={{ minWidth: 300 }} />;
};
