import { mayHearOf, notificationRecipients, type NotifiablePerson, type NotificationFacts } from './recipients';

const C = 'client-1';
const OTHER = 'client-2';
const person = (id: string, role: NotifiablePerson['role'], extra: Partial<NotifiablePerson> = {}): NotifiablePerson => ({
  id, role, active: true, clientId: null, assignedClientIds: [], ...extra,
});
const people: NotifiablePerson[] = [
  person('m1', 'manager'),
  person('m2', 'manager'),
  person('m-off', 'manager', { active: false }),
  person('c1', 'consultant', { assignedClientIds: [C] }),
  person('c2', 'consultant', { assignedClientIds: [C, OTHER] }),
  person('c-other', 'consultant', { assignedClientIds: [OTHER] }),
  person('a1', 'client_admin', { clientId: C }),
  person('a-other', 'client_admin', { clientId: OTHER }),
];
const to = (f: Partial<NotificationFacts> & Pick<NotificationFacts, 'kind'>, who = people) => notificationRecipients({ clientId: C, ...f }, who);

describe('notificationRecipients', () => {
  it('tells the client\'s assigned consultants of a client\'s report, the managers when it has none', () => {
    expect(to({ kind: 'incident_reported_by_client', actorId: 'a1' })).toEqual(['c1', 'c2']);
    expect(to({ kind: 'incident_reported_by_client', clientId: 'client-3' })).toEqual(['m1', 'm2']);
  });

  it('escalates an unacknowledged report to the managers and the consultants', () => {
    expect(to({ kind: 'client_report_unacknowledged' })).toEqual(['c1', 'c2', 'm1', 'm2']);
  });

  it('tells the managers and the team of a major incident, not the one who graded it', () => {
    expect(to({ kind: 'incident_major', actorId: 'm1', leadId: 'c1', team: [{ userId: 'c2', role: 'it' }, { userId: null, role: 'pr' }] })).toEqual(['c1', 'c2', 'm2']);
  });

  it('reminds the lead and team of a threshold, escalates an overdue obligation to every manager', () => {
    const team = { leadId: 'c1', team: [{ userId: 'c2', role: 'legal' }] };
    expect(to({ kind: 'obligation_threshold', ...team })).toEqual(['c1', 'c2']);
    expect(to({ kind: 'obligation_overdue', ...team })).toEqual(['c1', 'c2', 'm1', 'm2']);
  });

  it('reminds someone of a clock even when the incident has no team: the consultants, else the managers', () => {
    expect(to({ kind: 'obligation_threshold', leadId: null })).toEqual(['c1', 'c2']);
    expect(to({ kind: 'obligation_threshold', clientId: 'client-3' })).toEqual(['m1', 'm2']);
  });

  it('never tells anyone of a client they may not see: a team member unassigned from the client hears nothing', () => {
    expect(to({ kind: 'obligation_overdue', leadId: 'c-other', team: [{ userId: 'a1', role: 'client_contact' }] })).toEqual(['m1', 'm2']);
    expect(to({ kind: 'task_assigned', assigneeId: 'c-other' })).toEqual([]);
    expect(to({ kind: 'task_assigned', assigneeId: 'c1', actorId: 'm1' })).toEqual(['c1']);
  });

  it('asks those who may approve a communication: not its author, a manager or the legal member for a regulator', () => {
    const comm = { status: 'in_review', direction: 'outbound', audience: 'client', createdById: 'c1', submittedById: 'c1' };
    expect(to({ kind: 'communication_in_review', actorId: 'c1', communication: comm })).toEqual(['c2', 'm1', 'm2']);
    const reg = { ...comm, audience: 'regulator' };
    expect(to({ kind: 'communication_in_review', actorId: 'c1', communication: reg, team: [{ userId: 'c2', role: 'legal' }] })).toEqual(['c2', 'm1', 'm2']);
    expect(to({ kind: 'communication_in_review', actorId: 'c1', communication: reg, team: [{ userId: 'c2', role: 'it' }] })).toEqual(['m1', 'm2']);
  });

  it('tells a communication\'s author that it was approved, returned or sent, unless the author did it', () => {
    const comm = { status: 'approved', direction: 'outbound', audience: 'client', createdById: 'c1', submittedById: 'c1' };
    expect(to({ kind: 'communication_approved', actorId: 'm1', communication: comm })).toEqual(['c1']);
    expect(to({ kind: 'communication_sent', actorId: 'c1', communication: comm })).toEqual([]);
  });

  it('tells a client\'s admins of client-visible updates, and no client admin of anything else', () => {
    expect(to({ kind: 'client_update', actorId: 'c1' })).toEqual(['a1']);
    expect(to({ kind: 'client_update', clientId: OTHER })).toEqual(['a-other']);
    expect(to({ kind: 'task_assigned', assigneeId: 'a1' })).toEqual([]);
    expect(mayHearOf(people[6], 'incident_major', C)).toBe(false);
  });

  it('tells the owner of an overdue action, or the consultants when it has none they can reach', () => {
    expect(to({ kind: 'action_overdue', ownerId: 'c2' })).toEqual(['c2']);
    expect(to({ kind: 'training_overdue', ownerId: null })).toEqual(['c1', 'c2']);
  });

  it('never tells a deactivated user', () => {
    expect(to({ kind: 'obligation_overdue', leadId: 'm-off' })).toEqual(['m1', 'm2']);
  });
});
