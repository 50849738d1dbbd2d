import { diff } from '../audit/audit.service';

/**
 * The fields of `patch` whose values differ from `before`'s, compared as the audit log compares them: what a PUT
 * really changes. A PUT is idempotent: sent again after it landed (or racing an equal one) it finds nothing to change,
 * writes nothing and leaves no history.
 */
export function changedFields<T extends object>(before: T, patch: Partial<T>): Partial<T> {
  const changed = diff(before, { ...before, ...patch });
  const out: Partial<T> = {};
  for (const k of Object.keys(patch) as (keyof T)[]) if ((k as string) in changed) out[k] = patch[k];
  return out;
}
