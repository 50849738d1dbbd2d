import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ClientContact, ClientStatus, ContractSla, OperatorType } from '@incident-desk/shared';

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
