/**
 * A transcript cut into pieces for reading: each speaker turn's text split wherever a coding
 * starts or ends, so the page can mark coded words (overlapping and nested codings included)
 * without any script. Positions are code points.
 */

export interface CodingSpan {
  id: string;
  start: number;
  end: number;
  codeName: string;
  codeColour: string;
  valence: string;
  needsReview: boolean;
}

export interface Piece {
  text: string;
  /** How many codings cover this piece; 0 for uncoded text. */
  depth: number;
  codeNames: string[];
}

export interface TurnView {
  number: number;
  speaker: string;
  time: string | null;
  pieces: Piece[];
  /** The codings touching this turn, each with the words it covers inside the turn. */
  codings: (CodingSpan & { text: string })[];
}

export interface TurnRange {
  speaker: string;
  start: number;
  end: number;
  startMs: number | null;
}

/** A caption time as people say it: 4:05 or 1:02:09. */
export function clockTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds / 60) % 60;
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Paragraphs (text between blank lines) as turns without a speaker, for sources that have no turns. */
function paragraphRanges(points: string[]): TurnRange[] {
  const ranges: TurnRange[] = [];
  let start = -1;
  for (let i = 0; i <= points.length; i++) {
    const blankLine = i === points.length || (points[i] === '\n' && points[i + 1] === '\n');
    if (blankLine) {
      if (start >= 0) ranges.push({ speaker: '', start, end: i, startMs: null });
      start = -1;
    } else if (start < 0 && points[i] !== '\n') {
      start = i;
    }
  }
  return ranges;
}

export function transcriptView(content: string, turns: TurnRange[], codings: CodingSpan[]): TurnView[] {
  const points = Array.from(content);
  const ranges = turns.length ? turns : paragraphRanges(points);
  return ranges.map((turn, index) => {
    const touching = codings.filter((c) => c.start < turn.end && c.end > turn.start);
    const cuts = new Set([turn.start, turn.end]);
    for (const c of touching) {
      cuts.add(Math.max(c.start, turn.start));
      cuts.add(Math.min(c.end, turn.end));
    }
    const sorted = [...cuts].sort((a, b) => a - b);
    const pieces: Piece[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const [a, b] = [sorted[i]!, sorted[i + 1]!];
      const covering = touching.filter((c) => c.start <= a && c.end >= b);
      pieces.push({ text: points.slice(a, b).join(''), depth: covering.length, codeNames: covering.map((c) => c.codeName) });
    }
    return {
      number: index + 1,
      speaker: turn.speaker,
      time: turn.startMs === null ? null : clockTime(turn.startMs),
      pieces,
      codings: touching.map((c) => ({ ...c, text: points.slice(Math.max(c.start, turn.start), Math.min(c.end, turn.end)).join('') })),
    };
  });
}
