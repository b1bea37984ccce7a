import { paragraphsOf } from '../coding/paragraphs.ts';
import type { Source } from '../service.ts';
import { codePointLength } from '../text-positions.ts';

/**
 * The units agreement by segment is counted in: the paragraphs the coding page shows (one per
 * speaker turn when the transcript has turns, otherwise one per paragraph of text). A coder
 * applied a code to a unit when one of their codings of it overlaps the unit's text.
 *
 * For writing reconciled codings back, the units also cut the whole text into consecutive
 * spans, each unit's span running from its start to the next unit's start (the first from 0,
 * the last to the end), so the pieces of a coding that crossed several units join up again.
 * Positions are code points, end exclusive.
 */
export interface AgreementUnit {
  sourceId: string;
  /** 1, 2, 3… as the coding page numbers paragraphs. */
  index: number;
  speaker: string;
  /** The unit's text, without white space at either end. */
  start: number;
  end: number;
  spanStart: number;
  spanEnd: number;
  text: string;
}

export interface SourceUnits {
  sourceId: string;
  /** The text's length in code points. */
  length: number;
  units: AgreementUnit[];
}

export function agreementUnits(source: Pick<Source, 'id' | 'content' | 'turns'>): SourceUnits {
  const length = codePointLength(source.content);
  const paragraphs = paragraphsOf(source);
  const units = paragraphs.map((p, i) => ({
    sourceId: source.id,
    index: p.index,
    speaker: p.speaker,
    start: p.start,
    end: p.end,
    spanStart: i === 0 ? 0 : p.start,
    spanEnd: i + 1 < paragraphs.length ? paragraphs[i + 1]!.start : length,
    text: p.text,
  }));
  return { sourceId: source.id, length, units };
}

export interface Range {
  start: number;
  end: number;
}

export const overlaps = (a: Range, b: Range) => a.start < b.end && b.start < a.end;

/** Sorted, non-overlapping ranges covering the same positions; touching ranges are joined. */
export function unionOf(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

export const coveredLength = (union: readonly Range[]) => union.reduce((sum, r) => sum + r.end - r.start, 0);

/** The positions two unions (from unionOf) share, counted in one pass over both. */
export function sharedLength(a: readonly Range[], b: readonly Range[]): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!.start, b[j]!.start);
    const end = Math.min(a[i]!.end, b[j]!.end);
    if (end > start) shared += end - start;
    if (a[i]!.end < b[j]!.end) i += 1;
    else j += 1;
  }
  return shared;
}
