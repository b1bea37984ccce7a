import { buildDocx, paragraph } from '../../src/modules/qualitative/transcripts/test-documents.ts';
import type { TranscriptFormat } from '../../src/modules/qualitative/transcripts/formats.ts';

/**
 * Synthetic interview transcripts for the import benchmark: alternating interviewer questions and
 * long answers made of sentences assembled from a small vocabulary of our own, about the words
 * a senior manager uses, with the odd accented letter and emoji so code-point counting is exercised.
 */

const openings = ['I think', 'To be honest', 'In our region', 'From where I sit', 'Looking back', 'Frankly', 'On the whole', 'If I am fair'];
const subjects = ['the merger', 'the programme board', 'our regional team', 'the budget', 'the centre', 'the new structure', 'the steering group', 'café-style learning sets'];
const verbs = ['slowed down', 'opened up', 'made room for', 'got in the way of', 'changed', 'supported', 'complicated', 'paid for'];
const objects = ['joint working', 'the improvement projects', 'staff involvement', 'our evaluation work', 'the local partners', 'time to plan', 'the commissioning cycle', 'front-line practice 😀'];
const closings = ['and that matters.', 'which nobody expected.', 'more than people admit.', 'at least in the first year.', 'and we are still learning.', 'for better or worse.'];
const questions = ['How did the reorganisation affect your programme?', 'What helped most?', 'What held the change back?', 'Who did you work with?', 'Can you give an example?', 'What would you do differently?'];

/** A small, fast, repeatable random number generator (mulberry32), so every run imports the same text. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, list: T[]) => list[Math.floor(next() * list.length)]!;

export interface SyntheticTurn {
  speaker: string;
  text: string;
}

/** About `words` words of alternating questions and answers. */
export function syntheticTurns(seed: number, words = 10_000): SyntheticTurn[] {
  const next = random(seed);
  const participant = `SM${String((seed % 99) + 1).padStart(2, '0')}`;
  const turns: SyntheticTurn[] = [];
  let count = 0;
  while (count < words) {
    const question = pick(next, questions);
    turns.push({ speaker: 'Interviewer', text: question });
    const sentences: string[] = [];
    const length = 4 + Math.floor(next() * 8);
    for (let i = 0; i < length; i++) sentences.push(`${pick(next, openings)}, ${pick(next, subjects)} ${pick(next, verbs)} ${pick(next, objects)} ${pick(next, closings)}`);
    const answer = sentences.join(' ');
    turns.push({ speaker: participant, text: answer });
    count += question.split(' ').length + answer.split(' ').length;
  }
  return turns;
}

const clock = (ms: number, separator: '.' | ',') => {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
};

/** Captions of about ten words each, three seconds apiece, as a transcription service writes them. */
function cues(turns: SyntheticTurn[]): { speaker: string; text: string; start: number; end: number }[] {
  const out: { speaker: string; text: string; start: number; end: number }[] = [];
  let at = 0;
  for (const turn of turns) {
    const words = turn.text.split(' ');
    for (let i = 0; i < words.length; i += 10) {
      out.push({ speaker: turn.speaker, text: words.slice(i, i + 10).join(' '), start: at, end: at + 3000 });
      at += 3000;
    }
  }
  return out;
}

/** The transcript as a file of the given format. */
export async function syntheticFile(format: TranscriptFormat, turns: SyntheticTurn[]): Promise<Buffer> {
  if (format === 'text') return Buffer.from(turns.map((t) => `${t.speaker}: ${t.text}`).join('\n\n'));
  if (format === 'docx') return buildDocx(turns.map((t) => paragraph(`${t.speaker}: ${t.text}`)));
  if (format === 'vtt') return Buffer.from(`WEBVTT\n\n${cues(turns).map((c) => `${clock(c.start, '.')} --> ${clock(c.end, '.')}\n<v ${c.speaker}>${c.text}`).join('\n\n')}\n`);
  return Buffer.from(cues(turns).map((c, i) => `${i + 1}\n${clock(c.start, ',')} --> ${clock(c.end, ',')}\n${c.speaker}: ${c.text}`).join('\n\n'));
}
