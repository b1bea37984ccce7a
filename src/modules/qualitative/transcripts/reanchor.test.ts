import { describe, expect, it } from 'vitest';
import { codePointLength, sliceCodePoints } from '../text-positions.ts';
import { reanchorCoding, reanchorTurns, textChanges } from './reanchor.ts';

/** A coding given by the words it covers (the first occurrence), as code-point positions. */
function rangeOf(text: string, words: string): { start: number; end: number } {
  const index = text.indexOf(words);
  if (index < 0) throw new Error(`"${words}" is not in the text`);
  const start = codePointLength(text.slice(0, index));
  return { start, end: start + codePointLength(words) };
}

function outcome(before: string, after: string, coded: string) {
  const { start, end } = rangeOf(before, coded);
  const result = reanchorCoding(textChanges(before, after), start, end, codePointLength(after));
  return result.kind === 'unchanged' ? { kind: result.kind, text: coded } : { kind: result.kind, text: sliceCodePoints(after, result.start, result.end) };
}

const base = 'Q: How was it? A: There was real tension for change 😀 and little time. The programme lead agreed.';

describe('re-anchoring codings after an edit', () => {
  it.each([
    // [case, new text, coded words, expected kind, expected text of the coding afterwards]
    ['no change at all', base, 'real tension', 'unchanged', 'real tension'],
    ['an insertion before the coding', base.replace('How', 'So, how'), 'real tension', 'moved', 'real tension'],
    ['a deletion before the coding', base.replace('Q: How was it? ', ''), 'tension for change', 'moved', 'tension for change'],
    ['an emoji inserted before the coding', base.replace('There', '🙂🙂 There'), 'little time', 'moved', 'little time'],
    ['an emoji deleted before the coding', base.replace('😀 ', ''), 'little time', 'moved', 'little time'],
    ['an edit after the coding', base.replace('agreed', 'disagreed'), 'real tension', 'unchanged', 'real tension'],
    ['text inserted right at the coding start', base.replace('real tension', 'very real tension'), 'real tension', 'moved', 'real tension'],
    ['text inserted right at the coding end', base.replace('tension for change', 'tension for change, clearly'), 'tension for change', 'unchanged', 'tension for change'],
    ['a word changed inside the coding', base.replace('little time', 'hardly any time'), 'and little time', 'edited', 'and hardly any time'],
    ['an insertion inside the coding', base.replace('real tension', 'real, felt tension'), 'real tension', 'edited', 'real, felt tension'],
    ['an emoji edited inside the coding', base.replace('😀', '😢'), 'change 😀 and', 'edited', 'change 😢 and'],
    ['the coding’s start replaced', base.replace('There was real', 'It had real'), 'There was real tension', 'edited', 'It had real tension'],
    ['part of the coding deleted', base.replace(' for change', ''), 'tension for change 😀', 'edited', 'tension 😀'],
    // The last sentence goes; the marker sits on the space left at the end of the text.
    ['the coded words deleted entirely', base.replace('The programme lead agreed.', ''), 'programme lead', 'deleted', ' '],
    ['an emoji-only coding deleted', base.replace('😀 ', ''), '😀', 'deleted', 'a'],
  ])('%s', (_case, after, coded, kind, text) => {
    expect(outcome(base, after, coded)).toEqual({ kind, text });
  });

  it('keeps codings unchanged in text that was not edited, when edits are everywhere else', () => {
    const after = base.replace('Q:', 'Interviewer:').replace('A:', 'SM01:').replace('agreed.', 'agreed, in the end.');
    for (const words of ['How was it?', 'There was real tension', '😀 and little time', 'The programme lead']) {
      expect(outcome(base, after, words)).toEqual({ kind: 'moved', text: words });
    }
  });

  it('keeps a deleted coding inside the text when the end of the text was deleted', () => {
    const before = 'Keep this. Delete this part';
    const after = 'Keep this.';
    const { start, end } = rangeOf(before, 'this part');
    const result = reanchorCoding(textChanges(before, after), start, end, codePointLength(after));
    expect(result).toEqual({ kind: 'deleted', start: 9, end: 10 });
  });

  it('treats the changed middle as one replacement when the diff takes too long, flagging what lies in it', () => {
    let seed = 7;
    const letter = () => String.fromCharCode(97 + ((seed = (seed * 16807) % 2147483647) % 26));
    const scrambled = (n: number) => Array.from({ length: n }, letter).join('');
    const before = `Start. ${scrambled(3000)} End.`;
    const after = `Start. ${scrambled(3000)} End.`;
    const hunks = textChanges(before, after, 0);
    expect(hunks).toEqual([{ oldStart: 7, oldEnd: 3007, newStart: 7, newEnd: 3007 }]);
    expect(reanchorCoding(hunks, 0, 6, 3012)).toEqual({ kind: 'unchanged' });
    expect(reanchorCoding(hunks, 100, 200, 3012)).toEqual({ kind: 'edited', start: 7, end: 3007 });
    expect(reanchorCoding(hunks, 3008, 3012, 3012)).toEqual({ kind: 'unchanged' });
  });

  it('treats a rewritten word as one replacement', () => {
    const hunks = textChanges('abc middle xyz', 'abc MIDDLE xyz');
    expect(hunks).toEqual([{ oldStart: 4, oldEnd: 10, newStart: 4, newEnd: 10 }]);
  });
});

describe('re-anchoring speaker turns', () => {
  const before = 'Q: One?\nA: Two 😀 words.\nQ: Three?';
  const turns = [
    { speaker: 'Q', ...rangeOf(before, 'One?') },
    { speaker: 'A', ...rangeOf(before, 'Two 😀 words.') },
    { speaker: 'Q', ...rangeOf(before, 'Three?') },
  ];
  const texts = (after: string) => reanchorTurns(textChanges(before, after), turns).map((t) => (t ? sliceCodePoints(after, t.start, t.end) : null));

  it('moves turns with the text and lets text typed at a turn’s edge join it', () => {
    expect(texts('Q: One, first?\nA: Two 😀 words and more.\nQ: Three?')).toEqual(['One, first?', 'Two 😀 words and more.', 'Three?']);
    expect(texts('Q: One?\nA: Well, two 😀 words.\nQ: Three?')).toEqual(['One?', 'Well, two 😀 words.', 'Three?']);
  });

  it('leaves out a turn whose words were all deleted', () => {
    expect(texts('Q: One?\nA: \nQ: Three?')).toEqual(['One?', null, 'Three?']);
  });
});
