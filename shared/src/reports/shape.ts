/**
 * The report's shape from raw counts: the server's SQL gives the counts, this fills in every key, in order. (Part of
 * the service reports: see index.ts.)
 */

import { COMMUNICATION_AUDIENCES } from '../communications';
import { OPERATOR_TYPES } from '../enums';
import { EVALUATION_TYPES } from '../evaluations';
import { GRADES, INCIDENT_CATEGORIES, INCIDENT_NATURES } from '../incident';
import { TRAINING_TYPES } from '../trainings';
import type { KeyCount } from './types';

/** Counts by key, every key of `keys` present (0 when missing), then the "other" key when it has any. */
export function keyCounts<K extends string, O extends string>(keys: readonly K[], other: O, counts: Record<string, number>): KeyCount<K | O>[] {
  const out: KeyCount<K | O>[] = keys.map((key) => ({ key, count: counts[key] ?? 0 }));
  out.push({ key: other, count: counts[other] ?? 0 });
  return out;
}

export const REPORT_GRADE_KEYS = GRADES;
export const REPORT_CATEGORY_KEYS = INCIDENT_CATEGORIES;
export const REPORT_NATURE_KEYS = INCIDENT_NATURES;
export const REPORT_AUDIENCE_KEYS = COMMUNICATION_AUDIENCES;
export const REPORT_EVALUATION_KEYS = EVALUATION_TYPES;
export const REPORT_TRAINING_KEYS = TRAINING_TYPES;
export const REPORT_OPERATOR_KEYS = OPERATOR_TYPES;
