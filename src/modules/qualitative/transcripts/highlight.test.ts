import { describe, expect, it } from 'vitest';
import { clockTime, transcriptView, type CodingSpan } from './highlight.ts';

const coding = (id: string, start: number, end: number): CodingSpan => ({ id, start, end, codeName: id, codeColour: '#1d70b8', valence: 'neutral', needsReview: false });

describe('transcript pieces for reading', () => {
  it('cuts turns where codings start and end, counting overlaps, in code points', () => {
    const content = 'Q: Why?\nA: 😀 because it mattered';
    const turns = [{ speaker: 'Q', start: 3, end: 7, startMs: 65_000 }, { speaker: 'A', start: 11, end: 32, startMs: 3_725_000 }];
    const [q, a] = transcriptView(content, turns, [coding('outer', 11, 32), coding('inner', 13, 20), coding('across', 5, 14)]);
    expect(q!.pieces.map((p) => [p.text, p.depth])).toEqual([['Wh', 0], ['y?', 1]]);
    expect(a!.pieces.map((p) => [p.text, p.depth, p.codeNames])).toEqual([
      ['😀 ', 2, ['outer', 'across']],
      ['b', 3, ['outer', 'inner', 'across']],
      ['ecause', 2, ['outer', 'inner']],
      [' it mattered', 1, ['outer']],
    ]);
    expect(a!.codings.find((c) => c.id === 'across')?.text).toBe('😀 b');
    expect([q!.time, a!.time]).toEqual(['1:05', '1:02:05']);
  });

  it('shows paragraphs when a text has no turns', () => {
    expect(transcriptView('One.\nStill one.\n\nTwo.', [], []).map((t) => t.pieces.map((p) => p.text).join(''))).toEqual(['One.\nStill one.', 'Two.']);
    expect(clockTime(0)).toBe('0:00');
  });
});
