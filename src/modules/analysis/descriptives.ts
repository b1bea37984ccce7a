import { tQuantile } from './distributions.ts';
import { checkLevel, plural, unavailable, type Interval, type Unavailable } from './outcome.ts';
import { quantileOrdered } from './quantiles.ts';

/**
 * Descriptive statistics of one variable, overall or by group. Missing values (NaN) are left out
 * and counted. The standard deviation divides by n − 1; quartiles and the median are R's default
 * quantile definition (type 7, see quantiles.ts); the confidence interval of the mean is
 * mean ± t(1 − (1 − level)/2, n − 1) × SD / √n.
 */

export const quantileDefinition = 'Hyndman and Fan type 7 (R default)';

export interface Descriptives {
  ok: true;
  n: number;
  missing: number;
  mean: number;
  /** Null for a single value, with the reason in `notes`. */
  sd: number | null;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
  confidenceInterval: Interval | null;
  notes: string[];
}

export type DescriptivesResult = Descriptives | (Unavailable & { n: 0; missing: number });

export interface DescribeOptions {
  /** Confidence level of the interval for the mean; 0.95 when absent. */
  confidence?: number;
}

/**
 * Values in order, either sorted in an array or (for whole numbers in a short range, such as
 * Likert answers) as counts per value; the counts give the same statistics without sorting.
 */
interface Ordered {
  n: number;
  /** The i-th smallest value, from 0. */
  at(index: number): number;
  sum(): number;
  /** Σ (x − mean)². */
  squares(mean: number): number;
}

function sortedValues(sorted: Float64Array): Ordered {
  return {
    n: sorted.length,
    at: (i) => sorted[i]!,
    sum: () => {
      let sum = 0;
      for (let i = 0; i < sorted.length; i += 1) sum += sorted[i]!;
      return sum;
    },
    squares: (mean) => {
      let squares = 0;
      for (let i = 0; i < sorted.length; i += 1) squares += (sorted[i]! - mean) ** 2;
      return squares;
    },
  };
}

/** Whole-number values min … min + counts.length − 1, counts[v − min] of each. */
function countedValues(counts: Int32Array, min: number): Ordered {
  let n = 0;
  for (let v = 0; v < counts.length; v += 1) n += counts[v]!;
  return {
    n,
    at: (index) => {
      let seen = 0;
      for (let v = 0; v < counts.length; v += 1) {
        seen += counts[v]!;
        if (seen > index) return min + v;
      }
      return Number.NaN;
    },
    // Whole numbers add up exactly, so this equals the sum taken value by value.
    sum: () => counts.reduce((a, c, v) => a + c * (min + v), 0),
    squares: (mean) => counts.reduce((a, c, v) => a + c * (min + v - mean) ** 2, 0),
  };
}

function describeOrdered(values: Ordered, missing: number, confidence: number): DescriptivesResult {
  const { n } = values;
  if (n === 0) return { ...unavailable(missing ? `no values (${plural(missing, 'missing value')})` : 'no values'), n: 0, missing };
  const mean = values.sum() / n;
  const notes: string[] = [];
  let sd: number | null = null;
  let confidenceInterval: Descriptives['confidenceInterval'] = null;
  if (n >= 2) {
    sd = Math.sqrt(values.squares(mean) / (n - 1));
    const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
    confidenceInterval = { level: confidence, lower: mean - half, upper: mean + half };
  } else {
    notes.push('one value: no standard deviation or confidence interval');
  }
  return {
    ok: true,
    n,
    missing,
    mean,
    sd,
    median: quantileOrdered(values.at, n, 0.5),
    q1: quantileOrdered(values.at, n, 0.25),
    q3: quantileOrdered(values.at, n, 0.75),
    min: values.at(0),
    max: values.at(n - 1),
    confidenceInterval,
    notes,
  };
}

/** Whole numbers spanning at most this many values are counted rather than sorted. */
const countableSpan = 1000;

/** The lowest and highest present value when every present value is a whole number in a countable span. */
function wholeNumberRange(values: ArrayLike<number>, codes?: ArrayLike<number>, groupCount = 1): { min: number; span: number } | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < values.length; r += 1) {
    const v = values[r]!;
    if (!Number.isFinite(v) || (codes && !(codes[r]! >= 0 && codes[r]! < groupCount))) continue;
    if (Math.floor(v) !== v) return undefined;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { min: 0, span: 1 };
  return max - min < countableSpan && Math.abs(min) < 1e9 ? { min, span: max - min + 1 } : undefined;
}

/** Descriptive statistics of one column (NaN = missing). */
export function describeValues(values: ArrayLike<number>, options: DescribeOptions = {}): DescriptivesResult {
  const confidence = checkLevel(options.confidence ?? 0.95);
  let present = 0;
  for (let i = 0; i < values.length; i += 1) if (Number.isFinite(values[i]!)) present += 1;
  const missing = values.length - present;
  const whole = wholeNumberRange(values);
  if (whole) {
    const counts = new Int32Array(whole.span);
    for (let i = 0; i < values.length; i += 1) {
      const v = values[i]!;
      if (Number.isFinite(v)) counts[v - whole.min]! += 1;
    }
    return describeOrdered(countedValues(counts, whole.min), missing, confidence);
  }
  const sorted = new Float64Array(present);
  let at = 0;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    if (Number.isFinite(v)) sorted[at++] = v;
  }
  return describeOrdered(sortedValues(sorted.sort()), missing, confidence);
}

/** Group membership as small integer codes (−1: in no group) with the key of each code. */
export interface GroupCodes<K> {
  codes: Int32Array;
  keys: K[];
}

/**
 * Codes for grouping by one key per respondent (a unit, a wave, or a combined key such as
 * `${unit}|${wave}`). Null and undefined keys put the respondent in no group. Groups are numbered in
 * order of first appearance, or in the order of `order` when given (keys not in it come after).
 */
export function groupCodes<K extends string | number>(keys: ArrayLike<K | null | undefined>, order: readonly K[] = []): GroupCodes<K> {
  const index = new Map<K, number>();
  const known: K[] = [];
  for (const key of order) {
    if (!index.has(key)) {
      index.set(key, known.length);
      known.push(key);
    }
  }
  const codes = new Int32Array(keys.length);
  for (let r = 0; r < keys.length; r += 1) {
    const key = keys[r];
    if (key === null || key === undefined) {
      codes[r] = -1;
      continue;
    }
    let code = index.get(key);
    if (code === undefined) {
      code = known.length;
      index.set(key, code);
      known.push(key);
    }
    codes[r] = code;
  }
  return { codes, keys: known };
}

/**
 * Splits a column by group code into one array of present values per group (counting sort: one
 * pass to count, one to place). Also returns the missing values per group.
 */
export function splitByGroup(values: ArrayLike<number>, codes: ArrayLike<number>, groupCount: number): { groups: Float64Array[]; missing: Int32Array } {
  if (values.length !== codes.length) throw new Error(`${values.length} values but ${codes.length} group codes`);
  const counts = new Int32Array(groupCount);
  const missing = new Int32Array(groupCount);
  const n = values.length;
  for (let r = 0; r < n; r += 1) {
    const g = codes[r]!;
    if (g < 0 || g >= groupCount) continue;
    if (Number.isFinite(values[r]!)) counts[g]! += 1;
    else missing[g]! += 1;
  }
  const offsets = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g += 1) offsets[g + 1] = offsets[g]! + counts[g]!;
  const placed = new Float64Array(offsets[groupCount]!);
  const cursor = offsets.slice(0, groupCount);
  for (let r = 0; r < n; r += 1) {
    const g = codes[r]!;
    const v = values[r]!;
    if (g < 0 || g >= groupCount || !Number.isFinite(v)) continue;
    placed[cursor[g]!++] = v;
  }
  const groups = Array.from({ length: groupCount }, (_, g) => placed.subarray(offsets[g]!, offsets[g + 1]!));
  return { groups, missing };
}

/**
 * Descriptive statistics for each group (by code, 0 … groupCount − 1) of one column. Whole-number
 * data in a short range (item answers) is counted per group in one pass; other data is split by
 * group and each group sorted.
 */
export function describeByGroup(values: ArrayLike<number>, codes: ArrayLike<number>, groupCount: number, options: DescribeOptions = {}): DescriptivesResult[] {
  const confidence = checkLevel(options.confidence ?? 0.95);
  if (values.length !== codes.length) throw new Error(`${values.length} values but ${codes.length} group codes`);
  const whole = wholeNumberRange(values, codes, groupCount);
  if (whole) {
    const { min, span } = whole;
    const counts = new Int32Array(groupCount * span);
    const missing = new Int32Array(groupCount);
    for (let r = 0; r < values.length; r += 1) {
      const g = codes[r]!;
      if (!(g >= 0 && g < groupCount)) continue;
      const v = values[r]!;
      if (Number.isFinite(v)) counts[g * span + v - min]! += 1;
      else missing[g]! += 1;
    }
    return Array.from({ length: groupCount }, (_, g) => describeOrdered(countedValues(counts.subarray(g * span, (g + 1) * span), min), missing[g]!, confidence));
  }
  const { groups, missing } = splitByGroup(values, codes, groupCount);
  return groups.map((group, g) => describeOrdered(sortedValues(group.sort()), missing[g]!, confidence));
}
