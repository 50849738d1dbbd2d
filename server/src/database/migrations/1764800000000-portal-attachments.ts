import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Client admins download the files of the communications and evaluations they see, not only of their trainings
 * (CLIENT_VISIBLE_ATTACHMENT_ENTITIES). The attachments policy says so itself: a file on a communication or an
 * evaluation is visible to a client admin when that record is — the subqueries run under the communications and
 * evaluations policies, which show a client admin only client-visible sent or received communications and final
 * evaluations shared with them. Files on incidents stay with the firm; removed files stay hidden.
 */
export class PortalAttachments1764800000000 implements MigrationInterface {
  name = 'PortalAttachments1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await setPolicy(q, ON_VISIBLE_RECORDS);
  }

  async down(q: QueryRunner): Promise<void> {
    await setPolicy(q, `(entity = 'trainings' and removed_at is null)`);
  }
}

const ON_VISIBLE_RECORDS = `(removed_at is null and (entity = 'trainings'
  or (entity = 'communications' and exists (select 1 from communications p where p.firm_id = attachments.firm_id and p.id = attachments.entity_id))
  or (entity = 'evaluations' and exists (select 1 from evaluations p where p.firm_id = attachments.firm_id and p.id = attachments.entity_id))))`;

/** The attachments policy (migrations 1764530000000 and 1764600000000) with `portal` as what a client admin sees. */
async function setPolicy(q: QueryRunner, portal: string) {
  const predicate = `firm_id = app_firm_id() and ${CLIENT_SCOPE} and (app_role() <> 'client_admin' or ${portal})`;
  await q.query(`alter policy tenant_scope on attachments using (${predicate}) with check (${predicate})`);
}

/** Written out here (as it was when this migration landed): a landed migration imports nothing of another. */
const CLIENT_SCOPE = '(client_id <> (SELECT app_all_clients_marker()) OR client_id = ANY ((SELECT app_client_ids())::uuid[]))';
