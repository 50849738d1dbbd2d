import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operator's erasure and export reach a firm's rows through the owner-only policy `platform_task` on every
 * firm-owned table (migration 1766800000000-operators). The tables of the two-factor and firm-settings migration
 * (1766900000000: `user_mfa`, `mfa_recovery_codes`, `firm_logos`) came after it and get theirs here: every table with a
 * `firm_id` column that has none yet. Self-contained.
 */
export class PlatformTaskLateTables1767000000000 implements MigrationInterface {
  name = 'PlatformTaskLateTables1767000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      do $$
      declare t text;
      begin
        for t in select c.table_name from information_schema.columns c join information_schema.tables x
                   on x.table_schema = c.table_schema and x.table_name = c.table_name and x.table_type = 'BASE TABLE'
                  where c.table_schema = 'public' and c.column_name = 'firm_id'
                    and not exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.table_name and p.policyname = 'platform_task')
                  order by 1 loop
          execute format('create policy platform_task on %I to current_user using (firm_id = platform_firm()) with check (firm_id = platform_firm())', t);
        end loop;
      end $$;
    `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop policy if exists platform_task on user_mfa;
      drop policy if exists platform_task on mfa_recovery_codes;
      drop policy if exists platform_task on firm_logos;
    `);
  }
}
