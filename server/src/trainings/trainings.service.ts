import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_SORTS, addDays, DELIVERY_MODES, drillClock, isCalendarDate, isDrill, MAX_PARTICIPANTS, nextDueDate, normaliseParticipant, parseParticipantsCsv,
  participationFigures, todayIn, TRAINING_DUE_FILTERS, TRAINING_STATUSES, TRAINING_TYPES, trainingDueStatus, type OperatorType,
  type IncidentRecord, type TrainingParticipant, type TrainingRecord,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { changedFields } from '../common/changes';
import { badInput, conflict, fieldError, notFound, type FieldError } from '../common/errors';
import type { Incident } from '../incidents/incident.entity';
import { IncidentsService } from '../incidents/incidents.service';
import { textErrors } from '../common/input-guard';
import { applyListQuery, calendarDateRange, getManyAndCountCapped, isUuid, type ListQuery, type ListSpec, Page, parseListQuery } from '../common/list-query';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import type { CreateTrainingDto, ParticipantDto, StartExerciseDto, UpdateTrainingDto } from './dto/training.dto';
import { EXERCISE_TIMES } from './trainings.queries';
import { Training } from './training.entity';
import { canSeeClient } from '../tenancy/scope';
import { RENEWED, RENEWED_OF } from './trainings.queries';

const LIST: ListSpec = {
  resource: 'trainings',
  idColumn: 't.id',
  sortable: {
    date: 't.date', title: 't.title', type: 't.type', status: 't.status', nextDueAt: 't.next_due_at', participantCount: 't.participant_count',
    createdAt: 't.created_at', updatedAt: 't.updated_at', id: 't.id',
  },
  defaultSort: DEFAULT_SORTS['trainings'],
  filters: {
    clientId: { column: 't.client_id', type: 'uuid' },
    type: { column: 't.type', type: 'text', values: TRAINING_TYPES },
    status: { column: 't.status', type: 'text', values: TRAINING_STATUSES },
    deliveryMode: { column: 't.delivery_mode', type: 'text', values: DELIVERY_MODES },
  },
  search: ['t.title', 't.trainer'],
};

/** Filters on calendar dates and due dates, handled here rather than by the generic list code. */
const EXTRA_FILTERS = ['date_gte', 'date_lte', 'due', 'dueWithinDays', 'drill'];

type Dto = Partial<CreateTrainingDto> & UpdateTrainingDto;

export function mapTraining(t: Training, ctx: { operatorType: OperatorType | null; renewed: boolean; today: string }): TrainingRecord {
  const figures = participationFigures(t.participants, t.passMark);
  return {
    id: t.id, clientId: t.clientId, type: t.type as TrainingRecord['type'], title: t.title, legalBasis: t.legalBasis, date: t.date,
    durationMinutes: t.durationMinutes, deliveryMode: t.deliveryMode as TrainingRecord['deliveryMode'], trainer: t.trainer,
    objectives: t.objectives, scenario: t.scenario, status: t.status as TrainingRecord['status'], participants: t.participants,
    passMark: t.passMark, participantCount: figures.participantCount, attendedCount: figures.attendedCount, passedCount: figures.passedCount,
    // rates describe a training that took place
    attendanceRate: t.status === 'completed' ? figures.attendanceRate : null, passRate: t.status === 'completed' ? figures.passRate : null, recurrenceMonths: t.recurrenceMonths, nextDueAt: t.nextDueAt,
    dueStatus: trainingDueStatus({ status: t.status, nextDueAt: t.nextDueAt, renewed: ctx.renewed }, ctx.today),
    detectMinutes: t.detectMinutes, escalateMinutes: t.escalateMinutes, reportMinutes: t.reportMinutes, exerciseIncidentId: t.exerciseIncidentId,
    ...drillClock({ type: t.type, reportMinutes: t.reportMinutes }, ctx.operatorType),
    operatorType: ctx.operatorType,
    createdById: t.createdById, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
  };
}

/** The fields the audit log compares (the stored record, without the figures derived on read). */
const audited = (t: Training) => ({
  clientId: t.clientId, type: t.type, title: t.title, legalBasis: t.legalBasis, date: t.date, durationMinutes: t.durationMinutes,
  deliveryMode: t.deliveryMode, trainer: t.trainer, objectives: t.objectives, scenario: t.scenario, status: t.status, participants: t.participants,
  passMark: t.passMark, recurrenceMonths: t.recurrenceMonths, nextDueAt: t.nextDueAt, detectMinutes: t.detectMinutes,
  escalateMinutes: t.escalateMinutes, reportMinutes: t.reportMinutes, exerciseIncidentId: t.exerciseIncidentId,
});

const DRILL_TIMES = ['detectMinutes', 'escalateMinutes', 'reportMinutes'] as const;
const TEXT_FIELDS = ['legalBasis', 'trainer', 'objectives', 'scenario'] as const;

/**
 * Training and drill records of client companies. Staff create and edit them (never delete: cancel); client admins
 * read their own company's. Participants are stored on the training with their derived counts and the next due date.
 */
@Injectable()
export class TrainingsService implements OnModuleInit {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly clients: ClientsService,
    private readonly incidents: IncidentsService,
  ) {}

  onModuleInit() {
    // an exercise that closes fills its drill's times, in the transaction that closed it
    this.incidents.onClosed((ended) => this.exercisesEnded(ended.filter((i) => i.exercise && i.trainingId)));
  }

  /**
   * `POST /api/trainings/{id}/exercise {scenario, clientId}`: the drill run through the real workflow. An exercise
   * incident of the drill's client (EX-…) opens with the scenario, the real playbook and clocks; the drill keeps it.
   * 400 naming the field: not a drill (`type`), another client (`clientId`); 409 while an exercise of it is still open
   * (reset it first) or when the drill is cancelled.
   */
  async startExercise(id: string, dto: StartExerciseDto): Promise<{ training: TrainingRecord; incident: IncidentRecord }> {
    const scope = this.access.require('trainings', 'edit');
    const t = await this.lock(id);
    const errors: FieldError[] = [];
    if (!isDrill(t.type)) errors.push({ field: 'type', message: 'only a drill (emergency_drill, tabletop_exercise) runs as an exercise' });
    if (dto.clientId !== t.clientId) errors.push({ field: 'clientId', message: "is not the drill's client" });
    if (errors.length) throw badInput(errors);
    if (t.status === 'cancelled') throw conflict('the drill is cancelled', { status: t.status });
    if (t.exerciseIncidentId) throw conflict('an exercise of this drill has been run; reset it to run it again', { exerciseIncidentId: t.exerciseIncidentId });
    // kept active until the exercise is in (as any incident of the client)
    const client = await this.clients.requireUsable(t.clientId, { active: true });
    const playbook = await this.incidents.playbookFor(undefined);
    const incident = await this.incidents.open(client, playbook, {
      title: `【演练 Exercise】${t.title}`, description: dto.scenario, detectedAt: new Date(),
    }, { reporting: false, parentId: null, trainingId: t.id });
    await this.db.repo(Training).update({ firmId: scope.firmId, id: t.id }, { exerciseIncidentId: incident.id });
    await this.audit.record({ entity: 'trainings', entityId: t.id, clientId: t.clientId, action: 'update', before: { exerciseIncidentId: null }, after: { exerciseIncidentId: incident.id } });
    return { training: await this.get(t.id), incident: await this.incidents.get(incident.id) };
  }

  /**
   * `POST /api/trainings/{id}/exercise/reset`: the drill can run again. An exercise still open is dismissed (kept, as
   * every incident), the drill's times it filled are cleared. 409 when there is no exercise to reset.
   */
  async resetExercise(id: string): Promise<TrainingRecord> {
    const scope = this.access.require('trainings', 'edit');
    const t = await this.lock(id);
    if (!t.exerciseIncidentId) throw conflict('no exercise of this drill to reset', { exerciseIncidentId: null });
    const incident = await this.incidents.lock(t.exerciseIncidentId).catch(() => null);
    if (incident && incident.status !== 'closed' && incident.status !== 'dismissed') {
      await this.incidents.applyTransition(incident, 'dismissed', 'exercise reset', false);
    }
    const patch = { exerciseIncidentId: null, detectMinutes: null, escalateMinutes: null, reportMinutes: null };
    await this.db.repo(Training).update({ firmId: scope.firmId, id: t.id }, patch);
    await this.audit.record({ entity: 'trainings', entityId: t.id, clientId: t.clientId, action: 'update', before: audited(t), after: audited({ ...t, ...patch }) });
    return this.get(t.id);
  }

  /**
   * Closed exercises fill their drills' times from what really happened (EXERCISE_TIMES): detection (start of the
   * scenario to the incident confirmed), escalation (detection to the first grading) and the report (discovery to the
   * PRC first report met, against the client's reporting clock). A drill whose exercise was reset meanwhile is left alone.
   */
  private async exercisesEnded(exercises: Incident[]) {
    const scope = this.db.scope;
    for (const i of exercises) {
      const [times] = await this.db.rows<{ detect: number | null; escalate: number | null; report: number | null }>(EXERCISE_TIMES, [scope.firmId, i.id]);
      const t = await this.locks.record(Training, i.trainingId!);
      if (!t || t.exerciseIncidentId !== i.id) continue;
      const patch = { detectMinutes: times.detect, escalateMinutes: times.escalate, reportMinutes: times.report, status: 'completed' };
      await this.db.repo(Training).update({ firmId: scope.firmId, id: t.id }, patch);
      await this.audit.record({ entity: 'trainings', entityId: t.id, clientId: t.clientId, action: 'update', before: audited(t), after: audited({ ...t, ...patch }) });
    }
  }

  private today() {
    return todayIn(this.db.scope.timeZone);
  }

  async list(query: ListQuery): Promise<Page<TrainingRecord>> {
    const scope = this.access.require('trainings', 'list');
    const parsed = parseListQuery(query, LIST, EXTRA_FILTERS);
    const { date_gte, date_lte, due, dueWithinDays, drill, ...rest } = parsed.filter;
    const qb = this.db.repo(Training).createQueryBuilder('t').where('t.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('t.client_id = any(:clientIds)', { clientIds: scope.clientIds });
    const errors: FieldError[] = [];
    calendarDateRange(qb, 't.date', { date_gte, date_lte }, scope.timeZone, errors);
    const today = this.today();
    let window: number | null = null;
    if (due !== undefined && due !== null && due !== '') {
      if (!(TRAINING_DUE_FILTERS as readonly unknown[]).includes(due)) errors.push({ field: 'filter.due', message: `must be one of ${TRAINING_DUE_FILTERS.join(', ')}` });
      else if (due === 'overdue') qb.andWhere(`t.status = 'completed' and t.next_due_at < :today::date and not ${RENEWED}`, { today });
      else window = 30;
    }
    if (dueWithinDays !== undefined && dueWithinDays !== null && dueWithinDays !== '') {
      if (!Number.isInteger(dueWithinDays) || (dueWithinDays as number) < 0 || (dueWithinDays as number) > 3660) {
        errors.push({ field: 'filter.dueWithinDays', message: 'must be a whole number of days 0..3660' });
      } else window = dueWithinDays as number;
    }
    if (window !== null) {
      qb.andWhere(`t.status = 'completed' and t.next_due_at between :today::date and :until::date and not ${RENEWED}`, { today, until: addDays(today, window) });
    }
    if (drill !== undefined && drill !== null && drill !== '') {
      if (typeof drill !== 'boolean') errors.push({ field: 'filter.drill', message: 'must be true or false' });
      else qb.andWhere(`t.type ${drill ? '' : 'not '}in ('emergency_drill', 'tabletop_exercise')`);
    }
    if (errors.length) throw badInput(errors);
    applyListQuery(qb, { ...parsed, filter: rest }, LIST);
    const [items, total] = await getManyAndCountCapped(this.db.em, qb, parsed);
    return new Page('trainings', await this.view(items), parsed.start, total);
  }

  async get(id: string): Promise<TrainingRecord> {
    this.access.require('trainings', 'show');
    const [record] = await this.view([await this.find(id)]);
    return record;
  }

  /** The training a link from another record names, if the caller may see it (as firm staff see it), else null. */
  async inScope(id: string): Promise<Training | null> {
    if (!isUuid(id)) return null;
    const x = await this.db.repo(Training).findOneBy({ firmId: this.db.scope.firmId, id });
    return x && canSeeClient(this.db.scope, x.clientId) ? x : null;
  }

  /** A training the caller may see, or 404. */
  async find(id: string): Promise<Training> {
    return this.access.find(Training, id, 'training');
  }

  /** The training as it is now, locked until the request ends (Locks), or 404: every change of a training reads it so. */
  private lock(id: string): Promise<Training> {
    return this.locks.recordInScope(Training, id, 'training');
  }

  /** Records with what they are shown with: the client's operator type (the drill clock) and whether renewed. */
  private async view(items: Training[]): Promise<TrainingRecord[]> {
    if (!items.length) return [];
    const scope = this.db.scope;
    const clientIds = [...new Set(items.map((t) => t.clientId))];
    const ids = items.map((t) => t.id);
    const [operatorTypes, renewed] = await Promise.all([
      this.clients.operatorTypes(clientIds),
      this.db.em.query(RENEWED_OF, [scope.firmId, ids]) as Promise<{ id: string }[]>,
    ]);
    const renewedIds = new Set(renewed.map((r) => r.id));
    const today = this.today();
    return items.map((t) => mapTraining(t, { operatorType: operatorTypes.get(t.clientId) ?? null, renewed: renewedIds.has(t.id), today }));
  }

  /** Participants as stored, with `passed` derived; a score needs attendance. */
  private participants(list: ParticipantDto[] | TrainingParticipant[], passMark: number | null, field = 'participants'): TrainingParticipant[] {
    const errors: FieldError[] = [];
    const out = list.map((p, n) => {
      if (typeof p.score === 'number' && !p.attended) errors.push({ field: `${field}[${n}].score`, message: 'is given for someone who did not attend' });
      return normaliseParticipant(p, passMark);
    });
    if (errors.length) throw badInput(errors);
    return out;
  }

  /** Checks the merged record and sets what is derived from it (passed, counts, next due date). */
  private settle(t: Training, dto: Dto) {
    const errors: FieldError[] = [];
    if (!isCalendarDate(t.date)) errors.push({ field: 'date', message: 'must be a real date YYYY-MM-DD' });
    else if (t.status === 'completed' && t.date > this.today()) errors.push({ field: 'status', message: 'a training dated in the future cannot be completed' });
    if (!isDrill(t.type)) {
      for (const k of DRILL_TIMES) {
        if (t[k] !== null) errors.push({ field: k, message: dto[k] !== undefined ? 'only drills have measured times' : `only drills have measured times: clear it when changing the type to ${t.type}` });
      }
    }
    if (errors.length) throw badInput(errors);
    const f = participationFigures(t.participants, t.passMark);
    t.participantCount = f.participantCount;
    t.attendedCount = f.attendedCount;
    t.assessedCount = f.assessedCount;
    t.passedCount = f.passedCount;
    t.nextDueAt = nextDueDate(t);
  }

  private apply(t: Training, dto: Dto) {
    if (dto.type !== undefined) t.type = dto.type;
    if (dto.title !== undefined) t.title = dto.title.trim();
    if (dto.date !== undefined) t.date = dto.date;
    for (const k of TEXT_FIELDS) if (dto[k] !== undefined) t[k] = dto[k] === null || dto[k]!.trim() === '' ? null : dto[k]!;
    if (dto.durationMinutes !== undefined) t.durationMinutes = dto.durationMinutes;
    if (dto.deliveryMode !== undefined) t.deliveryMode = dto.deliveryMode;
    if (dto.status !== undefined) t.status = dto.status;
    if (dto.passMark !== undefined) t.passMark = dto.passMark;
    if (dto.recurrenceMonths !== undefined) t.recurrenceMonths = dto.recurrenceMonths;
    for (const k of DRILL_TIMES) if (dto[k] !== undefined) t[k] = dto[k]!;
    // a new pass mark re-derives the results of the participants kept
    if (dto.participants !== undefined) t.participants = this.participants(dto.participants, t.passMark);
    else if (dto.passMark !== undefined) t.participants = t.participants.map((p) => normaliseParticipant(p, t.passMark));
  }

  async create(dto: CreateTrainingDto): Promise<TrainingRecord> {
    const scope = this.access.require('trainings', 'create');
    // kept active until this training is in (an offboarding of the client waits for it: Locks.shared)
    const client = await this.clients.requireUsable(dto.clientId, { active: true });
    const t = this.db.repo(Training).create({
      firmId: scope.firmId, id: randomUUID(), clientId: client.id, type: dto.type, title: '', legalBasis: null, date: dto.date, durationMinutes: null,
      deliveryMode: null, trainer: null, objectives: null, scenario: null, status: 'planned', participants: [], passMark: null, recurrenceMonths: null,
      detectMinutes: null, escalateMinutes: null, reportMinutes: null, createdById: scope.userId,
    });
    this.apply(t, dto);
    this.settle(t, dto);
    await this.db.repo(Training).insert(t);
    const saved = await this.find(t.id);
    await this.audit.record({ entity: 'trainings', entityId: t.id, clientId: t.clientId, action: 'create', after: audited(saved) });
    return this.get(t.id);
  }

  async update(id: string, dto: UpdateTrainingDto): Promise<TrainingRecord> {
    const scope = this.access.require('trainings', 'edit');
    const before = await this.lock(id);
    const t: Training = Object.assign(new Training(), before, { participants: [...before.participants] });
    this.apply(t, dto);
    this.settle(t, dto);
    const { firmId: _f, id: _i, createdAt: _c, updatedAt: _u, ...given } = t;
    // only what differs from the training as it is now: a PUT that changes nothing (a second "completed") is no history
    const patch = changedFields(before, given);
    if (!Object.keys(patch).length) return this.get(id);
    await this.db.repo(Training).update({ firmId: scope.firmId, id }, patch);
    const after = await this.find(id);
    const action = before.status !== after.status ? 'transition' : 'update';
    await this.audit.record({ entity: 'trainings', entityId: id, clientId: after.clientId, action, before: audited(before), after: audited(after) });
    return this.get(id);
  }

  /**
   * Participants from a CSV file (header name,department,attended,score; UTF-8 with or without BOM). Any bad line →
   * 400 with one error per bad line (`file`: `line N: …`) and nothing imported. `replace` (default) replaces the
   * list, `append` adds to it.
   */
  async importParticipants(id: string, file: { buffer?: Buffer; originalname?: string } | undefined, mode: string | undefined): Promise<TrainingRecord> {
    const scope = this.access.require('trainings', 'edit');
    // locked: two imports that append both land, one after the other
    const before = await this.lock(id);
    if (mode !== undefined && mode !== 'replace' && mode !== 'append') throw fieldError('mode', 'must be replace or append');
    if (!file?.buffer?.length) throw fieldError('file', 'a CSV file is required');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file.buffer);
    } catch {
      throw fieldError('file', 'must be UTF-8 text (in a spreadsheet program: save as "CSV UTF-8")');
    }
    const textProblems = text.split(/\r\n|\r|\n/).flatMap((line, i) => textErrors(line, `participants line ${i + 1}`));
    if (textProblems.length) throw badInput(textProblems);
    const parsed = parseParticipantsCsv(text, before.passMark);
    if (!parsed.ok) throw badInput(parsed.errors.map((e) => ({ field: 'file', message: e.message })));
    const participants = mode === 'append' ? [...before.participants, ...parsed.participants] : parsed.participants;
    if (participants.length > MAX_PARTICIPANTS) throw fieldError('file', `a training has at most ${MAX_PARTICIPANTS} participants`);
    const t: Training = Object.assign(new Training(), before, { participants });
    this.settle(t, {});
    await this.db.repo(Training).update({ firmId: scope.firmId, id }, {
      participants, participantCount: t.participantCount, attendedCount: t.attendedCount, assessedCount: t.assessedCount, passedCount: t.passedCount,
    });
    const after = await this.find(id);
    await this.audit.record({
      entity: 'trainings', entityId: id, clientId: after.clientId, action: 'update', before: { participants: before.participants }, after: { participants: after.participants },
      changes: { import: { before: null, after: { fileName: file.originalname ?? null, mode: mode ?? 'replace', rows: parsed.participants.length } } },
    });
    return this.get(id);
  }
}
