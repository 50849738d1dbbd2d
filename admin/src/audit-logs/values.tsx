import { Box } from '@mui/material';
import { RecordContextProvider, ReferenceField, useTranslate } from 'react-admin';
import { useFirmFormat } from '../common/FirmDateField';
import { enumLabel, useAppLocale } from '../common/enums';
import { USER_TEXT } from '../common/UserText';
import { RESOURCES } from '../resources';

/** Every entity the audit log records, in the order of the filter. */
export const AUDITED_ENTITIES = [
  'incidents', 'tasks', 'timeline', 'obligations', 'communications', 'communication-templates', 'evaluations', 'evaluation-templates', 'actions',
  'trainings', 'attachments', 'reports', 'clients', 'users', 'assignments', 'playbooks',
] as const;

/** Fields whose values are enum values: the label kind (shared/labels.ts), by entity where the same name means different things. */
const ENUM_FIELDS: Record<string, string | Record<string, string>> = {
  status: {
    incidents: 'incidentStatus', communications: 'communicationStatus', tasks: 'taskStatus', actions: 'actionStatus', evaluations: 'evaluationStatus',
    trainings: 'trainingStatus', clients: 'clientStatus', obligations: 'obligationStatus',
  },
  grade: 'grade', chosenGrade: 'grade', suggestedGrade: 'grade', category: 'incidentCategory', nature: 'incidentNature', role: 'role', actorRole: 'role',
  operatorType: 'operatorType', audience: { communications: 'communicationAudience', obligations: 'obligationAudience', 'communication-templates': 'communicationAudience' },
  channel: 'communicationChannel', direction: 'communicationDirection', type: { evaluations: 'evaluationType', trainings: 'trainingType', 'evaluation-templates': 'evaluationType' },
  riskLevel: 'riskLevel', deliveryMode: 'deliveryMode', phase: 'workPhase', rule: 'obligationRule', visibility: 'timelineVisibility', kind: 'timelineKind',
  entity: 'attachmentEntity', to: 'incidentStatus', from: 'incidentStatus',
};

/** Fields that hold the id of another record: the resource to link to. */
const REFERENCE_FIELDS: Record<string, string> = {
  clientId: 'clients', incidentId: 'incidents', evaluationId: 'evaluations', trainingId: 'trainings', communicationId: 'communications',
  playbookId: 'playbooks', templateId: 'communication-templates', leadId: 'users', ownerId: 'users', assigneeId: 'users', consultantId: 'users',
  createdById: 'users', submittedById: 'users', approvedById: 'users', sentById: 'users', doneById: 'users', reportedById: 'users',
  acknowledgedById: 'users', uploadedById: 'users', userId: 'users', actorId: 'users', removedById: 'users', gradedById: 'users',
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const hasShow = (resource: string) => !!(RESOURCES as Record<string, { show?: unknown }>)[resource]?.show;

/** "createdAt" → "created at" (a field the app has no label for). */
const humanize = (field: string) => field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** An entity's name ("安全事件", "Communication"), the raw name when the app has none. */
export const useEntityName = () => {
  const translate = useTranslate();
  return (entity: string | null | undefined) => (entity ? translate(`resources.${entity}.name`, { smart_count: 1, _: entity }) : '—');
};

/** A field's label as the entity's screens show it. */
export const useFieldName = () => {
  const translate = useTranslate();
  return (entity: string, field: string) => translate(`resources.${entity}.fields.${field}`, { _: translate(`app.audit.fields.${field}`, { _: humanize(field) }) });
};

/** A link to a record (its name as the app shows it), or its id when there is no page for it. */
export const RecordLink = ({ resource, id }: { resource: string; id: string }) =>
  hasShow(resource) ? (
    <RecordContextProvider value={{ id, ref: id }}>
      <ReferenceField source="ref" reference={resource} link="show" emptyText={id} {...USER_TEXT} />
    </RecordContextProvider>
  ) : (
    <Box component="span" sx={{ fontFamily: 'monospace' }}>{id}</Box>
  );

/**
 * A value of a field as the rest of the admin shows it: enum values by their labels, times in the firm's zone, yes/no,
 * references as links to the records; what users wrote is marked as such.
 */
export const AuditValue = ({ entity, field, value }: { entity: string; field: string; value: unknown }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const { dateTime } = useFirmFormat();
  if (value === null || value === undefined || value === '') return <span>—</span>;
  const kinds = ENUM_FIELDS[field];
  const kind = typeof kinds === 'string' ? kinds : kinds?.[entity];
  if (kind && typeof value === 'string') return <span data-value={value}>{enumLabel(kind, value, locale)}</span>;
  if (typeof value === 'boolean') return <span>{translate(`ra.boolean.${value}`)}</span>;
  if (typeof value === 'string' && REFERENCE_FIELDS[field] && UUID.test(value)) return <RecordLink resource={REFERENCE_FIELDS[field]} id={value} />;
  if (typeof value === 'string' && ISO.test(value) && !Number.isNaN(Date.parse(value))) return <span>{dateTime(value)}</span>;
  if (typeof value === 'string' || typeof value === 'number') return <span {...USER_TEXT}>{String(value)}</span>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return <span {...USER_TEXT}>{value.join(', ') || '—'}</span>;
  return (
    <Box component="span" sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap' }} {...USER_TEXT}>
      {JSON.stringify(value, null, 1)}
    </Box>
  );
};
