import type { RoundCoding } from './comparison.ts';
import { overlaps, type Range, type SourceUnits } from './units.ts';

/**
 * The agreed codings of one source, from the two coders' codings and the decisions taken on the
 * units where they differed. Unit by unit and code by code:
 *  - both coders applied the code: it is agreed; the text coded is the union of both coders'
 *    codings, or one coder's when the unit's decision names that coder;
 *  - one coder applied it: kept, with that coder's text, when the decision is that coder or
 *    "both"; left out when the decision is the other coder or "neither", or not yet taken.
 * Each kept coding is cut to the unit's span, and pieces of the same code that meet or overlap
 * are joined, so a coding across several agreed units comes back whole.
 */

export const decisions = ['a', 'b', 'both', 'neither'] as const;
export type Decision = (typeof decisions)[number];

export interface AgreedCoding extends Range {
  codeId: string;
  valence: string;
  memo: string;
}

interface Piece extends Range {
  valence: string;
  memo: string;
  /** 0 for coder A, 1 for coder B: A's valence wins where pieces of both are joined. */
  from: number;
}

function take(side: readonly RoundCoding[], span: Range, from: number): Piece[] {
  return side.flatMap((c) => {
    const start = Math.max(c.start, span.start);
    const end = Math.min(c.end, span.end);
    return end > start ? [{ start, end, valence: c.valence, memo: c.memo, from }] : [];
  });
}

/** Joins pieces that meet or overlap; the joined coding takes the valence of its first piece from A (else B). */
function join(codeId: string, pieces: Piece[]): AgreedCoding[] {
  const sorted = [...pieces].sort((x, y) => x.start - y.start || x.from - y.from);
  const out: (AgreedCoding & { from: number; memos: Set<string> })[] = [];
  for (const piece of sorted) {
    const last = out.at(-1);
    if (last && piece.start <= last.end) {
      last.end = Math.max(last.end, piece.end);
      if (piece.from < last.from) {
        last.valence = piece.valence;
        last.from = piece.from;
      }
      if (piece.memo) last.memos.add(piece.memo);
    } else {
      out.push({ codeId, start: piece.start, end: piece.end, valence: piece.valence, memo: '', from: piece.from, memos: new Set(piece.memo ? [piece.memo] : []) });
    }
  }
  return out.map(({ codeId: id, start, end, valence, memos }) => ({ codeId: id, start, end, valence, memo: [...memos].join('\n') }));
}

export function agreedCodings(source: SourceUnits, codings: readonly RoundCoding[], codeIds: readonly string[], decided: ReadonlyMap<number, Decision>): AgreedCoding[] {
  const out: AgreedCoding[] = [];
  for (const codeId of codeIds) {
    const a = codings.filter((c) => c.side === 'a' && c.codeId === codeId && c.sourceId === source.sourceId);
    const b = codings.filter((c) => c.side === 'b' && c.codeId === codeId && c.sourceId === source.sourceId);
    if (!a.length && !b.length) continue;
    const pieces: Piece[] = [];
    for (const unit of source.units) {
      const inA = a.some((c) => overlaps(c, unit));
      const inB = b.some((c) => overlaps(c, unit));
      if (!inA && !inB) continue;
      const decision = decided.get(unit.start);
      const span = { start: unit.spanStart, end: unit.spanEnd };
      const fromA = inA && (inB ? decision !== 'b' : decision === 'a' || decision === 'both');
      const fromB = inB && (inA ? decision !== 'a' : decision === 'b' || decision === 'both');
      if (fromA) pieces.push(...take(a, span, 0));
      if (fromB) pieces.push(...take(b, span, 1));
    }
    out.push(...join(codeId, pieces));
  }
  return out.sort((x, y) => x.start - y.start || x.end - y.end || x.codeId.localeCompare(y.codeId));
}
