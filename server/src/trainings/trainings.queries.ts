/**
 * The trainings domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** A later (not cancelled) training of the same client and type renews this one (`t`): it no longer falls due. */
export const RENEWED = `exists (select 1 from trainings r where r.firm_id = t.firm_id and r.client_id = t.client_id and r.type = t.type
  and r.status <> 'cancelled' and r.date > t.date)`;

/** Which of some trainings ($1 firm, $2 ids) are renewed. */
export const RENEWED_OF = `select t.id from trainings t where t.firm_id = $1 and t.id = any($2) and ${RENEWED}`;

/**
 * A closed exercise's times in whole minutes ($2: the exercise incident): `detect` from the start of the scenario (the
 * exercise opened: reported_at) to the incident confirmed (confirmed_at); `escalate` from then to its first grading;
 * `report` from discovery (detected_at, when the reporting clock starts) to the PRC first report met. Null for a step
 * the exercise never reached.
 */
export const EXERCISE_TIMES = `
  select floor(extract(epoch from i.confirmed_at - i.reported_at) / 60)::int as detect,
         floor(extract(epoch from greatest(g.first_at - i.confirmed_at, interval '0')) / 60)::int as escalate,
         floor(extract(epoch from o.fulfilled_at - i.detected_at) / 60)::int as report
    from incidents i
    left join lateral (select min(g.graded_at) as first_at from gradings g where g.firm_id = i.firm_id and g.incident_id = i.id) g on true
    left join lateral (select min(o.fulfilled_at) as fulfilled_at from obligations o
                        where o.firm_id = i.firm_id and o.incident_id = i.id and o.rule = 'prc_incident_report' and o.fulfilled_at is not null) o on true
   where i.firm_id = $1 and i.id = $2`;
