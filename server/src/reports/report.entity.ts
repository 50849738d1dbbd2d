import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Locale, ReportVersion, ServiceReport } from '@incident-desk/shared';
import { DeclaresTable } from '../database/table-shape';

/** A stored service report: the PDF and the figures it shows. Lists never load `content` nor `data`. */
@DeclaresTable({
  indexes: {
    reports_firm_generated: 'btree (firm_id, generated_at DESC, id DESC)',
    reports_firm_period: 'btree (firm_id, period DESC, generated_at DESC, id DESC)',
  },
  foreignKeys: {
    reports_firm_id_fkey: '(firm_id) REFERENCES firms(id)',
    reports_firm_id_generated_by_id_fkey: '(firm_id, generated_by_id) REFERENCES users(firm_id, id) ON DELETE SET NULL (generated_by_id)',
  },
  defaults: { client_ids: "'[]'::jsonb" },
})
@Entity('reports')
export class Report {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') period: string;
  @Column('date', { name: 'from_date' }) fromDate: string;
  @Column('date', { name: 'to_date' }) toDate: string;
  /** lower-case UUIDs; empty: every client of the firm */
  @Column('jsonb', { name: 'client_ids' }) clientIds: string[];
  @Column('text') lang: Locale;
  @Column('text') version: ReportVersion;
  @Column('text', { name: 'file_name' }) fileName: string;
  @Column('int') size: number;
  @Column('text') sha256: string;
  @Column('bytea', { select: false }) content: Buffer;
  @Column('jsonb', { select: false }) data: ServiceReport;
  @Column('uuid', { name: 'generated_by_id', nullable: true }) generatedById: string | null;
  @Column('text', { name: 'generated_by_name', nullable: true }) generatedByName: string | null;
  @Column('timestamptz', { name: 'generated_at' }) generatedAt: Date;
}
