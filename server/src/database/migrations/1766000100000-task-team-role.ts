import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Playbook tasks carry a default team role (issue 16, work queues): `tasks.team_role` is the role of the response
 * team a task goes to (lead, it, legal, pr, client_contact), copied from the playbook when the incident is created;
 * such a task is assigned to the team member of that role when the incident's team names one.
 */
export class TaskTeamRole1766000100000 implements MigrationInterface {
  name = 'TaskTeamRole1766000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table tasks add column team_role text
        check (team_role is null or team_role in ('lead', 'it', 'legal', 'pr', 'client_contact'));
      create index tasks_unassigned_role on tasks (firm_id, incident_id, team_role) where assignee_id is null and team_role is not null;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists tasks_unassigned_role; alter table tasks drop column if exists team_role;`);
  }
}
