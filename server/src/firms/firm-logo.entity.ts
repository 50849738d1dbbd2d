import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

/** The firm's logo (PNG or JPEG, at most 256 KiB): the admin's header and every PDF (migration 1766900000000). */
@DeclaresTable({
  foreignKeys: { firm_logos_firm_id_fkey: '(firm_id) REFERENCES firms(id) ON DELETE CASCADE' },
  defaults: { updated_at: 'now()' },
})
@Entity('firm_logos')
export class FirmLogo {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @Column('text', { name: 'content_type' }) contentType: 'image/png' | 'image/jpeg';
  @Column('bytea', { select: false }) content: Buffer;
  @Column('text') sha256: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
