import { codePointLength } from '../text-positions.ts';
import { labelCandidate, trustedLabels } from './speaker-labels.ts';

/**
 * Speaker turns found in a plain-text transcript. The text is kept as written, labels included,
 * so it reads as the transcript the team typed; each turn covers the spoken words after its
 * label. Positions count code points, as every stored position does.
 */

export interface DetectedTurn {
  speaker: string;
  start: number;
  end: number;
  startMs: number | null;
  endMs: number | null;
}

export interface ParsedTranscript {
  content: string;
  turns: DetectedTurn[];
}

/** Line endings as LF, no byte-order mark, no trailing blank lines: browsers post CRLF, files vary. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\s+$/, '');
}

interface Line {
  text: string;
  /** Code-point position of the line's first character. */
  start: number;
}

function splitLines(content: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const text of content.split('\n')) {
    lines.push({ text, start });
    start += codePointLength(text) + 1;
  }
  return lines;
}

/** Code-point position just after the last non-blank character of a line. */
const lineEnd = (line: Line) => line.start + codePointLength(line.text.replace(/\s+$/, ''));

/** Code-point position of the first non-blank character at or after a UTF-16 offset in a line. */
function textStart(line: Line, fromUnit: number): number {
  const rest = line.text.slice(fromUnit);
  const skipped = rest.length - rest.trimStart().length;
  return line.start + codePointLength(line.text.slice(0, fromUnit + skipped));
}

class TurnBuilder {
  readonly turns: DetectedTurn[] = [];
  private current: DetectedTurn | undefined;

  /** Starts a turn; it begins at the first words that follow, which may be on a later line. */
  open(speaker: string): void {
    this.close();
    this.current = { speaker, start: -1, end: -1, startMs: null, endMs: null };
  }

  /** Adds a line with words on it (from `from`) to the open turn; opens an unlabelled one if none is. */
  extend(line: Line, from: number): void {
    if (!this.current) this.open('');
    const turn = this.current!;
    if (turn.start < 0) turn.start = from;
    turn.end = Math.max(turn.end, lineEnd(line));
  }

  close(): void {
    if (this.current && this.current.start >= 0 && this.current.end > this.current.start) this.turns.push(this.current);
    this.current = undefined;
  }
}

/**
 * Finds speaker turns: a line starting with a trusted label opens a turn, and the lines after it
 * belong to that turn until the next label. Without any label, each paragraph is a turn of its
 * own with no speaker, so the transcript page still shows the text in readable pieces.
 */
export function detectTurns(text: string): ParsedTranscript {
  const content = normaliseText(text);
  const lines = splitLines(content);
  const candidates = lines.map((line) => labelCandidate(line.text));
  const trusted = trustedLabels(candidates.flatMap((c) => (c ? [c.label] : [])));
  const builder = new TurnBuilder();
  lines.forEach((line, index) => {
    const candidate = candidates[index];
    if (candidate && trusted.has(candidate.label)) {
      const start = textStart(line, candidate.textOffset);
      builder.open(candidate.label);
      if (lineEnd(line) > start) builder.extend(line, start);
    } else if (line.text.trim() === '') {
      if (!trusted.size) builder.close();
    } else {
      builder.extend(line, textStart(line, 0));
    }
  });
  builder.close();
  return { content, turns: builder.turns };
}
