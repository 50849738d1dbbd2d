/**
 * The report's statistics: percentiles, rounding, rates, the roll-ups' duration histograms, tallies. (Part of the
 * service reports: see index.ts.)
 */

import type { ObligationTally, ReportDuration } from './types';

/**
 * The continuous percentile of `values` at p ∈ [0, 1] (PostgreSQL percentile_cont, Excel PERCENTILE.INC): sort,
 * h = (n − 1)·p, interpolate between the values at floor(h) and ceil(h). Null for no values; non-finite values are
 * ignored.
 */
export function percentileCont(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within [0, 1]: ${p}`);
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}

export const medianOf = (values: readonly number[]) => percentileCont(values, 0.5);
export const p90Of = (values: readonly number[]) => percentileCont(values, 0.9);

const roundTo = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round((x + Number.EPSILON * Math.sign(x)) * f) / f;
};

/** Hours (and minutes, scores) as reported: rounded to 2 decimals; null stays null. */
export function round2(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : roundTo(x, 2);
}

/** n / d rounded to 4 decimals; null when d is 0. */
export function rateOf(n: number, d: number): number | null {
  return d > 0 ? roundTo(n / d, 4) : null;
}

/** A duration figure from raw hours (as the server gets them from percentile_cont, or from a list in tests). */
export function durationOf(hours: readonly number[]): ReportDuration {
  return { count: hours.length, medianHours: round2(medianOf(hours)), p90Hours: round2(p90Of(hours)) };
}

// The duration histograms of the roll-ups (server migration 1764700000000-report-rollups, SQL report_hours_bucket):
// bucket 0 holds |h| < HOURS_BUCKET_MIN; bucket k > 0 holds [MIN·r^(k−1), MIN·r^k), bucket −k the same negated.

export const HOURS_BUCKET_RATIO = 1.04;
export const HOURS_BUCKET_MIN = 1e-4;

/** The bucket of a duration in hours, as the SQL function computes it. */
export function hoursBucket(h: number): number {
  if (Math.abs(h) < HOURS_BUCKET_MIN) return 0;
  const k = 1 + Math.floor(Math.log(Math.abs(h) / HOURS_BUCKET_MIN) / Math.log(HOURS_BUCKET_RATIO));
  return h > 0 ? k : -k;
}

/**
 * The value standing for every duration of a bucket: the geometric middle of its bounds, within a factor √r of any
 * value in it (±2 % for r = 1.04); 0 for bucket 0.
 */
export function hoursBucketValue(k: number): number {
  if (k === 0) return 0;
  const v = HOURS_BUCKET_MIN * HOURS_BUCKET_RATIO ** (Math.abs(k) - 0.5);
  return k > 0 ? v : -v;
}

/**
 * percentile_cont over a histogram: the values sorted are the buckets' values, each repeated by its count; h = (n−1)·p
 * and the values at floor(h) and ceil(h) are interpolated as percentileCont does. Every value stands within ±2 % of
 * the real one of the same rank, so the percentile is within ±2 % too (of the same sign). Null for no values.
 */
export function histogramPercentile(buckets: readonly { bucket: number; count: number }[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within [0, 1]: ${p}`);
  const bs = buckets.filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const n = bs.reduce((s, b) => s + b.count, 0);
  if (!n) return null;
  const at = (rank: number): number => {
    let seen = 0;
    for (const b of bs) {
      seen += b.count;
      if (rank < seen) return hoursBucketValue(b.bucket);
    }
    return hoursBucketValue(bs[bs.length - 1].bucket);
  };
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return at(lo) + (h - lo) * (at(hi) - at(lo));
}

/** A duration figure from a histogram (count exact, median and p90 within ±2 %). */
export function durationFromHistogram(buckets: readonly { bucket: number; count: number }[]): ReportDuration {
  return {
    count: buckets.reduce((s, b) => s + b.count, 0),
    medianHours: round2(histogramPercentile(buckets, 0.5)),
    p90Hours: round2(histogramPercentile(buckets, 0.9)),
  };
}

/** The tally of obligations with its on-time rate. */
export function obligationTally(counts: { metOnTime?: number; metLate?: number; missed?: number; pending?: number; waived?: number }): ObligationTally {
  const metOnTime = counts.metOnTime ?? 0;
  const metLate = counts.metLate ?? 0;
  const missed = counts.missed ?? 0;
  const pending = counts.pending ?? 0;
  const waived = counts.waived ?? 0;
  return { total: metOnTime + metLate + missed + pending, metOnTime, metLate, missed, pending, waived, onTimeRate: rateOf(metOnTime, metOnTime + metLate + missed) };
}

/** The sum of several tallies, its rate recomputed. */
export function sumTallies(ts: readonly ObligationTally[]): ObligationTally {
  return obligationTally({
    metOnTime: ts.reduce((s, t) => s + t.metOnTime, 0),
    metLate: ts.reduce((s, t) => s + t.metLate, 0),
    missed: ts.reduce((s, t) => s + t.missed, 0),
    pending: ts.reduce((s, t) => s + t.pending, 0),
    waived: ts.reduce((s, t) => s + t.waived, 0),
  });
}

/** Mean of the values (rounded to 2 decimals), null for none. */
export function averageOf(values: readonly number[]): number | null {
  return values.length ? round2(values.reduce((s, v) => s + v, 0) / values.length) : null;
}
