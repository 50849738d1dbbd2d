import { Injectable } from '@nestjs/common';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { canSeeClient } from './scope';
import { conflict, notFound } from '../common/errors';
import { isUuid } from '../common/list-query';
import { FirmIncident, Incident } from '../incidents/incident.entity';
import { TenantDb } from './tenant-db.service';

/**
 * The row locks of state changes, and the one order they are taken in.
 *
 * A state change reads the state it starts from with the row locked (`FOR NO KEY UPDATE`, in the request's
 * transaction): a second request that wants to change the same record waits until the first has committed, and then
 * reads the state the first left (in READ COMMITTED a locking read that waited returns the row as committed, and every
 * later statement sees what the first wrote). So exactly one of several racers makes a change, each later one checks
 * against the state as it is now (a 409 with it, or a change of its own from there), and the history — timeline and
 * audit log — has one entry per real change.
 *
 * The order, everywhere (two writers that take their locks in the same order never wait for each other in a circle):
 *   0. the firm incident (a breach at the firm with a child incident per affected client: FirmIncidentsService) —
 *      first for a change of the firm incident and of its children as a whole (moving them with it, adding and removing
 *      clients, updates and notices for all of them); its children are then locked as incidents, in the order of their
 *      ids. A change of one child alone locks the child only (never its parent), so no writer waits in a circle;
 *   1. the incident — first for a write to the incident or to anything that hangs off it (a record with an
 *      `incidentId`: tasks, obligations, gradings, communications, improvement actions, evaluations) and to what that
 *      write changes of it (the task counts and deadline the triggers keep, which lock the incident too: migrations
 *      1765100000000 and 1765310000000; obligations recomputed; timeline entries);
 *   2. the record changed (a communication, an obligation, a task, a client, a user …; several of one table in the
 *      order of their ids); a record before the rows that follow it (an evaluation or a communication before its
 *      files and improvement actions, even when only a file changes: sharing or sending the record updates them,
 *      migration 1767400000000);
 *   3. the firm's audit head (AuditService.record, the last write of every change).
 * A row that is only referred to (a timeline note, a comment, an attachment: the foreign key's KEY SHARE lock) needs
 * no lock of its own: `FOR NO KEY UPDATE` lets foreign-key checks through.
 */
@Injectable()
export class Locks {
  constructor(private readonly db: TenantDb) {}

  /** The incident as it is now, locked until the request's transaction ends; null when there is none in scope. */
  async incident(id: string): Promise<Incident | null> {
    if (!isUuid(id)) return null;
    const [i] = await this.db.rows<Incident>(
      `select ${this.db.columns(Incident, 'i')} from incidents i where i.firm_id = $1 and i.id = $2 for no key update`,
      [this.db.scope.firmId, id],
    );
    return i ?? null;
  }

  /** The firm incident as it is now, locked until the request's transaction ends; null when there is none in scope. */
  async firmIncident(id: string): Promise<FirmIncident | null> {
    if (!isUuid(id)) return null;
    const [f] = await this.db.rows<FirmIncident>(
      `select ${this.db.columns(FirmIncident, 'f')} from firm_incidents f where f.firm_id = $1 and f.id = $2 for no key update`,
      [this.db.scope.firmId, id],
    );
    return f ?? null;
  }

  /** Incidents as they are now, locked in the order of their ids (the children of a firm incident, after it). */
  async incidents(ids: string[]): Promise<Incident[]> {
    const valid = [...new Set(ids)].filter(isUuid);
    if (!valid.length) return [];
    return this.db.rows<Incident>(
      `select ${this.db.columns(Incident, 'i')} from incidents i where i.firm_id = $1 and i.id = any($2) order by i.id for no key update`,
      [this.db.scope.firmId, valid],
    );
  }

  /**
   * A record as it is now, locked until the request's transaction ends; null when there is none in scope. One that
   * hangs off an incident is locked after its incident (read first without a lock to learn which; should it have moved
   * to another incident meanwhile, that one is locked too).
   */
  async record<T extends ObjectLiteral>(entity: EntityTarget<T>, id: string): Promise<T | null> {
    if (!isUuid(id)) return null;
    const repo = this.db.repo(entity);
    if (repo.metadata.target === Incident) return (await this.incident(id)) as unknown as T | null;
    const locked = () => this.locked(entity, [id], 'for_no_key_update').then((rows) => rows[0] ?? null);
    const column = repo.metadata.findColumnWithPropertyName('incidentId');
    if (!column) return locked();
    const [found]: { incident_id: string | null }[] = await this.db.em.query(
      `select ${column.databaseName} as incident_id from ${repo.metadata.tableName} where firm_id = $1 and id = $2`,
      [this.db.scope.firmId, id],
    );
    if (!found) return null;
    let incidentId = found.incident_id;
    for (let tries = 0; tries < 3; tries++) {
      if (incidentId) await this.incident(incidentId);
      const row = await locked();
      if (!row || row.incidentId === incidentId) return row;
      incidentId = row.incidentId;
    }
    throw conflict('the record moved to another incident meanwhile; try again');
  }

  /**
   * A client's record as it is now, locked as `record()` locks it, or 404 naming `what` when there is none or its client
   * is outside the caller's scope: the check every service that changes a client's record makes first.
   */
  async recordInScope<T extends ObjectLiteral & { clientId: string }>(entity: EntityTarget<T>, id: string, what: string): Promise<T> {
    const row = await this.record(entity, id);
    if (!row || !canSeeClient(this.db.scope, row.clientId)) throw notFound(what);
    return row;
  }

  /** Several records of one table, locked in the order of their ids (never with their incidents). */
  records<T extends ObjectLiteral>(entity: EntityTarget<T>, ids: string[]): Promise<T[]> {
    return this.locked(entity, [...new Set(ids)].filter(isUuid), 'for_no_key_update');
  }

  /**
   * A record kept from changing until the transaction ends (`FOR SHARE`), for a write that depends on its state but
   * does not change it: an incident or a training opened for a client that must still be active while an offboarding
   * waits. Several such writers do not wait for each other.
   */
  async shared<T extends ObjectLiteral>(entity: EntityTarget<T>, id: string): Promise<T | null> {
    if (!isUuid(id)) return null;
    return (await this.locked(entity, [id], 'pessimistic_read'))[0] ?? null;
  }

  /** Several records kept from changing (`FOR SHARE`, as shared() does), in the order of their ids. */
  sharedMany<T extends ObjectLiteral>(entity: EntityTarget<T>, ids: string[]): Promise<T[]> {
    return this.locked(entity, [...new Set(ids)].filter(isUuid), 'pessimistic_read');
  }

  private locked<T extends ObjectLiteral>(entity: EntityTarget<T>, ids: string[], mode: 'for_no_key_update' | 'pessimistic_read'): Promise<T[]> {
    if (!ids.length) return Promise.resolve([]);
    // an entity whose rows pg gives as TypeORM would is read straight through pg (no query building, no hydration)
    if (this.db.readsPlain(entity)) {
      return this.db.rows<T>(
        `select ${this.db.columns(entity, 'r')} from ${this.db.repo(entity).metadata.tableName} r where r.firm_id = $1 and r.id = any($2) order by r.id ${mode === 'for_no_key_update' ? 'for no key update' : 'for share'}`,
        [this.db.scope.firmId, ids],
      );
    }
    return this.db.repo(entity).createQueryBuilder('r').setLock(mode)
      .where('r.firm_id = :firmId and r.id = any(:ids)', { firmId: this.db.scope.firmId, ids })
      .orderBy('r.id').getMany();
  }

}
