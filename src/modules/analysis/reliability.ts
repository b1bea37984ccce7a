import { listwiseCovariance, pairwiseCovariance, type CovarianceMatrix } from './covariance.ts';
import { plural, unavailable, type Unavailable } from './outcome.ts';

/**
 * Internal consistency of a scale's items (keyed columns, NaN = missing; see keyedItemColumns).
 *
 * From the item covariance matrix C (k items) and the correlation matrix R = C scaled by the item
 * standard deviations (R_ij = C_ij / √(C_ii C_jj)):
 * - raw alpha = k/(k − 1) × (1 − tr C / ΣC) (Cronbach 1951);
 * - standardised alpha = k/(k − 1) × (1 − k / ΣR);
 * - average inter-item correlation = (ΣR − k) / (k(k − 1));
 * - alpha if item deleted: the same three with item i's row and column removed;
 * - corrected item-total correlation of item i (r.drop) = (Σ_j C_ij − C_ii) / √(C_ii × ΣC without i),
 *   the correlation of the item with the sum of the other items.
 * These are the formulas of R's psych::alpha (Revelle), which the tests check to 1e-6.
 *
 * Missing data: 'listwise' uses only respondents who answered every item. 'pairwise' computes each
 * covariance from the respondents who answered both items and each variance from everyone who
 * answered the item — what psych::alpha does by default (use = "pairwise"), so R is scaled by
 * those variances, not by pairwise ones. Items with fewer than two answers or no variation are left
 * out (psych drops items with no variance too) and listed with the reason.
 */

export type MissingDataRule = 'pairwise' | 'listwise';

export interface ReliabilityOptions {
  missing: MissingDataRule;
  /** Names of the items, in column order; "item 1", "item 2" … when absent. */
  items?: readonly string[];
}

export interface AlphaIfDeleted {
  raw: number;
  standardised: number;
  averageInterItemCorrelation: number;
}

export interface ItemReliability {
  item: string;
  /** Answers used for this item's mean and SD. */
  n: number;
  mean: number;
  sd: number;
  /** Corrected item-total correlation (psych: r.drop); null when it cannot be computed. */
  correctedItemTotal: number | null;
  /** Null when deleting the item would leave one item, with the reason in the result's notes. */
  alphaIfDeleted: AlphaIfDeleted | null;
}

export interface Reliability {
  ok: true;
  missing: MissingDataRule;
  /** The missing-data convention in words, to print with the result. */
  convention: string;
  /** Items used. */
  k: number;
  /** Respondents who answered every item used. */
  completeCases: number;
  /** Respondents contributing: complete cases (listwise) or those who answered any item used (pairwise). */
  respondents: number;
  rawAlpha: number;
  standardisedAlpha: number;
  averageInterItemCorrelation: number;
  items: ItemReliability[];
  excluded: { item: string; reason: string }[];
  notes: string[];
}

export type ReliabilityResult = Reliability | (Unavailable & { missing: MissingDataRule; excluded: { item: string; reason: string }[] });

export const missingDataConventions: Record<MissingDataRule, string> = {
  listwise: 'Listwise deletion: only respondents who answered every item are used.',
  pairwise:
    'Pairwise deletion: each covariance uses the respondents who answered both items, and each item variance everyone who answered that item (as R psych::alpha by default).',
};

interface Moments {
  n: number;
  mean: number;
  sd: number;
}

function moments(column: ArrayLike<number>, rows?: Uint8Array): Moments {
  let n = 0;
  let sum = 0;
  for (let r = 0; r < column.length; r += 1) {
    const v = column[r]!;
    if (v === v && (!rows || rows[r])) {
      n += 1;
      sum += v;
    }
  }
  const mean = n ? sum / n : Number.NaN;
  let squares = 0;
  for (let r = 0; r < column.length; r += 1) {
    const v = column[r]!;
    if (v === v && (!rows || rows[r])) squares += (v - mean) * (v - mean);
  }
  return { n, mean, sd: n >= 2 ? Math.sqrt(squares / (n - 1)) : Number.NaN };
}

function completeRowsOf(columns: readonly ArrayLike<number>[], n: number): Uint8Array {
  const rows = new Uint8Array(n).fill(1);
  for (const column of columns) for (let r = 0; r < n; r += 1) if (column[r]! !== column[r]!) rows[r] = 0;
  return rows;
}

function alphaFrom(k: number, traceC: number, sumC: number, sumR: number): AlphaIfDeleted {
  const factor = k / (k - 1);
  return {
    raw: factor * (1 - traceC / sumC),
    standardised: factor * (1 - k / sumR),
    averageInterItemCorrelation: (sumR - k) / (k * (k - 1)),
  };
}

function fromCovariance(matrix: CovarianceMatrix, names: string[], stats: Moments[]): { ok: true; result: Omit<Reliability, 'ok' | 'missing' | 'convention' | 'excluded' | 'respondents' | 'completeCases'> } | Unavailable {
  const { k, values: C } = matrix;
  for (let i = 0; i < k; i += 1) {
    for (let j = i + 1; j < k; j += 1) {
      if (!Number.isFinite(C[i * k + j]!)) return unavailable(`items ${names[i]} and ${names[j]} were answered together by fewer than two respondents`);
    }
  }
  const sd = Float64Array.from({ length: k }, (_, i) => Math.sqrt(C[i * k + i]!));
  const rowSumC = new Float64Array(k);
  const rowSumR = new Float64Array(k);
  let sumC = 0;
  let sumR = 0;
  let traceC = 0;
  for (let i = 0; i < k; i += 1) {
    traceC += C[i * k + i]!;
    for (let j = 0; j < k; j += 1) {
      const c = C[i * k + j]!;
      const r = i === j ? 1 : c / (sd[i]! * sd[j]!);
      rowSumC[i]! += c;
      rowSumR[i]! += r;
    }
    sumC += rowSumC[i]!;
    sumR += rowSumR[i]!;
  }
  if (!(sumC > 0)) return unavailable('the variance of the total score is zero or negative, so alpha is undefined');
  const total = alphaFrom(k, traceC, sumC, sumR);
  const notes: string[] = [];
  if (k === 2) notes.push('alpha if item deleted is not given for a two-item scale: one item would remain');
  const items = names.map((item, i): ItemReliability => {
    const cii = C[i * k + i]!;
    const sumWithout = sumC - 2 * rowSumC[i]! + cii;
    const rDrop = (rowSumC[i]! - cii) / Math.sqrt(cii * sumWithout);
    let alphaIfDeleted: AlphaIfDeleted | null = null;
    if (k > 2) {
      const dropped = alphaFrom(k - 1, traceC - cii, sumWithout, sumR - 2 * rowSumR[i]! + 1);
      if (sumWithout > 0 && Object.values(dropped).every(Number.isFinite)) alphaIfDeleted = dropped;
      else notes.push(`alpha if ${item} is deleted is undefined: the other items' total has no variance`);
    }
    const s = stats[i]!;
    return { item, n: s.n, mean: s.mean, sd: s.sd, correctedItemTotal: Number.isFinite(rDrop) ? rDrop : null, alphaIfDeleted };
  });
  return { ok: true, result: { k, rawAlpha: total.raw, standardisedAlpha: total.standardised, averageInterItemCorrelation: total.averageInterItemCorrelation, items, notes } };
}

/** Cronbach's alpha (raw and standardised) with item statistics; see the notes at the top of this file. */
export function cronbachAlpha(columns: readonly ArrayLike<number>[], options: ReliabilityOptions): ReliabilityResult {
  const { missing } = options;
  if (missing !== 'pairwise' && missing !== 'listwise') throw new Error(`missing must be 'pairwise' or 'listwise', not ${String(missing)}`);
  const names = options.items ? [...options.items] : columns.map((_, i) => `item ${i + 1}`);
  if (names.length !== columns.length) throw new Error(`${names.length} item names for ${columns.length} columns`);
  const n = columns[0]?.length ?? 0;
  for (const column of columns) if (column.length !== n) throw new Error('item columns differ in length');
  const excluded: { item: string; reason: string }[] = [];
  const fail = (reason: string): ReliabilityResult => ({ ...unavailable(reason), missing, excluded });

  // Leave out items that cannot take part, first on all their answers, then (listwise) on complete rows.
  let kept = columns.map((_, i) => i);
  const allAnswers = columns.map((column) => moments(column));
  const screen = (rows?: Uint8Array): boolean => {
    const before = kept.length;
    kept = kept.filter((i) => {
      const m = rows ? moments(columns[i]!, rows) : allAnswers[i]!;
      const reason = m.n < 2 ? `fewer than two answers${rows ? ' among respondents who answered every item' : ''}` : m.sd === 0 ? `every answer is the same${rows ? ' among respondents who answered every item' : ''}` : '';
      if (reason) excluded.push({ item: names[i]!, reason });
      return !reason;
    });
    return kept.length !== before;
  };
  if (columns.length >= 2 && n < 2) return fail(`alpha needs at least two respondents; there ${n === 1 ? 'is one' : 'are none'}`);
  screen();
  let rows: Uint8Array | undefined;
  if (missing === 'listwise') {
    let complete = 0;
    do {
      rows = completeRowsOf(kept.map((i) => columns[i]!), n);
      complete = rows.reduce((a, b) => a + b, 0);
    } while (kept.length >= 2 && complete >= 2 && screen(rows));
    if (kept.length >= 2 && complete < 2) return fail('fewer than two respondents answered every item');
  }
  if (kept.length < 2) return fail(`alpha needs at least two items that vary; ${plural(kept.length, 'item')} ${kept.length === 1 ? 'does' : 'do'}`);
  const used = kept.map((i) => columns[i]!);
  const matrix = missing === 'listwise' ? listwiseCovariance(used) : pairwiseCovariance(used);
  const stats = kept.map((i) => (rows ? moments(columns[i]!, rows) : allAnswers[i]!));
  const computed = fromCovariance(
    matrix,
    kept.map((i) => names[i]!),
    stats,
  );
  if (!computed.ok) return fail(computed.reason);
  return {
    ok: true,
    missing,
    convention: missingDataConventions[missing],
    completeCases: matrix.completeRows,
    respondents: missing === 'listwise' ? matrix.completeRows : matrix.rowsWithData,
    excluded,
    ...computed.result,
  };
}
