/**
 * The obligations domain's SQL for recomputing clocks (ObligationsService.recomputeMany): each statement takes the
 * clocks of any number of incidents as arrays, so that a firm incident's children are recomputed in a few statements.
 */

/** Changed clocks: new due and start times, source, authority, audience and calendar warning (jsonb given as text). */
export const UPDATE_CLOCKS = `
  update obligations o
     set due_at = u.due_at, starts_at = u.starts_at, source = u.source, authority = u.authority, audience = u.audience, warning = u.warning,
         updated_at = CURRENT_TIMESTAMP
    from unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::jsonb[], $7::text[], $8::jsonb[])
         as u(id, due_at, starts_at, source, authority, audience, warning)
   where o.firm_id = $1 and o.id = u.id`;

/** Clocks whose rule no longer applies to their incident. */
export const NOT_APPLICABLE = `
  update obligations set status = 'not_applicable', updated_at = CURRENT_TIMESTAMP where firm_id = $1 and id = any($2::uuid[])`;

/** Clocks that apply again: pending, or met (late) when they were met before. */
export const REAPPLY = `
  update obligations set status = case when fulfilled_at is null then 'pending' when fulfilled_at <= due_at then 'met' else 'met_late' end,
         updated_at = CURRENT_TIMESTAMP
   where firm_id = $1 and id = any($2::uuid[])`;

/** Clocks the incident's own progress meets (acknowledged, resolved): when, met or late, and by which of its times. */
export const MET_BY_PROGRESS = `
  update obligations o set fulfilled_at = m.at, status = m.status, fulfilment_note = m.field, updated_at = CURRENT_TIMESTAMP
    from unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::text[]) as m(id, at, status, field)
   where o.firm_id = $1 and o.id = m.id`;
