import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last four policies with a subquery lose it (issue 21: Citus refuses a subquery in a policy on a distributed
 * table). Each looked at another table to decide what a client admin, or a consultant, sees; what it read there is now
 * a column of the row, kept by triggers in the same transaction as the change it follows:
 *
 * - `improvement_actions.evaluation_shared`: its evaluation is final and shared with the client. Set on every insert
 *   and update of the action (from its evaluation), and by a change of the evaluation's status or sharing.
 * - `attachments.client_shared`: a client admin sees the file: not removed, and on a training, or on a communication
 *   sent or received and visible to the client, or on an evaluation final and shared. Set on every insert and update
 *   of the attachment (from the record it hangs off), and by a change of that record's visibility.
 * - `attachment_contents.client_id` and `.client_shared`: copies of their attachment's, so that the bytes are visible
 *   exactly when the metadata is. Set on insert (from the attachment) and by a change of the attachment's
 *   client_shared — through attachment_contents_share(), in its owner's rights (the app role may not update the bytes'
 *   table), under the session's scope. The refusal of any update of the bytes (attachment_contents_no_update) now
 *   names their columns, so that the copies may change and the bytes still may not.
 * - `firm_incidents.child_client_ids`: the clients of its children (a consultant sees a firm incident they lead or
 *   one with a child of a client they are assigned). Kept by a row trigger on incidents: a child's client added
 *   (`array_append` on the parent row as the UPDATE finds it locked, so parallel children all land), removed when
 *   no other child of that client is left. The writer must see the parent (the app locks it first): a trigger that
 *   cannot update it raises rather than leave the column short.
 *
 * The triggers run as the writing user, as row-level security expects: whoever may change a row may see the rows its
 * change follows (the same client). A new row, and an action moved to another evaluation, read the record they follow
 * FOR SHARE, so that a change of that record in parallel waits for them or they for it (its trigger then finds them);
 * other updates need no lock (the record's trigger updates the row itself, and the later of the two sees the other's).
 * Their functions keep to what Citus runs (catalog test): no DML from a transition
 * table, no STABLE function of ours fed by columns in an UPDATE, no volatile function in DML.
 *
 * The list forms (the app role's `tenant_scope`) read those columns; the whole firm's forms (`tenant_scope_all`,
 * 1767300000000) did not change. A consultant's check of a firm incident's clients, app_any_client_listed(), loops
 * over the (few) ids with strpos as app_client_listed() does, without parsing the scope's list. Self-contained: every
 * policy and function written out here.
 */

const POLICIES: [table: string, check: string, writeCheck?: string][] = [
  ['improvement_actions', `app_client_listed(client_id) and (app_role() <> 'client_admin' or client_visible or evaluation_shared)`],
  ['attachments', `app_client_listed(client_id) and (app_role() <> 'client_admin' or client_shared)`],
  ['attachment_contents', `app_client_listed(client_id) and (app_role() <> 'client_admin' or client_shared)`],
  ['firm_incidents', `app_role() <> 'client_admin' and (lead_id = app_user_id() or app_any_client_listed(child_client_ids))`, `app_role() <> 'client_admin'`],
];

/** The list forms as 1767300000000 left them (for down()). */
const OLD_POLICIES: [table: string, check: string, writeCheck?: string][] = [
  ['improvement_actions', `app_client_listed(client_id) and (app_role() <> 'client_admin' or client_visible or exists (select 1 from evaluations e
      where e.firm_id = improvement_actions.firm_id and e.id = improvement_actions.evaluation_id and e.status = 'final' and e.shared_with_client))`],
  ['attachments', `app_client_listed(client_id) and (app_role() <> 'client_admin' or (removed_at is null and (entity = 'trainings'
      or (entity = 'communications' and exists (select 1 from communications p where p.firm_id = attachments.firm_id and p.id = attachments.entity_id))
      or (entity = 'evaluations' and exists (select 1 from evaluations p where p.firm_id = attachments.firm_id and p.id = attachments.entity_id)))))`],
  ['attachment_contents', `exists (select 1 from attachments a where a.firm_id = attachment_contents.firm_id and a.id = attachment_contents.id)`],
  ['firm_incidents', `app_role() <> 'client_admin' and (lead_id = app_user_id() or exists (select 1 from incidents c
      where c.firm_id = firm_incidents.firm_id and c.parent_id = firm_incidents.id))`, `app_role() <> 'client_admin'`],
];

/** The tables the backfill reads and writes without a scope (the owner, for these statements only). */
const BACKFILLED = ['improvement_actions', 'evaluations', 'attachments', 'communications', 'attachment_contents', 'firm_incidents', 'incidents'];

export class DerivedVisibility1767400000000 implements MigrationInterface {
  name = 'DerivedVisibility1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table improvement_actions add column evaluation_shared boolean not null default false;
      alter table attachments add column client_shared boolean not null default false;
      alter table attachment_contents add column client_id uuid, add column client_shared boolean not null default false;
      alter table firm_incidents add column child_client_ids uuid[] not null default '{}';
    `);

    // the columns as the rows are now: read and written without a scope
    for (const t of BACKFILLED) await q.query(`alter table ${t} no force row level security`);
    await q.query(`
      update improvement_actions k set evaluation_shared = true
        from evaluations e where e.firm_id = k.firm_id and e.id = k.evaluation_id and e.status = 'final' and e.shared_with_client;
      update attachments a set client_shared = true
       where a.removed_at is null and (a.entity = 'trainings'
         or (a.entity = 'communications' and exists (select 1 from communications p where p.firm_id = a.firm_id and p.id = a.entity_id
               and p.client_visible and p.status in ('sent', 'received')))
         or (a.entity = 'evaluations' and exists (select 1 from evaluations p where p.firm_id = a.firm_id and p.id = a.entity_id
               and p.status = 'final' and p.shared_with_client)));
      alter table attachment_contents disable trigger attachment_contents_no_update;
      update attachment_contents c set client_id = a.client_id, client_shared = a.client_shared
        from attachments a where a.firm_id = c.firm_id and a.id = c.id;
      alter table attachment_contents enable trigger attachment_contents_no_update;
      update firm_incidents f set child_client_ids = k.ids
        from (select firm_id, parent_id, array_agg(distinct client_id) as ids from incidents where parent_id is not null group by 1, 2) k
       where k.firm_id = f.firm_id and k.parent_id = f.id;
    `);
    for (const t of BACKFILLED) await q.query(`alter table ${t} force row level security`);
    await q.query(`alter table attachment_contents alter column client_id set not null`);

    await q.query(`
      -- an action's evaluation final and shared: on every write of the action
      create function improvement_actions_evaluation_shared() returns trigger language plpgsql as $$
      declare v boolean;
      begin
        if new.evaluation_id is not null then
          if tg_op = 'INSERT' or new.evaluation_id is distinct from old.evaluation_id then
            select e.status = 'final' and e.shared_with_client into v from evaluations e where e.firm_id = new.firm_id and e.id = new.evaluation_id for share;
          else
            select e.status = 'final' and e.shared_with_client into v from evaluations e where e.firm_id = new.firm_id and e.id = new.evaluation_id;
          end if;
        end if;
        new.evaluation_shared := coalesce(v, false);
        return new;
      end $$;
      create trigger improvement_actions_evaluation_shared before insert or update on improvement_actions
        for each row execute function improvement_actions_evaluation_shared();

      -- a file a client admin sees: on every write of the attachment, from the record it hangs off
      create function attachments_client_shared() returns trigger language plpgsql as $$
      declare v boolean;
      begin
        if new.removed_at is null then
          if new.entity = 'trainings' then
            v := true;
          elsif new.entity = 'communications' and tg_op = 'INSERT' then
            select p.client_visible and p.status in ('sent', 'received') into v from communications p where p.firm_id = new.firm_id and p.id = new.entity_id for share;
          elsif new.entity = 'communications' then
            select p.client_visible and p.status in ('sent', 'received') into v from communications p where p.firm_id = new.firm_id and p.id = new.entity_id;
          elsif new.entity = 'evaluations' and tg_op = 'INSERT' then
            select p.status = 'final' and p.shared_with_client into v from evaluations p where p.firm_id = new.firm_id and p.id = new.entity_id for share;
          elsif new.entity = 'evaluations' then
            select p.status = 'final' and p.shared_with_client into v from evaluations p where p.firm_id = new.firm_id and p.id = new.entity_id;
          end if;
        end if;
        new.client_shared := coalesce(v, false);
        return new;
      end $$;
      create trigger attachments_client_shared before insert or update on attachments
        for each row execute function attachments_client_shared();

      -- an evaluation shared or no longer: its actions and files follow
      create function evaluations_share() returns trigger language plpgsql as $$
      declare v boolean := new.status = 'final' and new.shared_with_client;
      begin
        update improvement_actions set evaluation_shared = v
         where firm_id = new.firm_id and evaluation_id = new.id and evaluation_shared <> v;
        update attachments set client_shared = (removed_at is null and v)
         where firm_id = new.firm_id and entity = 'evaluations' and entity_id = new.id and client_shared <> (removed_at is null and v);
        return null;
      end $$;
      create trigger evaluations_share after update on evaluations for each row
        when ((old.status = 'final' and old.shared_with_client) is distinct from (new.status = 'final' and new.shared_with_client))
        execute function evaluations_share();

      -- a communication visible to the client or no longer: its files follow
      create function communications_share() returns trigger language plpgsql as $$
      declare v boolean := new.client_visible and new.status in ('sent', 'received');
      begin
        update attachments set client_shared = (removed_at is null and v)
         where firm_id = new.firm_id and entity = 'communications' and entity_id = new.id and client_shared <> (removed_at is null and v);
        return null;
      end $$;
      create trigger communications_share after update on communications for each row
        when ((old.client_visible and old.status in ('sent', 'received')) is distinct from (new.client_visible and new.status in ('sent', 'received')))
        execute function communications_share();

      -- the bytes' copies of their attachment's client and visibility: on insert, from the attachment
      create function attachment_contents_copy() returns trigger language plpgsql as $$
      begin
        select a.client_id, a.client_shared into new.client_id, new.client_shared from attachments a where a.firm_id = new.firm_id and a.id = new.id for share;
        return new;
      end $$;
      create trigger attachment_contents_copy before insert on attachment_contents
        for each row execute function attachment_contents_copy();

      -- and when the attachment's visibility changes (the app role may not update the bytes' table: its owner's rights)
      create function attachment_contents_share() returns trigger language plpgsql security definer set search_path = public as $$
      begin
        update attachment_contents set client_shared = new.client_shared where firm_id = new.firm_id and id = new.id;
        return null;
      end $$;
      revoke all on function attachment_contents_share() from public;
      create trigger attachment_contents_share after update on attachments for each row
        when (old.client_shared is distinct from new.client_shared)
        execute function attachment_contents_share();

      -- the bytes still never change; their copies may
      drop trigger attachment_contents_no_update on attachment_contents;
      create trigger attachment_contents_no_update before update of firm_id, id, content, client_id on attachment_contents
        for each row execute function attachment_contents_immutable();

      -- a firm incident's children's clients: a child added, moved or deleted
      create function firm_incidents_child_clients() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' and old.parent_id is not null
           and (tg_op = 'DELETE' or (old.parent_id, old.client_id) is distinct from (new.parent_id, new.client_id)) then
          if not exists (select 1 from incidents c where c.firm_id = old.firm_id and c.parent_id = old.parent_id and c.client_id = old.client_id and c.id <> old.id) then
            update firm_incidents set child_client_ids = array_remove(child_client_ids, old.client_id) where firm_id = old.firm_id and id = old.parent_id;
          end if;
        end if;
        if tg_op <> 'DELETE' and new.parent_id is not null
           and (tg_op = 'INSERT' or (old.parent_id, old.client_id) is distinct from (new.parent_id, new.client_id)) then
          update firm_incidents
             set child_client_ids = case when new.client_id = any(child_client_ids) then child_client_ids else array_append(child_client_ids, new.client_id) end
           where firm_id = new.firm_id and id = new.parent_id;
          if not found then
            raise exception 'the firm incident % of incident % is not visible to this scope: its clients cannot be kept', new.parent_id, new.id using errcode = '42501';
          end if;
        end if;
        return null;
      end $$;
      create trigger firm_incidents_child_insert after insert on incidents for each row
        when (new.parent_id is not null) execute function firm_incidents_child_clients();
      create trigger firm_incidents_child_move after update of parent_id, client_id on incidents for each row
        when ((old.parent_id is not null or new.parent_id is not null) and (old.parent_id, old.client_id) is distinct from (new.parent_id, new.client_id))
        execute function firm_incidents_child_clients();
      create trigger firm_incidents_child_delete after delete on incidents for each row
        when (old.parent_id is not null) execute function firm_incidents_child_clients();

      -- whether any of a row's clients is in the scope's list (app_client_listed for each; the list is not parsed)
      create function app_any_client_listed(ids uuid[]) returns boolean language plpgsql stable as $$
      declare
        l text := current_setting('app.client_ids', true);
        c uuid;
      begin
        if l is null or l = '' or ids is null then
          return false;
        end if;
        foreach c in array ids loop
          if strpos(l, c::text) <> 0 then
            return true;
          end if;
        end loop;
        return false;
      end $$;
    `);

    for (const [table, check, writeCheck = check] of POLICIES) {
      await q.query(`alter policy tenant_scope on ${table} using (firm_id = app_firm_id() and ${check}) with check (firm_id = app_firm_id() and ${writeCheck})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, check, writeCheck = check] of OLD_POLICIES) {
      await q.query(`alter policy tenant_scope on ${table} using (firm_id = app_firm_id() and ${check}) with check (firm_id = app_firm_id() and ${writeCheck})`);
    }
    await q.query(`
      drop trigger firm_incidents_child_insert on incidents;
      drop trigger firm_incidents_child_move on incidents;
      drop trigger firm_incidents_child_delete on incidents;
      drop trigger attachment_contents_no_update on attachment_contents;
      create trigger attachment_contents_no_update before update on attachment_contents
        for each row execute function attachment_contents_immutable();
      drop trigger attachment_contents_share on attachments;
      drop trigger attachment_contents_copy on attachment_contents;
      drop trigger communications_share on communications;
      drop trigger evaluations_share on evaluations;
      drop trigger attachments_client_shared on attachments;
      drop trigger improvement_actions_evaluation_shared on improvement_actions;
      drop function app_any_client_listed(uuid[]), firm_incidents_child_clients(), attachment_contents_share(), attachment_contents_copy(),
        communications_share(), evaluations_share(), attachments_client_shared(), improvement_actions_evaluation_shared();
      alter table firm_incidents drop column child_client_ids;
      alter table attachment_contents drop column client_id, drop column client_shared;
      alter table attachments drop column client_shared;
      alter table improvement_actions drop column evaluation_shared;
    `);
  }
}
