import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

/** Minutes of a member of staff's work for a client on a day (issue 18), on one of its incidents or not. */
@DeclaresTable({
  indexes: {
    time_entries_firm_date: 'btree (firm_id, date DESC, id DESC)',
    time_entries_client_date: 'btree (firm_id, client_id, date DESC, id DESC)',
    time_entries_incident: 'btree (firm_id, incident_id) WHERE (incident_id IS NOT NULL)',
    time_entries_user_date: 'btree (firm_id, user_id, date DESC)',
  },
  foreignKeys: {
    time_entries_client: '(firm_id, client_id) REFERENCES clients(firm_id, id)',
    time_entries_incident: '(firm_id, incident_id) REFERENCES incidents(firm_id, id)',
    time_entries_user: '(firm_id, user_id) REFERENCES users(firm_id, id)',
  },
  defaults: { billable: 'true', created_at: 'now()', updated_at: 'now()' },
})
@Entity('time_entries')
export class TimeEntry {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('uuid', { name: 'incident_id', nullable: true }) incidentId: string | null;
  @Column('uuid', { name: 'user_id' }) userId: string;
  /** YYYY-MM-DD */
  @Column('date') date: string;
  @Column('int') minutes: number;
  @Column('text') activity: string;
  @Column('text', { nullable: true }) note: string | null;
  @Column('boolean') billable: boolean;
  @Column('uuid', { name: 'created_by_id', nullable: true }) createdById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** What a manager recorded of a month that has ended: reopened, or closed again. */
@DeclaresTable({
  foreignKeys: { time_entry_months_firm: '(firm_id) REFERENCES firms(id)' },
  defaults: { changed_at: 'now()' },
})
@Entity('time_entry_months')
export class TimeEntryMonth {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  /** YYYY-MM */
  @PrimaryColumn('text') month: string;
  @Column('text') state: 'reopened' | 'closed';
  @Column('uuid', { name: 'changed_by_id', nullable: true }) changedById: string | null;
  @Column('timestamptz', { name: 'changed_at' }) changedAt: Date;
}

/** A member of staff's running timer on an incident (one each). */
@DeclaresTable({
  foreignKeys: {
    time_timers_user: '(firm_id, user_id) REFERENCES users(firm_id, id)',
    time_timers_incident: '(firm_id, incident_id) REFERENCES incidents(firm_id, id)',
  },
  defaults: { started_at: 'now()' },
})
@Entity('time_timers')
export class TimeTimer {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('uuid', { name: 'incident_id' }) incidentId: string;
  @Column('text') activity: string;
  @Column('timestamptz', { name: 'started_at' }) startedAt: Date;
}

export const TIME_ENTITIES = [TimeEntry, TimeEntryMonth, TimeTimer];
