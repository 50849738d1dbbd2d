import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The firm's logo (PNG or JPEG, at most 256 KiB): the admin's header and every PDF (migration 1766900000000). */
@Entity('firm_logos')
export class FirmLogo {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @Column('text', { name: 'content_type' }) contentType: 'image/png' | 'image/jpeg';
  @Column('bytea', { select: false }) content: Buffer;
  @Column('text') sha256: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
