import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

/** An attachment's metadata; the bytes are in the evidence store (storageKey), or, until moved, in AttachmentContent. */
@DeclaresTable({
  indexes: {
    attachments_client_created: 'btree (firm_id, client_id, created_at DESC, id DESC)',
    attachments_entity: 'btree (firm_id, entity, entity_id, created_at DESC, id DESC)',
    attachments_in_database: 'btree (firm_id, id) WHERE (storage_key IS NULL)',
    attachments_report_once: "UNIQUE btree (firm_id, entity_id, ((report ->> 'fingerprint'::text))) WHERE ((report IS NOT NULL) AND (removed_at IS NULL))",
  },
  foreignKeys: {
    attachments_firm_id_client_id_fkey: '(firm_id, client_id) REFERENCES clients(firm_id, id)',
    attachments_firm_id_removed_by_id_fkey: '(firm_id, removed_by_id) REFERENCES users(firm_id, id)',
    attachments_firm_id_uploaded_by_id_fkey: '(firm_id, uploaded_by_id) REFERENCES users(firm_id, id)',
  },
  defaults: { client_shared: 'false', created_at: 'now()' },
})
@Entity('attachments')
export class Attachment {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('text') entity: string;
  @Column('uuid', { name: 'entity_id' }) entityId: string;
  @Column('text', { name: 'file_name' }) fileName: string;
  @Column('text') sha256: string;
  @Column('bigint') size: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('uuid', { name: 'uploaded_by_id', nullable: true }) uploadedById: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'removed_at', nullable: true }) removedAt: Date | null;
  @Column('uuid', { name: 'removed_by_id', nullable: true }) removedById: string | null;
  /** where the bytes are in the evidence store (storage/); null: still in attachment_contents (moved by storage/move.ts) */
  @Column('text', { name: 'storage_key', nullable: true }) storageKey: string | null;
  /** a report the server made and kept (the incident report): its language, version and the fingerprint of its facts */
  @Column('jsonb', { nullable: true }) report: KeptReport | null;
  /**
   * a client admin sees it: not removed, on a record they see. Kept by the database from that record
   * (migration 1767400000000): never written, nor loaded; PORTAL_VISIBLE and row-level security read it in SQL
   */
  @Column({ type: 'boolean', name: 'client_shared', select: false, insert: false, update: false }) clientShared?: boolean;
}

export interface KeptReport {
  lang: string;
  version: string;
  /** SHA-256 of the facts the report was made from (not the moment it was made): kept once while they stay the same */
  fingerprint: string;
}

/**
 * The bytes of an attachment from before the evidence store (migration 1765850000000): never updated (a trigger refuses
 * it), removed once the bytes are in the store and verified there (storage/move.ts).
 */
@DeclaresTable({
  foreignKeys: { attachment_contents_firm_id_id_fkey: '(firm_id, id) REFERENCES attachments(firm_id, id)' },
  defaults: { client_shared: 'false' },
})
@Entity('attachment_contents')
export class AttachmentContent {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('bytea') content: Buffer;
  /** copies of the attachment's client and client_shared, kept by the database (migration 1767400000000) for row-level security; never written nor read here */
  @Column({ type: 'uuid', name: 'client_id', select: false, insert: false, update: false }) clientId?: string;
  @Column({ type: 'boolean', name: 'client_shared', select: false, insert: false, update: false }) clientShared?: boolean;
}
