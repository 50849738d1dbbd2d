import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ClientContact, ClientStatus, ContractSla, OperatorType } from '@incident-desk/shared';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: {
    clients_firm_id_credit_code_key: 'UNIQUE btree (firm_id, credit_code)',
    clients_firm_name: 'btree (firm_id, name, id)',
  },
  foreignKeys: { clients_firm_id_fkey: '(firm_id) REFERENCES firms(id)' },
  defaults: {
    contacts: "'[]'::jsonb",
    contract_sla: "'{}'::jsonb",
    created_at: 'now()',
    processes_eu_personal_data: 'false',
    status: "'active'::text",
    updated_at: 'now()',
  },
})
@Entity('clients')
export class Client {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('text', { nullable: true }) industry: string | null;
  @Column('text', { name: 'operator_type' }) operatorType: OperatorType;
  @Column('boolean', { name: 'processes_eu_personal_data' }) processesEuPersonalData: boolean;
  @Column('jsonb') contacts: ClientContact[];
  @Column('jsonb', { name: 'contract_sla' }) contractSla: ContractSla;
  @Column('text') status: ClientStatus;
  @Column('timestamptz', { name: 'offboarded_at', nullable: true }) offboardedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
