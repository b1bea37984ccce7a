/** The summary of one sample that comparisons need: size, mean and standard deviation (n − 1). */
export interface SampleSummary {
  n: number;
  mean: number;
  /** NaN when n < 2. */
  sd: number;
}

/** n, mean and SD (two-pass, dividing by n − 1) of the present values of a column. */
export function summarise(values: ArrayLike<number>): SampleSummary {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      n += 1;
      sum += v;
    }
  }
  const mean = n ? sum / n : Number.NaN;
  let squares = 0;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    if (Number.isFinite(v)) squares += (v - mean) * (v - mean);
  }
  return { n, mean, sd: n >= 2 ? Math.sqrt(squares / (n - 1)) : Number.NaN };
}

/** A summary given by a caller (for example a published norm) checked for use in a comparison. */
export function checkSummary(summary: SampleSummary, what: string): string | undefined {
  if (!Number.isInteger(summary.n) || summary.n < 2) return `${what} has fewer than two cases`;
  if (!Number.isFinite(summary.mean)) return `${what} has no mean`;
  if (!Number.isFinite(summary.sd) || summary.sd < 0) return `${what} has no standard deviation`;
  return undefined;
}
