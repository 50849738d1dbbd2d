/**
 * What is wrong with a report's period, each problem named by its field. (Part of the service reports: see index.ts.)
 */

import { isCalendarDate } from '../trainings';
import { monthsInPeriod } from './time-zone';
import { MAX_REPORT_MONTHS } from './types';

export interface ReportParamProblem {
  field: string;
  message: string;
}

/** What is wrong with a period `from`..`to` (each problem named by its field). */
export function periodProblems(from: unknown, to: unknown): ReportParamProblem[] {
  const out: ReportParamProblem[] = [];
  if (from === undefined || from === null || from === '') out.push({ field: 'from', message: 'is required (YYYY-MM-DD)' });
  else if (!isCalendarDate(from)) out.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
  if (to === undefined || to === null || to === '') out.push({ field: 'to', message: 'is required (YYYY-MM-DD)' });
  else if (!isCalendarDate(to)) out.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
  if (out.length) return out;
  if ((to as string) < (from as string)) return [{ field: 'to', message: 'must not be before from' }];
  if (monthsInPeriod(from as string, to as string).length > MAX_REPORT_MONTHS) {
    return [{ field: 'to', message: `the period may cover at most ${MAX_REPORT_MONTHS} months` }];
  }
  return out;
}
