import type { DerivedScore } from '../instruments/definition.ts';
import { medianOf } from './quantiles.ts';

/**
 * Scores derived from two scale scores:
 * - ratio: numerator / denominator × factor; missing when either is missing or the denominator is 0.
 * - difference: from − minus; missing when either is missing.
 * - quadrant: each scale is "high" when its score is above the cut point and "low" when at or
 *   below it (Karasek's job-strain rule: demands above the median and latitude at or below it is
 *   high strain); the cut is a number from the definition or the median of the scored sample
 *   (R's median). The pair of levels picks one of the four categories of the definition.
 */

export interface NumericDerivedScores {
  kind: 'ratio' | 'difference';
  id: string;
  name: string;
  /** One value per respondent, NaN when missing. */
  scores: Float64Array;
  scored: number;
  /** Respondents with both scale scores whose ratio has a zero denominator. */
  zeroDenominators: number;
  rule: string;
}

export interface QuadrantCut {
  scale: string;
  source: 'fixed' | 'median';
  /** The cut point used, or null when the median was asked for and no one has a score. */
  value: number | null;
}

export interface QuadrantScores {
  kind: 'quadrant';
  id: string;
  name: string;
  categories: { code: string; label: string }[];
  /** One category index per respondent (into `categories`), −1 when either scale score is missing. */
  codes: Int8Array;
  /** Respondents in each category, in the order of `categories`. */
  counts: number[];
  scored: number;
  cuts: [QuadrantCut, QuadrantCut];
  rule: string;
}

export type DerivedScores = NumericDerivedScores | QuadrantScores;

const countPresent = (values: Float64Array): number => {
  let count = 0;
  for (let r = 0; r < values.length; r += 1) if (values[r] === values[r]) count += 1;
  return count;
};

const formatCut = (cut: QuadrantCut): string =>
  cut.source === 'fixed' ? `${cut.scale} above ${cut.value}` : `${cut.scale} above the sample median${cut.value === null ? ' (no scores)' : ` (${cut.value})`}`;

/** Computes one derived score from the scale scores it names. */
export function scoreDerived(derived: DerivedScore, scales: ReadonlyMap<string, Float64Array>, n: number): DerivedScores {
  if (derived.kind === 'ratio' || derived.kind === 'difference') {
    const [a, b] = derived.kind === 'ratio' ? [scales.get(derived.numerator)!, scales.get(derived.denominator)!] : [scales.get(derived.from)!, scales.get(derived.minus)!];
    const out = new Float64Array(n);
    let zero = 0;
    for (let r = 0; r < n; r += 1) {
      const x = a[r]!;
      const y = b[r]!;
      if (derived.kind === 'difference') out[r] = x - y;
      else if (y === 0 && x === x) {
        zero += 1;
        out[r] = Number.NaN;
      } else out[r] = (x / y) * derived.factor;
    }
    const rule =
      derived.kind === 'ratio'
        ? `${derived.name}: ${derived.numerator} / ${derived.denominator}${derived.factor === 1 ? '' : ` × ${derived.factor}`}, missing when the denominator is 0.`
        : `${derived.name}: ${derived.from} − ${derived.minus}.`;
    return { kind: derived.kind, id: derived.id, name: derived.name, scores: out, scored: countPresent(out), zeroDenominators: zero, rule };
  }
  const first = scales.get(derived.first.scale)!;
  const second = scales.get(derived.second.scale)!;
  const cutOf = (spec: { scale: string; cut: number | 'median' }, values: Float64Array): QuadrantCut => {
    if (spec.cut !== 'median') return { scale: spec.scale, source: 'fixed', value: spec.cut };
    const median = medianOf(values);
    return { scale: spec.scale, source: 'median', value: Number.isFinite(median) ? median : null };
  };
  const cuts: [QuadrantCut, QuadrantCut] = [cutOf(derived.first, first), cutOf(derived.second, second)];
  const categories = derived.quadrants.map((q) => ({ code: q.code, label: q.label }));
  // Index 0..3 by (first high ? 2 : 0) + (second high ? 1 : 0), mapped to the definition's order.
  const lookup = new Int8Array(4);
  derived.quadrants.forEach((q, i) => {
    lookup[(q.when[0] === 'high' ? 2 : 0) + (q.when[1] === 'high' ? 1 : 0)] = i;
  });
  const codes = new Int8Array(n).fill(-1);
  const counts = [0, 0, 0, 0];
  const [cut1, cut2] = [cuts[0].value, cuts[1].value];
  if (cut1 !== null && cut2 !== null) {
    for (let r = 0; r < n; r += 1) {
      const x = first[r]!;
      const y = second[r]!;
      if (x !== x || y !== y) continue;
      const code = lookup[(x > cut1 ? 2 : 0) + (y > cut2 ? 1 : 0)]!;
      codes[r] = code;
      counts[code]! += 1;
    }
  }
  const rule = `${derived.name}: "high" means ${formatCut(cuts[0])} and ${formatCut(cuts[1])}; at or below the cut is "low".`;
  return { kind: 'quadrant', id: derived.id, name: derived.name, categories, codes, counts, scored: counts.reduce((a, b) => a + b, 0), cuts, rule };
}
