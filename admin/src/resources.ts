import actions from './actions';
import assignments from './assignments';
import attachments from './attachments';
import auditLogs from './audit-logs';
import clients from './clients';
import communicationTemplates from './communication-templates';
import communications from './communications';
import evaluationTemplates from './evaluation-templates';
import evaluations from './evaluations';
import firmIncidents from './firm-incidents';
import firms from './firms';
import incidents from './incidents';
import playbooks from './playbooks';
import reports from './reports';
import trainings from './trainings';
import users from './users';
import { notificationChannels, notificationDeliveries, notifications } from './notifications';
import { obligations, tasks } from './work';

/**
 * The resources, in the menu's order: each folder's index.ts gives its pages (loaded when first opened), icon and
 * record representation. App.tsx registers them; the layout preloads a page when a link to it is pointed at.
 */
export const RESOURCES = {
  incidents,
  'firm-incidents': firmIncidents,
  clients,
  users,
  assignments,
  'audit-logs': auditLogs,
  communications,
  'communication-templates': communicationTemplates,
  trainings,
  attachments,
  evaluations,
  actions,
  'evaluation-templates': evaluationTemplates,
  playbooks,
  reports,
  tasks,
  obligations,
  notifications,
  'notification-channels': notificationChannels,
  'notification-deliveries': notificationDeliveries,
  // the operator's (issue 20)
  firms,
};

export type ResourceName = keyof typeof RESOURCES;

type Pages = { list?: unknown; show?: unknown; edit?: unknown; create?: unknown };

/** A resource's page ('list', 'show', 'edit', 'create'), if it has one. */
export const pageOf = (resource: string, view: keyof Pages): unknown => (RESOURCES as Record<string, Pages>)[resource]?.[view];
