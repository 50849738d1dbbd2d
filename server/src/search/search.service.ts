import { Injectable } from '@nestjs/common';
import { canAccess, SEARCH_MAX_LENGTH, SEARCH_MAX_LIMIT, type SearchResult } from '@incident-desk/shared';
import { ClientsService } from '../clients/clients.service';
import { fieldError } from '../common/errors';
import type { ListQuery } from '../common/list-query';
import { CommunicationsService } from '../communications/communications.service';
import { IncidentsService } from '../incidents/incidents.service';
import { TenantDb } from '../tenancy/tenant-db.service';

/** The query of GET /api/search. */
export interface SearchQuery {
  q?: string;
  limit?: string;
}

/** Clients whose name matches, whose incidents and communications are found too. */
const CLIENTS_FOR_RECORDS = 50;

const list = (filter: Record<string, unknown>, limit: number): ListQuery => ({ filter: JSON.stringify(filter), range: JSON.stringify([0, limit - 1]) });

/**
 * One search across incidents, clients and communications (the admin's command palette). It asks the resources' own
 * list methods, so each part answers exactly what the caller may list (role, firm and clients, a client admin's
 * client-visible communications), with their access checks; the client-name part is their `clientId` filter with the
 * clients whose name matches.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly db: TenantDb,
    private readonly incidents: IncidentsService,
    private readonly clients: ClientsService,
    private readonly communications: CommunicationsService,
  ) {}

  async search(query: SearchQuery): Promise<SearchResult> {
    const q = typeof query.q === 'string' ? query.q.trim() : '';
    if (!q) throw fieldError('q', 'is required');
    if (q.length > SEARCH_MAX_LENGTH) throw fieldError('q', `must be at most ${SEARCH_MAX_LENGTH} characters`);
    const limit = query.limit === undefined ? 5 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX_LIMIT) throw fieldError('limit', `must be a whole number from 1 to ${SEARCH_MAX_LIMIT}`);
    const role = this.db.scope.role;
    const may = (resource: 'clients' | 'incidents' | 'communications') => canAccess(role, resource, 'list');

    const matched = may('clients') ? (await this.clients.list(list({ q }, CLIENTS_FOR_RECORDS))).items : [];
    const names = new Map(matched.map((c) => [c.id, c.name]));
    const ofClients = matched.map((c) => c.id);
    /** the records matching the text, then those of the clients whose name matches, without repeats */
    const both = async <T extends { id: string }>(run: (filter: Record<string, unknown>) => Promise<T[]>): Promise<T[]> => {
      const direct = await run({ q });
      const byClient = ofClients.length && direct.length < limit ? await run({ clientId: ofClients }) : [];
      const seen = new Set(direct.map((r) => r.id));
      return [...direct, ...byClient.filter((r) => !seen.has(r.id))].slice(0, limit);
    };
    const incidents = may('incidents') ? await both((filter) => this.incidents.list(list(filter, limit)).then((p) => p.items)) : [];
    const communications = may('communications') ? await both((filter) => this.communications.list(list(filter, limit)).then((p) => p.items)) : [];

    // the names of the other clients the results belong to
    const missing = [...new Set([...incidents, ...communications].map((r) => r.clientId).filter((id) => !names.has(id)))];
    if (missing.length && may('clients')) {
      for (const c of (await this.clients.list(list({ id: missing }, missing.length))).items) names.set(c.id, c.name);
    }
    return {
      q,
      incidents: incidents.map((i) => ({ id: i.id, reference: i.reference, title: i.title, status: i.status, clientId: i.clientId, clientName: names.get(i.clientId) ?? null })),
      clients: matched.slice(0, limit).map((c) => ({ id: c.id, name: c.name, status: c.status })),
      communications: communications.map((c) => ({
        id: c.id, subject: c.subject, status: c.status, clientId: c.clientId, clientName: names.get(c.clientId) ?? null, incidentId: c.incidentId ?? null,
      })),
    };
  }
}
