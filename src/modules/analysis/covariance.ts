/**
 * Covariance matrices of item columns (NaN = missing), k × k, row-major in a Float64Array.
 *
 * - listwise: only rows where every column is present; the usual n − 1 covariance.
 * - pairwise: each covariance over the rows where both columns are present, with the means of
 *   those rows (R's cov(x, use = "pairwise")); each variance over the rows where that column is
 *   present. Accumulated as sums of values shifted by each column's overall mean, which keeps the
 *   one-pass formula accurate.
 */

export interface CovarianceMatrix {
  k: number;
  /** k × k covariances, row-major. */
  values: Float64Array;
  /** k × k numbers of rows each covariance was computed from. */
  counts: Float64Array;
  /** Rows with every column present. */
  completeRows: number;
  /** Rows with at least one column present. */
  rowsWithData: number;
}

function rowCounts(columns: readonly ArrayLike<number>[], n: number): { complete: Uint8Array; completeRows: number; rowsWithData: number } {
  const complete = new Uint8Array(n);
  let completeRows = 0;
  let rowsWithData = 0;
  for (let r = 0; r < n; r += 1) {
    let present = 0;
    for (const column of columns) if (column[r]! === column[r]!) present += 1;
    if (present === columns.length) {
      complete[r] = 1;
      completeRows += 1;
    }
    if (present > 0) rowsWithData += 1;
  }
  return { complete, completeRows, rowsWithData };
}

function checkLengths(columns: readonly ArrayLike<number>[]): number {
  const n = columns[0]?.length ?? 0;
  for (const column of columns) if (column.length !== n) throw new Error(`item columns differ in length (${column.length} and ${n})`);
  return n;
}

/** Covariances from centred columns with no missing values among the rows used. */
function fullCovariance(centred: Float64Array[], used: number): Float64Array {
  const k = centred.length;
  const values = new Float64Array(k * k);
  for (let i = 0; i < k; i += 1) {
    const a = centred[i]!;
    for (let j = i; j < k; j += 1) {
      const b = centred[j]!;
      let s = 0;
      for (let r = 0; r < a.length; r += 1) s += a[r]! * b[r]!;
      values[i * k + j] = values[j * k + i] = s / (used - 1);
    }
  }
  return values;
}

/** Listwise covariance: complete rows only. */
export function listwiseCovariance(columns: readonly ArrayLike<number>[]): CovarianceMatrix {
  const n = checkLengths(columns);
  const k = columns.length;
  const { complete, completeRows, rowsWithData } = rowCounts(columns, n);
  const centred = columns.map((column) => {
    const kept = new Float64Array(completeRows);
    let at = 0;
    let sum = 0;
    for (let r = 0; r < n; r += 1) {
      if (complete[r]) {
        kept[at++] = column[r]!;
        sum += column[r]!;
      }
    }
    const mean = sum / completeRows;
    for (let r = 0; r < completeRows; r += 1) kept[r]! -= mean;
    return kept;
  });
  const values = completeRows >= 2 ? fullCovariance(centred, completeRows) : new Float64Array(k * k).fill(Number.NaN);
  return { k, values, counts: new Float64Array(k * k).fill(completeRows), completeRows, rowsWithData };
}

/** Pairwise covariance, as R's cov(x, use = "pairwise"). */
export function pairwiseCovariance(columns: readonly ArrayLike<number>[]): CovarianceMatrix {
  const n = checkLengths(columns);
  const k = columns.length;
  const { completeRows, rowsWithData } = rowCounts(columns, n);
  // Each column as a Float64Array shifted by its mean over its present values (NaN stays NaN).
  const shifted = columns.map((column) => {
    let sum = 0;
    let count = 0;
    for (let r = 0; r < n; r += 1) {
      const v = column[r]!;
      if (v === v) {
        sum += v;
        count += 1;
      }
    }
    const mean = count ? sum / count : 0;
    const out = new Float64Array(n);
    for (let r = 0; r < n; r += 1) out[r] = column[r]! - mean;
    return out;
  });
  if (completeRows === n) {
    // Nothing missing: pairwise and listwise agree, and the shifted columns are already centred.
    const values = n >= 2 ? fullCovariance(shifted, n) : new Float64Array(k * k).fill(Number.NaN);
    return { k, values, counts: new Float64Array(k * k).fill(n), completeRows, rowsWithData };
  }
  const values = new Float64Array(k * k);
  const counts = new Float64Array(k * k);
  for (let i = 0; i < k; i += 1) {
    const a = shifted[i]!;
    for (let j = i; j < k; j += 1) {
      const b = shifted[j]!;
      let count = 0;
      let sumA = 0;
      let sumB = 0;
      let sumAB = 0;
      for (let r = 0; r < n; r += 1) {
        const x = a[r]!;
        const y = b[r]!;
        // NaN in either makes the product NaN, which fails the comparison.
        const xy = x * y;
        if (xy === xy) {
          count += 1;
          sumA += x;
          sumB += y;
          sumAB += xy;
        }
      }
      const cov = count >= 2 ? (sumAB - (sumA * sumB) / count) / (count - 1) : Number.NaN;
      values[i * k + j] = values[j * k + i] = cov;
      counts[i * k + j] = counts[j * k + i] = count;
    }
  }
  return { k, values, counts, completeRows, rowsWithData };
}
