import {
  binaryAlpha,
  binaryKappa,
  type AlphaResult,
  type BinaryAgreementCounts,
  type KappaResult,
} from '../../analysis/index.ts';
import { coveredLength, overlaps, sharedLength, unionOf, type AgreementUnit, type SourceUnits } from './units.ts';

/**
 * Comparing two coders' codings of the same sources, code by code:
 *  - Cohen's kappa by segment: every unit (paragraph or turn) of every source is one decision
 *    per code, applied or not, by each coder; "overall" pools the decisions of every code.
 *  - Krippendorff's alpha (nominal) by character: every code point of every source is one unit,
 *    with the value 1 where the coder's codings of the code cover it and 0 elsewhere.
 */

export type Side = 'a' | 'b';

export interface RoundCoding {
  side: Side;
  sourceId: string;
  codeId: string;
  start: number;
  end: number;
  valence: string;
  memo: string;
}

export interface CodeAgreement {
  codeId: string;
  /** Units each coder applied the code to, and the kappa from them. */
  units: BinaryAgreementCounts;
  kappa: KappaResult;
  /** Characters each coder's codings covered, and alpha from them. */
  characters: BinaryAgreementCounts;
  alpha: AlphaResult;
}

export interface Comparison {
  codes: CodeAgreement[];
  /** Every code's unit decisions pooled. */
  overall: { units: BinaryAgreementCounts; kappa: KappaResult; characters: BinaryAgreementCounts; alpha: AlphaResult };
  unitCount: number;
  characterCount: number;
}

const emptyCounts = (): BinaryAgreementCounts => ({ neither: 0, onlyA: 0, onlyB: 0, both: 0 });

function add(counts: BinaryAgreementCounts, a: boolean, b: boolean, n = 1): void {
  if (a && b) counts.both += n;
  else if (a) counts.onlyA += n;
  else if (b) counts.onlyB += n;
  else counts.neither += n;
}

function addAll(into: BinaryAgreementCounts, from: BinaryAgreementCounts): void {
  into.neither += from.neither;
  into.onlyA += from.onlyA;
  into.onlyB += from.onlyB;
  into.both += from.both;
}

/** The codings of one side, source and code. */
function group(codings: readonly RoundCoding[]): Map<string, RoundCoding[]> {
  const out = new Map<string, RoundCoding[]>();
  for (const c of codings) {
    const key = `${c.side}|${c.sourceId}|${c.codeId}`;
    const list = out.get(key);
    if (list) list.push(c);
    else out.set(key, [c]);
  }
  return out;
}

/** Whether any of the codings overlaps the unit's text. */
const appliedTo = (unit: AgreementUnit, codings: readonly RoundCoding[] | undefined) => (codings ?? []).some((c) => overlaps(c, unit));

export function compareCoders(sources: readonly SourceUnits[], codings: readonly RoundCoding[], codeIds: readonly string[]): Comparison {
  const bySide = group(codings);
  const overall = { units: emptyCounts(), characters: emptyCounts() };
  const codes = codeIds.map((codeId): CodeAgreement => {
    const units = emptyCounts();
    const characters = emptyCounts();
    for (const source of sources) {
      const a = bySide.get(`a|${source.sourceId}|${codeId}`);
      const b = bySide.get(`b|${source.sourceId}|${codeId}`);
      for (const unit of source.units) add(units, appliedTo(unit, a), appliedTo(unit, b));
      // Codings are clipped to the text, in case the source grew shorter since they were made.
      const clip = (list: RoundCoding[] | undefined) => unionOf((list ?? []).map((c) => ({ start: Math.max(0, c.start), end: Math.min(source.length, c.end) })));
      const unionA = clip(a);
      const unionB = clip(b);
      const both = sharedLength(unionA, unionB);
      const onlyA = coveredLength(unionA) - both;
      const onlyB = coveredLength(unionB) - both;
      addAll(characters, { both, onlyA, onlyB, neither: source.length - both - onlyA - onlyB });
    }
    addAll(overall.units, units);
    addAll(overall.characters, characters);
    return { codeId, units, kappa: binaryKappa(units), characters, alpha: binaryAlpha(characters) };
  });
  return {
    codes,
    overall: { ...overall, kappa: binaryKappa(overall.units), alpha: binaryAlpha(overall.characters) },
    unitCount: sources.reduce((sum, s) => sum + s.units.length, 0),
    characterCount: sources.reduce((sum, s) => sum + s.length, 0),
  };
}

export interface Disagreement {
  unit: AgreementUnit;
  /** The codes each coder applied to the unit, in the order of the codes given. */
  a: string[];
  b: string[];
}

/** The units where the coders applied different sets of the codes. */
export function disagreements(sources: readonly SourceUnits[], codings: readonly RoundCoding[], codeIds: readonly string[]): Disagreement[] {
  const bySide = group(codings);
  const out: Disagreement[] = [];
  for (const source of sources) {
    for (const unit of source.units) {
      const a = codeIds.filter((codeId) => appliedTo(unit, bySide.get(`a|${source.sourceId}|${codeId}`)));
      const b = codeIds.filter((codeId) => appliedTo(unit, bySide.get(`b|${source.sourceId}|${codeId}`)));
      if (a.length !== b.length || a.some((codeId, i) => b[i] !== codeId)) out.push({ unit, a, b });
    }
  }
  return out;
}
