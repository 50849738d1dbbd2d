import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

/** A day a firm adds to the built-in PRC working-day calendar (shared/src/working-days.ts). */
@DeclaresTable({
  foreignKeys: { working_days_firm_id_fkey: '(firm_id) REFERENCES firms(id) ON DELETE CASCADE' },
  defaults: { created_at: 'now()' },
})
@Entity('working_days')
export class WorkingDay {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  /** YYYY-MM-DD, a civil date in China */
  @PrimaryColumn('date') date: string;
  @Column('text') kind: string;
  @Column('text') name: string;
  @Column('text') source: string;
  @Column('uuid', { name: 'created_by_id', nullable: true }) createdById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
