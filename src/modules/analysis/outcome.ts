/**
 * Conventions shared by every function in the analysis module.
 *
 * Missing values: numeric inputs are `ArrayLike<number>` (a `Float64Array` or a `number[]`) in
 * which `NaN` marks a missing value. `toValues` turns a list with `null`/`undefined` into that
 * form. Score columns returned by scoring use the same convention. Statistics returned to callers
 * are never `NaN` or infinite: when a statistic cannot be computed the result says so in words,
 * either as `{ ok: false, reason }` for the whole result or as a `null` field with a reason beside it.
 */

/** A result that could not be computed, with the reason in words a report can print. */
export interface Unavailable {
  ok: false;
  reason: string;
}

export const unavailable = (reason: string): Unavailable => ({ ok: false, reason });

/** A number for callers, or null when it is not a finite number. */
export const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** A list of possibly-null numbers as a `Float64Array` with `NaN` for each missing value. */
export function toValues(values: ArrayLike<number | null | undefined>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    out[i] = typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
  }
  return out;
}

/** The present (non-missing, finite) values of a column, in order. */
export function presentValues(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i += 1) if (Number.isFinite(values[i]!)) count += 1;
  const out = new Float64Array(count);
  let at = 0;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[at++] = v;
  }
  return out;
}

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** A confidence interval and its level (0.95 for 95%). */
export interface Interval {
  level: number;
  lower: number;
  upper: number;
}

/** Checks a confidence level given by a caller. */
export function checkLevel(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence must be between 0 and 1, not ${level}`);
  return level;
}
