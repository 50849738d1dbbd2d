import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { LocalText } from '@incident-desk/shared';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: {
    communications_client_created: 'btree (firm_id, client_id, created_at DESC, id DESC)',
    communications_client_date: 'btree (firm_id, client_id, COALESCE(sent_at, received_at, created_at) DESC, id DESC)',
    communications_firm_created: 'btree (firm_id, created_at DESC, id DESC)',
    communications_firm_date: 'btree (firm_id, COALESCE(sent_at, received_at, created_at) DESC, id DESC)',
    communications_incident: 'btree (firm_id, incident_id)',
    communications_report_occurred: "btree (firm_id, client_id, COALESCE(sent_at, received_at)) INCLUDE (status, audience, direction, client_visible, sent_by_id, sent_at, received_at) WHERE (status = ANY (ARRAY['sent'::text, 'received'::text]))",
  },
  foreignKeys: {
    communications_firm_id_acknowledged_by_id_fkey: '(firm_id, acknowledged_by_id) REFERENCES users(firm_id, id)',
    communications_firm_id_approved_by_id_fkey: '(firm_id, approved_by_id) REFERENCES users(firm_id, id)',
    communications_firm_id_client_id_fkey: '(firm_id, client_id) REFERENCES clients(firm_id, id)',
    communications_firm_id_created_by_id_fkey: '(firm_id, created_by_id) REFERENCES users(firm_id, id)',
    communications_firm_id_incident_id_fkey: '(firm_id, incident_id) REFERENCES incidents(firm_id, id) ON DELETE CASCADE',
    communications_firm_id_obligation_id_fkey: '(firm_id, obligation_id) REFERENCES obligations(firm_id, id) ON DELETE SET NULL (obligation_id)',
    communications_firm_id_sent_by_id_fkey: '(firm_id, sent_by_id) REFERENCES users(firm_id, id)',
    communications_firm_id_submitted_by_id_fkey: '(firm_id, submitted_by_id) REFERENCES users(firm_id, id)',
    communications_firm_id_template_id_fkey: '(firm_id, template_id) REFERENCES communication_templates(firm_id, id) ON DELETE SET NULL (template_id)',
  },
  defaults: {
    body: "''::text",
    client_visible: 'false',
    created_at: 'now()',
    recipients: "'[]'::jsonb",
    updated_at: 'now()',
  },
})
@Entity('communications')
export class Communication {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('uuid', { name: 'incident_id', nullable: true }) incidentId: string | null;
  @Column('text') audience: string;
  @Column('text') channel: string;
  @Column('text') direction: string;
  @Column('text') subject: string;
  @Column('text') body: string;
  @Column('jsonb') recipients: string[];
  @Column('boolean', { name: 'client_visible' }) clientVisible: boolean;
  @Column('text') status: string;
  @Column('uuid', { name: 'template_id', nullable: true }) templateId: string | null;
  @Column('uuid', { name: 'obligation_id', nullable: true }) obligationId: string | null;
  @Column('uuid', { name: 'created_by_id', nullable: true }) createdById: string | null;
  @Column('uuid', { name: 'submitted_by_id', nullable: true }) submittedById: string | null;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column('uuid', { name: 'approved_by_id', nullable: true }) approvedById: string | null;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt: Date | null;
  @Column('uuid', { name: 'sent_by_id', nullable: true }) sentById: string | null;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('timestamptz', { name: 'received_at', nullable: true }) receivedAt: Date | null;
  @Column('uuid', { name: 'acknowledged_by_id', nullable: true }) acknowledgedById: string | null;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
  /** the regulator's receipt number, recorded when it is sent */
  @Column('text', { name: 'receipt_number', nullable: true }) receiptNumber: string | null;
  /** a report to a regulator: first, follow_up (补报) or summary */
  @Column('text', { name: 'report_stage', nullable: true }) reportStage: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@DeclaresTable({
  indexes: { communication_templates_firm_id_key_key: 'UNIQUE btree (firm_id, key)' },
  foreignKeys: { communication_templates_firm_id_fkey: '(firm_id) REFERENCES firms(id)' },
  defaults: { built_in: 'false', created_at: 'now()', customized: 'false', updated_at: 'now()' },
})
@Entity('communication_templates')
export class CommunicationTemplate {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') key: string;
  @Column('jsonb') name: LocalText;
  @Column('text') audience: string;
  @Column('text') channel: string;
  @Column('jsonb') subject: LocalText;
  @Column('jsonb') body: LocalText;
  @Column('boolean', { name: 'built_in' }) builtIn: boolean;
  /** a built-in one: the SHA-256 of the built-in text it was made from or last brought up to (null: made before it was recorded) */
  @Column('text', { name: 'built_in_version', nullable: true }) builtInVersion: string | null;
  /** a built-in one whose text the firm changed: kept as it is when a newer built-in text comes */
  @Column('boolean', { default: false }) customized: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
