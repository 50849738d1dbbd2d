/**
 * Rule tables evaluated once in Node through the shared rules (obligations, grading, evaluations, participants,
 * checklist tasks), which the generated SQL joins. (Part of the scale generator: see index.ts.)
 */
import {
  BUILT_IN_EVALUATION_TEMPLATES, BUILT_IN_PLAYBOOK, computeObligations, computeOverallScore, DEFAULT_FIRM_POLICY, EVALUATION_TYPES, type EvaluationCriterion,
  type EvaluationType, type Grade, GRADES, type GradingInputs, normaliseParticipant, type ObligationFacts, participationFigures, suggestGrade, WORK_PHASES,
} from '@incident-desk/shared';
import { DEPARTMENTS, personName, SLA } from './vocabulary';

interface ObligationSpecRow { grade: string | null; op: string; pi: boolean; eu: boolean; hr: boolean; rule: string; audience: string; authority: unknown; source: string; hours: number; fromReported: boolean }

/** Every combination of the facts the obligation rules look at, through the shared computeObligations. */
export function obligationSpecs(): ObligationSpecRow[] {
  const out: ObligationSpecRow[] = [];
  const t0 = '2026-01-01T00:00:00.000Z';
  for (const grade of [null, ...GRADES] as (Grade | null)[]) {
    for (const op of ['cii', 'state_organ', 'other'] as const) {
      for (const pi of [false, true]) {
        for (const eu of [false, true]) {
          for (const hr of [false, true]) {
            const facts: ObligationFacts = {
              grade, status: 'responding', detectedAt: t0, reportedAt: t0, acknowledgedAt: null, resolvedAt: null, personalInfoInvolved: pi,
              sensitivePersonalInfoInvolved: false, euPersonalData: eu, highRiskToIndividuals: hr, operatorType: op, contractSla: SLA,
              policy: DEFAULT_FIRM_POLICY,
            };
            for (const s of computeObligations(facts)) {
              const fromReported = s.rule === 'sla_acknowledge' || s.rule === 'sla_resolve';
              out.push({
                grade, op, pi, eu, hr, rule: s.rule, audience: s.audience, authority: s.authority, source: s.source,
                hours: (Date.parse(s.dueAt) - Date.parse(s.startsAt)) / 3_600_000, fromReported,
              });
            }
          }
        }
      }
    }
  }
  return out;
}

/** Grading inputs whose suggestion is each grade (found by sampling the shared suggestGrade), with the matched rules. */
export function gradingVariants(perGrade = 8): { grade: string; n: number; inputs: GradingInputs; matched: unknown[] }[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const byGrade = new Map<string, { inputs: GradingInputs; matched: unknown[] }[]>();
  for (let k = 0; k < 20000 && [...byGrade.values()].reduce((s, v) => s + Math.min(v.length, perGrade), 0) < perGrade * GRADES.length; k++) {
    const scale = Math.pow(10, rnd() * 8);
    const inputs: GradingInputs = {
      criticalInfrastructureAffected: rnd() < 0.15,
      outageHours: Math.round(rnd() * rnd() * 48),
      peopleAffected: Math.round(scale * rnd()),
      personalInfoRecords: Math.round(scale * rnd() * rnd() * 10),
      directLossRmb: Math.round(scale * rnd() * 100),
      contentSpread: (['none', 'none', 'none', 'limited', 'wide', 'massive'] as const)[Math.floor(rnd() * 6)],
      coreOrImportantData: (['none', 'none', 'none', 'important', 'core'] as const)[Math.floor(rnd() * 5)],
      // asked since (websites, population shares): not varied, so that the generated data stay as they were
      websiteClass: 'none', websiteUnreachableHours: 0, provincePopulationSharePct: 0, cityPopulationSharePct: 0,
    };
    const s = suggestGrade(inputs);
    const list = byGrade.get(s.grade) ?? [];
    if (list.length < perGrade) list.push({ inputs, matched: s.matched.map((r) => ({ id: r.id, grade: r.grade, source: r.source, text: r.text })) });
    byGrade.set(s.grade, list);
  }
  const out: { grade: string; n: number; inputs: GradingInputs; matched: unknown[] }[] = [];
  for (const g of GRADES) {
    const list = byGrade.get(g) ?? [];
    if (!list.length) throw new Error(`no grading inputs found for grade ${g}`);
    for (let n = 0; n < perGrade; n++) out.push({ grade: g, n, ...list[n % list.length] });
  }
  return out;
}

/** Scored criteria per evaluation type from the built-in templates, with the shared overall score. */
export function evaluationVariants(perType = 12) {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: { type: EvaluationType; n: number; scaleMax: number; criteria: EvaluationCriterion[]; overall: number; risk: string | null }[] = [];
  for (const type of EVALUATION_TYPES) {
    const t = BUILT_IN_EVALUATION_TEMPLATES[type];
    for (let n = 0; n < perType; n++) {
      const criteria = t.criteria.map((c) => ({ name: c.name['zh-CN'], weight: c.weight, score: Math.min(t.scaleMax, 1 + Math.floor(rnd() * t.scaleMax)), comment: null }));
      const r = computeOverallScore(criteria, t.scaleMax);
      if (!r.ok || r.overallScore === null) throw new Error(`evaluation variant of ${type} does not score`);
      const s = r.overallScore;
      const risk = type === 'impact_assessment' ? (s >= 80 ? 'critical' : s >= 60 ? 'high' : s >= 40 ? 'medium' : 'low')
        : type === 'security_assessment' ? (s >= 80 ? 'low' : s >= 60 ? 'medium' : s >= 40 ? 'high' : 'critical') : null;
      out.push({ type, n, scaleMax: t.scaleMax, criteria, overall: s, risk });
    }
  }
  return out;
}

/** Participant lists with their shared figures. */
export function participantVariants(count = 24) {
  let seed = 99;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const passMark = 60;
  const out: { n: number; participants: unknown[]; participantCount: number; attendedCount: number; assessedCount: number; passedCount: number }[] = [];
  for (let n = 0; n < count; n++) {
    const size = 6 + Math.floor(rnd() * 30);
    const list = Array.from({ length: size }, (_, k) => {
      const attended = rnd() < 0.88;
      return normaliseParticipant({
        name: personName(n * 37 + k * 11 + Math.floor(rnd() * 400)), department: DEPARTMENTS[Math.floor(rnd() * DEPARTMENTS.length)], attended,
        score: attended && rnd() < 0.9 ? 40 + Math.floor(rnd() * 61) : null, acknowledged: attended && rnd() < 0.8,
      }, passMark);
    });
    const f = participationFigures(list, passMark);
    out.push({ n, participants: list, participantCount: f.participantCount, attendedCount: f.attendedCount, assessedCount: f.assessedCount, passedCount: f.passedCount });
  }
  return out;
}

/** Tasks per incident from the built-in playbook: the first task of each phase, then the next ones round-robin. */
export function taskDefs(perIncident: number) {
  const byPhase = WORK_PHASES.map((phase) => BUILT_IN_PLAYBOOK.tasks.map((t, position) => ({ t, position })).filter((x) => x.t.phase === phase));
  const chosen: { t: (typeof BUILT_IN_PLAYBOOK.tasks)[number]; position: number }[] = [];
  for (let round = 0; chosen.length < Math.min(perIncident, BUILT_IN_PLAYBOOK.tasks.length); round++) {
    for (const list of byPhase) if (list[round] && chosen.length < perIncident) chosen.push(list[round]);
  }
  return chosen.map(({ t, position }) => ({
    phase: t.phase, phaseRank: WORK_PHASES.indexOf(t.phase as (typeof WORK_PHASES)[number]) + 1, key: t.key, section: t.section ?? null,
    title: t.title['zh-CN'], titleEn: t.title.en, required: t.required, dueHours: t.dueHours ?? null, position,
  }));
}
