/**
 * Agreement between coders: Cohen's kappa for two coders and Krippendorff's alpha (nominal) for
 * any number of coders with missing values, both through contingency or coincidence tables so
 * that callers with millions of units (every character of a transcript) can pass counts.
 *
 * Ratings are numbers standing for categories; `NaN` marks a unit a coder did not rate.
 * A statistic that cannot be computed is `null` with the reason beside it, never `NaN`: when
 * neither coder ever used a code there is no variation, and chance agreement cannot be told
 * apart from real agreement (observed agreement is then reported as 1).
 */

export interface KappaResult {
  /** Units rated by both coders. */
  units: number;
  /** Proportion of those units on which the coders agreed. */
  observed: number | null;
  /** Agreement expected by chance from each coder's own proportions. */
  expected: number | null;
  kappa: number | null;
  /** Why `kappa` is null. */
  reason?: string;
}

export interface AlphaResult {
  /** Pairable values: values in units that at least two coders rated. */
  values: number;
  /** Proportion of pairs of values that agree (1 − observed disagreement). */
  observed: number | null;
  alpha: number | null;
  reason?: string;
}

/**
 * A square table of counts: rows are coder A's categories, columns coder B's, in the same order.
 * This is the form psych::cohen.kappa reads as well.
 */
export type ContingencyTable = readonly (readonly number[])[];

const noUnits = 'No unit was rated by both coders.';
const noVariation = 'Both coders put every unit in the same single category, so agreement cannot be told from chance.';

/** Cohen's (unweighted) kappa from a square contingency table of counts. */
export function kappaFromTable(table: ContingencyTable): KappaResult {
  const k = table.length;
  for (const row of table) if (row.length !== k) throw new RangeError('A contingency table must be square');
  let n = 0;
  let agree = 0;
  const rowTotals = new Array<number>(k).fill(0);
  const columnTotals = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i += 1) {
    for (let j = 0; j < k; j += 1) {
      const count = table[i]![j]!;
      if (!(count >= 0)) throw new RangeError('Counts must be zero or more');
      n += count;
      rowTotals[i]! += count;
      columnTotals[j]! += count;
      if (i === j) agree += count;
    }
  }
  if (n === 0) return { units: 0, observed: null, expected: null, kappa: null, reason: noUnits };
  const observed = agree / n;
  let expected = 0;
  for (let i = 0; i < k; i += 1) expected += (rowTotals[i]! / n) * (columnTotals[i]! / n);
  // Chance agreement of 1 happens only when both coders used one and the same category throughout.
  if (1 - expected < 1e-12) return { units: n, observed, expected, kappa: null, reason: noVariation };
  return { units: n, observed, expected, kappa: (observed - expected) / (1 - expected) };
}

/** The categories used in any of the columns, sorted, without NaN. */
function categoriesOf(columns: readonly ArrayLike<number>[]): number[] {
  const seen = new Set<number>();
  for (const column of columns) {
    for (let i = 0; i < column.length; i += 1) if (Number.isFinite(column[i]!)) seen.add(column[i]!);
  }
  return [...seen].sort((a, b) => a - b);
}

/** Cohen's kappa from two coders' ratings of the same units; units either left unrated are dropped. */
export function cohenKappa(a: ArrayLike<number>, b: ArrayLike<number>): KappaResult {
  if (a.length !== b.length) throw new RangeError(`The coders rated different numbers of units (${a.length} and ${b.length})`);
  const categories = categoriesOf([a, b]);
  const index = new Map(categories.map((c, i) => [c, i]));
  const table = categories.map(() => new Array<number>(categories.length).fill(0));
  for (let u = 0; u < a.length; u += 1) {
    const x = a[u]!;
    const y = b[u]!;
    if (Number.isFinite(x) && Number.isFinite(y)) table[index.get(x)!]![index.get(y)!]! += 1;
  }
  return kappaFromTable(table);
}

/**
 * Krippendorff's coincidence matrix: every unit with m ≥ 2 values adds, for each ordered pair of
 * its values from different coders, 1/(m − 1) to the cell of that pair of categories. Units with
 * fewer than two values are not pairable and add nothing.
 */
export function coincidenceMatrix(ratings: readonly ArrayLike<number>[]): { categories: number[]; matrix: number[][] } {
  const units = ratings[0]?.length ?? 0;
  for (const coder of ratings) if (coder.length !== units) throw new RangeError('Every coder must have a value (or NaN) for every unit');
  const categories = categoriesOf(ratings);
  const index = new Map(categories.map((c, i) => [c, i]));
  const matrix = categories.map(() => new Array<number>(categories.length).fill(0));
  const counts = new Array<number>(categories.length).fill(0);
  for (let u = 0; u < units; u += 1) {
    counts.fill(0);
    let m = 0;
    for (const coder of ratings) {
      const value = coder[u]!;
      if (Number.isFinite(value)) {
        counts[index.get(value)!]! += 1;
        m += 1;
      }
    }
    if (m < 2) continue;
    for (let c = 0; c < categories.length; c += 1) {
      if (!counts[c]) continue;
      for (let k = 0; k < categories.length; k += 1) {
        // Ordered pairs of distinct values: n_c·n_k across categories, n_c·(n_c − 1) within one.
        const pairs = c === k ? counts[c]! * (counts[c]! - 1) : counts[c]! * counts[k]!;
        if (pairs) matrix[c]![k]! += pairs / (m - 1);
      }
    }
  }
  return { categories, matrix };
}

/** Krippendorff's alpha for nominal data from a coincidence matrix: 1 − (n − 1)·Σ o_ck / Σ n_c·n_k, c ≠ k. */
export function nominalAlphaFromCoincidences(matrix: readonly (readonly number[])[]): AlphaResult {
  const k = matrix.length;
  const totals = matrix.map((row) => row.reduce((sum, v) => sum + v, 0));
  const n = totals.reduce((sum, v) => sum + v, 0);
  if (n < 2) return { values: n, observed: null, alpha: null, reason: 'Fewer than two values could be paired: no unit was rated by two coders.' };
  let disagreeing = 0;
  let expectedPairs = 0;
  for (let c = 0; c < k; c += 1) {
    for (let j = 0; j < k; j += 1) {
      if (c === j) continue;
      disagreeing += matrix[c]![j]!;
      expectedPairs += totals[c]! * totals[j]!;
    }
  }
  const observed = 1 - disagreeing / n;
  if (expectedPairs === 0) return { values: n, observed, alpha: null, reason: 'Every value is in the same category: there is no variation for alpha to measure agreement on.' };
  return { values: n, observed, alpha: 1 - ((n - 1) * disagreeing) / expectedPairs };
}

/** Krippendorff's alpha (nominal) from coders' ratings: one array per coder, one value (or NaN) per unit. */
export function krippendorffAlphaNominal(ratings: readonly ArrayLike<number>[]): AlphaResult {
  return nominalAlphaFromCoincidences(coincidenceMatrix(ratings).matrix);
}

/**
 * Two coders, every unit rated by both, two categories (applied or not), given as counts: the
 * form agreement by character takes, where a transcript has tens of thousands of units.
 */
export interface BinaryAgreementCounts {
  /** Units neither coder applied the code to. */
  neither: number;
  /** Units only coder A applied it to. */
  onlyA: number;
  /** Units only coder B applied it to. */
  onlyB: number;
  /** Units both applied it to. */
  both: number;
}

export function binaryKappa(counts: BinaryAgreementCounts): KappaResult {
  return kappaFromTable([
    [counts.neither, counts.onlyB],
    [counts.onlyA, counts.both],
  ]);
}

export function binaryAlpha(counts: BinaryAgreementCounts): AlphaResult {
  // Each unit holds two values; each ordered pair of them adds 1/(2 − 1) = 1 to its cell.
  const differ = counts.onlyA + counts.onlyB;
  return nominalAlphaFromCoincidences([
    [2 * counts.neither, differ],
    [differ, 2 * counts.both],
  ]);
}
