import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Built-in communication templates remember which version of the built-in text they hold (issue 17: firms that got a
 * template before its text was corrected get the new text). `built_in_version` is the SHA-256 of the built-in text the
 * row was made from or last brought up to (null: made before versions were recorded, checked once against the known
 * earlier texts); `customized` is true once the firm's text differs from it — such a row keeps the firm's text and is
 * shown with the newer version available.
 */
export class BuiltInTemplateVersions1766300000000 implements MigrationInterface {
  name = 'BuiltInTemplateVersions1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table communication_templates add column built_in_version text check (built_in_version is null or built_in_version ~ '^[0-9a-f]{64}$');
      alter table communication_templates add column customized boolean not null default false;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table communication_templates drop column if exists customized; alter table communication_templates drop column if exists built_in_version;`);
  }
}
