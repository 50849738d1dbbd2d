import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('assignments')
export class Assignment {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'consultant_id' }) consultantId: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
