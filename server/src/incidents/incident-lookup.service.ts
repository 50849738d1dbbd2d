import { Injectable } from '@nestjs/common';
import { type FieldError, fieldError } from '../common/errors';
import { isUuid } from '../common/list-query';
import { Locks } from '../tenancy/locks';
import { canSeeClient } from '../tenancy/scope';
import { TenantDb } from '../tenancy/tenant-db.service';
import { Incident } from './incident.entity';
import { ACKNOWLEDGE } from './incidents.queries';

/**
 * "This incident exists and is in the caller's scope", written once, for the records that hang off an incident
 * (tasks, timeline, communications, evaluations, actions, templates rendered for one). It lives below the incidents
 * service (IncidentLookupModule), which itself needs the timeline and obligations: those may ask it without a circle.
 */
@Injectable()
export class IncidentLookup {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
  ) {}

  /** The incident if the caller may see it, else null (no lock). */
  async inScope(id: string): Promise<Incident | null> {
    if (!isUuid(id)) return null;
    const i = await this.db.repo(Incident).findOneBy({ firmId: this.db.scope.firmId, id });
    return i && canSeeClient(this.db.scope, i.clientId) ? i : null;
  }

  /**
   * The incident a new record hangs off, or null after adding 'no such incident' for `field` to `errors`; with `lock`
   * it is locked first (Locks: the incident before anything that hangs off it).
   */
  async usable(id: string, options: { field?: string; lock?: boolean }, errors: FieldError[]): Promise<Incident | null> {
    const i = options.lock ? await this.lockedInScope(id) : await this.inScope(id);
    if (!i) errors.push({ field: options.field ?? 'incidentId', message: 'no such incident' });
    return i;
  }

  /** The incident a new record hangs off, or 400 'no such incident' naming `field` (default `incidentId`). */
  async requireUsable(id: string, options: { field?: string; lock?: boolean } = {}): Promise<Incident> {
    const errors: FieldError[] = [];
    const i = await this.usable(id, options, errors);
    if (!i) throw fieldError(errors[0].field, errors[0].message);
    return i;
  }

  /**
   * Marks clients' reports acknowledged now, those that nothing has acknowledged yet (TimelineService.actedMany decides
   * when), in one statement: the ones this call acknowledged and when (of two calls at once, the second waits for the
   * first's row locks and then finds them set).
   */
  async acknowledge(ids: string[]): Promise<{ id: string; acknowledgedAt: Date }[]> {
    if (!ids.length) return [];
    const rows = await this.db.rows<{ id: string; acknowledgedAt: Date }>(ACKNOWLEDGE, [this.db.scope.firmId, ids]);
    return rows.map((r) => ({ id: r.id, acknowledgedAt: new Date(r.acknowledgedAt) }));
  }

  private async lockedInScope(id: string): Promise<Incident | null> {
    const i = await this.locks.incident(id);
    return i && canSeeClient(this.db.scope, i.clientId) ? i : null;
  }
}
