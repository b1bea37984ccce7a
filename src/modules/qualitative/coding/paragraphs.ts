import type { Source } from '../service.ts';

/**
 * A source cut into the paragraphs the coding page shows and the no-script form codes whole:
 * one per speaker turn when the source has turns, otherwise one per paragraph of text. Each
 * carries its range twice: in code points (what codings store) and in UTF-16 units (what the
 * browser's selection counts), so the page script can send offsets the server converts.
 */
export interface Paragraph {
  /** 1, 2, 3… in reading order: the paragraph's number in addresses and headings. */
  index: number;
  speaker: string;
  startMs: number | null;
  /** Code points, end exclusive, with surrounding white space left out. */
  start: number;
  end: number;
  /** The same range in UTF-16 units. */
  start16: number;
  end16: number;
  text: string;
}

/** Maps UTF-16 offsets to code-point positions (or back) for many positions in one pass. */
function positionMap(text: string, positions: Iterable<number>, from: 'utf16' | 'points'): Map<number, number> {
  const wanted = [...new Set(positions)].sort((a, b) => a - b);
  const out = new Map<number, number>();
  let units = 0;
  let points = 0;
  for (const target of wanted) {
    while ((from === 'utf16' ? units : points) < target && units < text.length) {
      const unit = text.charCodeAt(units);
      const pair = unit >= 0xd800 && unit <= 0xdbff && units + 1 < text.length && (text.charCodeAt(units + 1) & 0xfc00) === 0xdc00;
      units += pair ? 2 : 1;
      points += 1;
    }
    out.set(target, from === 'utf16' ? points : units);
  }
  return out;
}

/** Splits a UTF-16 range into paragraphs: at blank lines when it has any, otherwise at each line break. */
function splitText(content: string, from: number, to: number): [number, number][] {
  const slice = content.slice(from, to);
  const separator = /\n[ \t\r]*\n/.test(slice) ? /\n[ \t\r]*\n\s*/g : /\r?\n/g;
  const out: [number, number][] = [];
  let start = 0;
  const push = (a: number, b: number) => {
    const trimmed = trimRange(slice, a, b);
    if (trimmed) out.push([from + trimmed[0], from + trimmed[1]]);
  };
  for (const match of slice.matchAll(separator)) {
    push(start, match.index);
    start = match.index + match[0].length;
  }
  push(start, slice.length);
  return out;
}

/** A UTF-16 range without white space at either end, or null when nothing else is left. */
export function trimRange(text: string, start: number, end: number): [number, number] | null {
  let a = start;
  let b = end;
  while (a < b && /\s/.test(text[a]!)) a++;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  return a < b ? [a, b] : null;
}

export function paragraphsOf(source: Pick<Source, 'content' | 'turns'>): Paragraph[] {
  const { content } = source;
  const turns = [...source.turns].sort((a, b) => a.start - b.start || a.end - b.end);
  const toUnits = positionMap(content, turns.flatMap((t) => [t.start, t.end]), 'points');
  const ranges: { from: number; to: number; speaker: string; startMs: number | null }[] = [];
  let cursor = 0;
  const gap = (until: number) => {
    for (const [from, to] of splitText(content, cursor, until)) ranges.push({ from, to, speaker: '', startMs: null });
  };
  for (const turn of turns) {
    const from = Math.max(toUnits.get(turn.start)!, cursor);
    const to = toUnits.get(turn.end)!;
    if (to <= from) continue;
    if (from > cursor) gap(from);
    const trimmed = trimRange(content, from, to);
    if (trimmed) ranges.push({ from: trimmed[0], to: trimmed[1], speaker: turn.speaker, startMs: turn.startMs });
    cursor = to;
  }
  if (cursor < content.length) gap(content.length);
  const toPoints = positionMap(content, ranges.flatMap((r) => [r.from, r.to]), 'utf16');
  return ranges.map((r, i) => ({
    index: i + 1,
    speaker: r.speaker,
    startMs: r.startMs,
    start: toPoints.get(r.from)!,
    end: toPoints.get(r.to)!,
    start16: r.from,
    end16: r.to,
    text: content.slice(r.from, r.to),
  }));
}

/** "1:02:03" or "4:05" for a time in milliseconds. */
export function clockTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}
