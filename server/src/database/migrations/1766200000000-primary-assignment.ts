import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One primary consultant per client (issue 16, "the client report starts work": a client's report is owned by the
 * client's primary assigned consultant, else a manager). `assignments.is_primary` marks it; a partial unique index
 * keeps at most one per client, whatever requests run at once. The owner so far was the client's first-assigned active
 * consultant: that assignment becomes the primary one.
 */
export class PrimaryAssignment1766200000000 implements MigrationInterface {
  name = 'PrimaryAssignment1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table assignments add column is_primary boolean not null default false`);
    // the owner reads every firm's rows (row-level security is forced on both tables)
    for (const t of ['assignments', 'users']) await q.query(`alter table ${t} no force row level security`);
    await q.query(`
      update assignments a set is_primary = true
        from (select distinct on (x.firm_id, x.client_id) x.firm_id, x.id
                from assignments x join users u on u.firm_id = x.firm_id and u.id = x.consultant_id
               where u.active and u.role = 'consultant'
               order by x.firm_id, x.client_id, x.created_at, x.id) f
       where a.firm_id = f.firm_id and a.id = f.id`);
    for (const t of ['assignments', 'users']) await q.query(`alter table ${t} force row level security`);
    await q.query(`create unique index assignments_one_primary on assignments (firm_id, client_id) where is_primary`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists assignments_one_primary`);
    await q.query(`alter table assignments drop column if exists is_primary`);
  }
}
