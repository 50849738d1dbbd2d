import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { LocalText, PlaybookTaskDef } from '@incident-desk/shared';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: { playbooks_firm_id_key_key: 'UNIQUE btree (firm_id, key)' },
  foreignKeys: { playbooks_firm_id_fkey: '(firm_id) REFERENCES firms(id)' },
  defaults: {
    built_in: 'false',
    created_at: 'now()',
    description: "'{}'::jsonb",
    tasks: "'[]'::jsonb",
    updated_at: 'now()',
  },
})
@Entity('playbooks')
export class Playbook {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') key: string;
  @Column('jsonb') name: LocalText;
  @Column('jsonb') description: LocalText;
  @Column('jsonb') tasks: PlaybookTaskDef[];
  @Column('boolean', { name: 'built_in' }) builtIn: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
