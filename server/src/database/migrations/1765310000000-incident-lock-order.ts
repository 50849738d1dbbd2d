import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The refresh of an incident's task counts and nearest deadline (migration 1765100000000) locks the incident with
 * `FOR NO KEY UPDATE` instead of `FOR UPDATE`.
 *
 * `FOR UPDATE` conflicts with the `KEY SHARE` lock that every foreign-key check takes on the incident (inserting a
 * grading, a timeline entry, a task, an obligation): two writers of one incident that each inserted such a row and then
 * changed its tasks or obligations waited for each other's `KEY SHARE` — `deadlock detected` after a second, a 500
 * (10 parallel gradings: 1 answered, 9 deadlocked). `FOR NO KEY UPDATE` is the lock an `UPDATE` of the incident takes
 * anyway: it still makes two refreshes of one incident wait for each other (what the counts need), and it no longer
 * waits for foreign-key checks, nor makes them wait. The services take the same lock on the incident first, before
 * anything of it is written (server/src/tenancy/locks.ts), so the refresh finds it held already.
 */
export class IncidentLockOrder1765310000000 implements MigrationInterface {
  name = 'IncidentLockOrder1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(refresh('for no key update'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(refresh('for update'));
  }
}

const refresh = (lock: string) => `
  create or replace function incident_extras_refresh(p_firms uuid[], p_ids uuid[], p_progress boolean, p_due boolean) returns void
  language plpgsql as $$
  begin
    perform 1 from incidents i, unnest(p_firms, p_ids) k(firm_id, id)
      where i.firm_id = k.firm_id and i.id = k.id order by i.firm_id, i.id ${lock} of i;
    update incidents i
       set progress = case when p_progress then incident_progress(i.firm_id, i.id) else i.progress end,
           nearest_due_at = case when p_due then incident_nearest_due(i.firm_id, i.id) else i.nearest_due_at end
      from unnest(p_firms, p_ids) k(firm_id, id)
     where i.firm_id = k.firm_id and i.id = k.id;
  end $$;`;
