import type { NotificationMessages } from './types';

/**
 * Notification texts (English). `{name}` is a placeholder the server fills: reference, incidentTitle, client, rule
 * (the obligation), due, left (time left), overdue (time past due), grade, subject (a communication's), task, actor,
 * reportedAt, summary (of an update), count, list (one item a line).
 */
export const en: NotificationMessages = {
  kinds: {
    incident_reported_by_client: {
      title: 'New incident reported by a client: {reference}',
      body: '{client} reported the incident "{incidentTitle}". Please acknowledge it and start the response.',
    },
    client_report_unacknowledged: {
      title: 'Client report {reference} not acknowledged',
      body: 'The incident "{incidentTitle}" that {client} reported at {reportedAt} is past its acknowledgement window (overdue by {overdue}) and nobody has acknowledged it. Please take it on now.',
    },
    incident_major: {
      title: '{grade} incident {reference}',
      body: 'The incident "{incidentTitle}" of {client} is graded {grade}. Launch the response plan and mind the regulatory reporting clock.',
    },
    obligation_threshold: {
      title: '{rule}: {reference}, {left} left',
      body: '"{rule}" for the incident "{incidentTitle}" ({client}) is due at {due}: {left} left.',
    },
    obligation_overdue: {
      title: 'Overdue: {rule} ({reference})',
      body: '"{rule}" for the incident "{incidentTitle}" ({client}) was due at {due} and is overdue by {overdue}. Reminders stop once it is met or waived.',
    },
    communication_in_review: {
      title: 'Waiting for approval: {subject}',
      body: '{actor} submitted the communication "{subject}" ({reference}, {client}) for approval.',
    },
    communication_approved: {
      title: 'Communication approved: {subject}',
      body: '{actor} approved your communication "{subject}" ({reference}); it can be sent.',
    },
    communication_returned: {
      title: 'Communication returned: {subject}',
      body: '{actor} returned your communication "{subject}" ({reference}) for changes.',
    },
    communication_sent: {
      title: 'Communication sent: {subject}',
      body: 'Your communication "{subject}" ({reference}) was sent by {actor}.',
    },
    client_update: {
      title: 'Update on {reference}',
      body: 'There is an update on the incident "{incidentTitle}": {summary}',
    },
    task_assigned: {
      title: 'New task: {task}',
      body: '{actor} assigned you the task "{task}" of the incident {reference} ({client}).',
      many: {
        title: '{count} new tasks: {reference}',
        body: '{actor} assigned you {count} tasks of the incident {reference} ({client}):\n{list}',
      },
    },
    action_overdue: {
      title: '{count} improvement action(s) overdue',
      body: 'These improvement actions are past their due date:\n{list}',
    },
    training_overdue: {
      title: '{count} training(s) overdue',
      body: 'These trainings or drills are past their next due date:\n{list}',
    },
  },
  open: 'Open the record',
  test: {
    title: 'Test message',
    body: 'This is a test message from Incident Desk: the notification channel "{channel}" works.',
  },
  emailFooter: 'Sent by Incident Desk. You can choose how you are told in your notification settings (reminders and escalations of the regulatory clocks are always sent).',
  system: 'System',
};
