import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { LocalText } from '@incident-desk/shared';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: {
    obligations_client_pending: "btree (firm_id, client_id, due_at) WHERE (status = 'pending'::text)",
    obligations_due: 'btree (firm_id, status, due_at)',
    obligations_firm_due: 'btree (firm_id, due_at, id)',
    obligations_firm_id_incident_id_rule_key: 'UNIQUE btree (firm_id, incident_id, rule)',
    obligations_report_due: 'btree (firm_id, client_id, due_at) INCLUDE (status, rule)',
    obligations_report_attachment: 'btree (firm_id, report_attachment_id) WHERE (report_attachment_id IS NOT NULL)',
  },
  foreignKeys: {
    obligations_firm_id_communication_id_fkey: '(firm_id, communication_id) REFERENCES communications(firm_id, id) ON DELETE SET NULL (communication_id)',
    obligations_firm_id_incident_id_fkey: '(firm_id, incident_id) REFERENCES incidents(firm_id, id) ON DELETE CASCADE',
    obligations_report_attachment_fk: '(firm_id, report_attachment_id) REFERENCES attachments(firm_id, id)',
  },
  defaults: {
    authority: "'{}'::jsonb",
    created_at: 'now()',
    source: "''::text",
    status: "'pending'::text",
    updated_at: 'now()',
  },
})
@Entity('obligations')
export class Obligation {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'incident_id' }) incidentId: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('text') rule: string;
  @Column('text') audience: string;
  @Column('jsonb') authority: LocalText;
  @Column('text') source: string;
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  /** stored: pending, met, met_late, not_applicable, waived; "overdue" is pending past its due time, computed on read */
  @Column('text') status: string;
  @Column('timestamptz', { name: 'fulfilled_at', nullable: true }) fulfilledAt: Date | null;
  @Column('uuid', { name: 'fulfilled_by_id', nullable: true }) fulfilledById: string | null;
  @Column('text', { name: 'fulfilment_note', nullable: true }) fulfilmentNote: string | null;
  /** the sent communication that fulfilled it, if that is how it was met */
  @Column('uuid', { name: 'communication_id', nullable: true }) communicationId: string | null;
  /** the working-day calendar's warning for this due time (a year it lacks), or null */
  @Column('jsonb', { nullable: true }) warning: LocalText | null;
  @Column('text', { name: 'waiver_basis', nullable: true }) waiverBasis: string | null;
  @Column('text', { name: 'waiver_reason', nullable: true }) waiverReason: string | null;
  @Column('uuid', { name: 'waived_by_id', nullable: true }) waivedById: string | null;
  @Column('timestamptz', { name: 'waived_at', nullable: true }) waivedAt: Date | null;
  /** the kept incident report (an attachment on the incident) a summary-report obligation is linked to */
  @Column('uuid', { name: 'report_attachment_id', nullable: true }) reportAttachmentId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
