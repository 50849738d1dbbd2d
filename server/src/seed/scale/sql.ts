/**
 * The scale data set's weighted random SQL: literals, weighted choices (`case when r < p1 …`), random UUIDs and times
 * evaluated by PostgreSQL. (Part of the scale generator: see index.ts.)
 */


export const lit = (v: string | null) => (v === null ? 'null' : `'${v.replace(/'/g, "''")}'`);
export const textArray = (vs: readonly string[]) => `array[${vs.map(lit).join(',')}]::text[]`;

/** `case when r < p1 then v1 … else vn end` for weighted choices; `r` is uniform in [0, 1). */
export function pick(r: string, choices: readonly (readonly [string | null, number])[]): string {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const whens = choices.slice(0, -1).map(([v, w]) => {
    acc += w / total;
    return `when ${r} < ${acc.toFixed(6)} then ${lit(v)}`;
  });
  return `(case ${whens.join(' ')} else ${lit(choices[choices.length - 1][0])} end)`;
}

/**
 * A random version-4 UUID from four draws of random(), about three times cheaper than gen_random_uuid() (which reads
 * the kernel's random source on every call); millions of them are made here. Uniqueness is checked anyway: the keys
 * are rebuilt after the load.
 */
export const UUID = `encode(int8send(((random() * 4294967296)::bigint << 32 | (random() * 4294967296)::bigint) & ~x'F000'::bigint | x'4000'::bigint)
  || int8send(((random() * 4294967296)::bigint << 32 | (random() * 4294967296)::bigint) & x'3FFFFFFFFFFFFFFF'::bigint | x'8000000000000000'::bigint), 'hex')::uuid`;

/** One element of a text array chosen by `r`. */
export const oneOf = (r: string, vs: readonly string[]) => `(${textArray(vs)})[1 + floor(${r} * ${vs.length})::int]`;

/** Reported time of incident number g: evenly spread over the period, jittered within its own slot (so increasing in g). */
export const reportedAtSql = (g: string) => `p.t0 + ((${g} - 1) + ((${g}::bigint * 2654435761) % 4294967296) / 4294967296.0) * (p.step * interval '1 second')`;
