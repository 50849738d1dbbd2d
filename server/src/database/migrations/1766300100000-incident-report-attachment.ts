import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incident report kept on its incident (issue 17): an attachment the server made (`attachments.report`: its
 * language, version and the fingerprint of the facts it was made from — kept once per incident while those facts stay
 * the same), and the summary-report obligation it is linked to (`obligations.report_attachment_id`).
 */
export class IncidentReportAttachment1766300100000 implements MigrationInterface {
  name = 'IncidentReportAttachment1766300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table attachments add column report jsonb check (report is null or (jsonb_typeof(report) = 'object' and report ? 'fingerprint'));
      create unique index attachments_report_once on attachments (firm_id, entity_id, (report ->> 'fingerprint')) where report is not null and removed_at is null;
      alter table obligations add column report_attachment_id uuid;
    `);
    await q.query(`
      alter table obligations add constraint obligations_report_attachment_fk
        foreign key (firm_id, report_attachment_id) references attachments (firm_id, id);
    `);
    await q.query(`create index obligations_report_attachment on obligations (firm_id, report_attachment_id) where report_attachment_id is not null;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table obligations drop constraint if exists obligations_report_attachment_fk;
      drop index if exists obligations_report_attachment;
      alter table obligations drop column if exists report_attachment_id;
      drop index if exists attachments_report_once;
      alter table attachments drop column if exists report;
    `);
  }
}
