import { describe, expect, it } from 'vitest';
import { sliceCodePoints } from '../text-positions.ts';
import { detectTurns } from './turn-detection.ts';

const turnTexts = (text: string) => {
  const { content, turns } = detectTurns(text);
  return turns.map((t) => [t.speaker, sliceCodePoints(content, t.start, t.end)]);
};

describe('speaker turns in plain text', () => {
  it('finds the usual labels and participant codes, keeping the labels in the text', () => {
    const text = 'Interviewer: How did the merger go?\r\nSM01: Badly at first 😀, then better.\r\nInterviewer: Why?\r\nSM01: Time.';
    const { content, turns } = detectTurns(text);
    expect(content).not.toContain('\r');
    expect(content.startsWith('Interviewer: How')).toBe(true);
    expect(turnTexts(text)).toEqual([
      ['Interviewer', 'How did the merger go?'],
      ['SM01', 'Badly at first 😀, then better.'],
      ['Interviewer', 'Why?'],
      ['SM01', 'Time.'],
    ]);
    // Positions are code points: the emoji counts once.
    expect(turns[2]!.start).toBe(Array.from(content).indexOf('W'));
  });

  it('keeps following paragraphs in the turn until the next label, and reads Q and A', () => {
    expect(turnTexts('Q: First question?\n\nA: One answer.\n\nIt went on.\n\nQ: Next?\nA:\nAn answer on the next line.')).toEqual([
      ['Q', 'First question?'],
      ['A', 'One answer.\n\nIt went on.'],
      ['Q', 'Next?'],
      ['A', 'An answer on the next line.'],
    ]);
  });

  it('trusts a name as a label only when it is used as one at least twice', () => {
    expect(turnTexts('Jane Smith: Hello.\nInterviewer: Hi.\nJane Smith: Again.').map((t) => t[0])).toEqual(['Jane Smith', 'Interviewer', 'Jane Smith']);
    expect(turnTexts('Interviewer: Tell me.\nNote: this line is not a speaker.\nSM02: Fine.')).toEqual([
      ['Interviewer', 'Tell me.\nNote: this line is not a speaker.'],
      ['SM02', 'Fine.'],
    ]);
  });

  it('makes a turn with no speaker of text before the first label and of times of day', () => {
    expect(turnTexts('Interview 4, 10:30 at head office\n\nQ: Ready?\nA: Yes.')).toEqual([
      ['', 'Interview 4, 10:30 at head office'],
      ['Q', 'Ready?'],
      ['A', 'Yes.'],
    ]);
  });

  it('splits a text without labels into paragraphs', () => {
    expect(turnTexts('\uFEFFFirst paragraph\nstill first.\n\n\nSecond.\n\n')).toEqual([
      ['', 'First paragraph\nstill first.'],
      ['', 'Second.'],
    ]);
  });
});
