import { Injectable } from '@nestjs/common';
import { DEFAULT_SORTS, GRADES } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec } from '../common/list-query';
import { TenantDb } from '../tenancy/tenant-db.service';
import { Grading } from './incident.entity';
import { mapGrading } from './incidents.service';

const LIST: ListSpec = {
  resource: 'gradings',
  idColumn: 'g.id',
  sortable: { gradedAt: 'g.graded_at', chosenGrade: 'g.chosen_grade', id: 'g.id' },
  defaultSort: DEFAULT_SORTS['gradings'],
  filters: {
    incidentId: { column: 'g.incident_id', type: 'uuid' },
    clientId: { column: 'g.client_id', type: 'uuid' },
    chosenGrade: { column: 'g.chosen_grade', type: 'text', values: GRADES },
  },
};

/** Every grading of an incident is kept: inputs, suggestion, choice, rationale. */
@Injectable()
export class GradingsService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
  ) {}

  async list(query: ListQuery) {
    const scope = this.access.require('gradings', 'list');
    const qb = this.db.repo(Grading).createQueryBuilder('g').where('g.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('g.client_id = any(:clientIds)', { clientIds: scope.clientIds });
    return (await fetchPage(this.db.em, qb, query, LIST)).map(mapGrading);
  }

  async get(id: string) {
    const scope = this.access.require('gradings', 'show');
    if (!isUuid(id)) throw notFound('grading');
    const g = await this.db.repo(Grading).findOneBy({ firmId: scope.firmId, id });
    if (!g) throw notFound('grading');
    this.access.requireClient(scope, g.clientId, 'grading');
    return mapGrading(g);
  }
}
