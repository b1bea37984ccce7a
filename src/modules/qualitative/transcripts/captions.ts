import { decodeHTML } from 'entities';
import { codePointLength } from '../text-positions.ts';
import { transcriptProblem } from './problems.ts';
import { labelCandidate, trustedLabels } from './speaker-labels.ts';
import { normaliseText, type DetectedTurn, type ParsedTranscript } from './turn-detection.ts';

/**
 * Caption files (WebVTT and SubRip) as transcripts: cues become speaker turns that keep their
 * times, and consecutive cues of one speaker are merged into one turn. A broken cue stops the
 * import with the cue's number and line, because a half-read caption file would misplace every
 * later turn.
 */

export interface Cue {
  /** Counting cues from 1 in the order they appear. */
  number: number;
  /** The line of the cue's timing, counting from 1. */
  line: number;
  startMs: number;
  endMs: number;
  speaker: string;
  text: string;
}

interface Block {
  lines: string[];
  /** Line number of the block's first line, counting from 1. */
  firstLine: number;
}

function blocks(text: string): Block[] {
  const out: Block[] = [];
  let current: Block | undefined;
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') {
      current = undefined;
      return;
    }
    if (!current) {
      current = { lines: [], firstLine: index + 1 };
      out.push(current);
    }
    current.lines.push(line);
  });
  return out;
}

const vttTime = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const srtTime = /^(\d{1,}):([0-5]\d):([0-5]\d)[,.](\d{1,3})$/;

function toMs(match: RegExpExecArray): number {
  const [, hours = '0', minutes, seconds, fraction] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(fraction!.padEnd(3, '0'));
}

/** Formats milliseconds as a caption time, for messages. */
export function formatMs(ms: number): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const hours = Math.floor(ms / 3_600_000);
  return `${pad(hours)}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

interface CaptionSyntax {
  name: string;
  time: RegExp;
  example: string;
}

const vtt: CaptionSyntax = { name: 'WebVTT', time: vttTime, example: '00:01:02.500 --> 00:01:05.000' };
const srt: CaptionSyntax = { name: 'SubRip', time: srtTime, example: '00:01:02,500 --> 00:01:05,000' };

/** Reads a timing line; a bad time or an end before the start is an error naming the cue. */
function readTiming(syntax: CaptionSyntax, fileName: string, line: string, cue: number, lineNumber: number): { startMs: number; endMs: number } {
  const where = `cue ${cue} (line ${lineNumber})`;
  const parts = /^\s*(\S+)\s+-->\s+(\S+)(\s.*)?$/.exec(line);
  if (!parts) throw transcriptProblem(fileName, `${where} has no valid timing line: expected something like "${syntax.example}", found "${line.trim()}"`);
  const start = syntax.time.exec(parts[1]!);
  const end = syntax.time.exec(parts[2]!);
  const bad = !start ? parts[1] : !end ? parts[2] : undefined;
  if (bad !== undefined || !start || !end) throw transcriptProblem(fileName, `${where} has a time that is not valid: "${bad}" (${syntax.name} times look like "${syntax.example.split(' ')[0]}")`);
  const startMs = toMs(start);
  const endMs = toMs(end);
  if (endMs < startMs) throw transcriptProblem(fileName, `${where} ends (${formatMs(endMs)}) before it starts (${formatMs(startMs)})`);
  return { startMs, endMs };
}

/** A timing line inside a cue's text means the blank line before the next cue is missing. */
function checkNoTimingInText(fileName: string, text: string[], cue: number, firstTextLine: number): void {
  const at = text.findIndex((line) => line.includes('-->'));
  if (at >= 0) {
    throw transcriptProblem(fileName, `cue ${cue} runs into the next cue at line ${firstTextLine + at}: a blank line is missing between cue ${cue} and the timing "${text[at]!.trim()}"`);
  }
}

function plainCueText(lines: string[]): { voice: string; text: string } {
  const joined = lines.join(' ');
  const voice = /<v(?:\.[^\s>]*)?\s+([^>]*)>/.exec(joined)?.[1]?.trim() ?? '';
  const text = decodeHTML(joined.replace(/<[^>]*>/g, '').replace(/\{\\[^}]*\}/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  return { voice, text };
}

/** Reads a WebVTT file into cues; NOTE, STYLE and REGION blocks are skipped. */
export function parseVtt(raw: string, fileName: string): Cue[] {
  const text = normaliseText(raw);
  if (!/^WEBVTT([ \t].*)?$/.test(text.split('\n')[0] ?? '')) throw transcriptProblem(fileName, 'line 1 must start with "WEBVTT": this is not a WebVTT file');
  const [header, ...cueBlocks] = blocks(text);
  const swallowed = header!.lines.findIndex((line) => line.includes('-->'));
  if (swallowed >= 0) throw transcriptProblem(fileName, `cue 1 (line ${swallowed + 1}) follows the WEBVTT header without a blank line between them`);
  const cues: Cue[] = [];
  for (const block of cueBlocks) {
    if (/^(NOTE|STYLE|REGION)([ \t]|$)/.test(block.lines[0]!)) continue;
    const number = cues.length + 1;
    const timingAt = block.lines[0]!.includes('-->') ? 0 : 1;
    const timingLine = block.lines[timingAt];
    if (timingLine === undefined) {
      throw transcriptProblem(fileName, `cue ${number} (line ${block.firstLine}) has an identifier but no timing line after it: expected something like "${vtt.example}"`);
    }
    const timing = readTiming(vtt, fileName, timingLine, number, block.firstLine + timingAt);
    const textLines = block.lines.slice(timingAt + 1);
    checkNoTimingInText(fileName, textLines, number, block.firstLine + timingAt + 1);
    const { voice, text: words } = plainCueText(textLines);
    cues.push({ number, line: block.firstLine + timingAt, ...timing, speaker: voice, text: words });
  }
  return withSpeakerPrefixes(cues, fileName);
}

/** Reads a SubRip (.srt) file into cues. */
export function parseSrt(raw: string, fileName: string): Cue[] {
  const cues: Cue[] = [];
  for (const block of blocks(normaliseText(raw))) {
    const number = cues.length + 1;
    if (!/^\d+$/.test(block.lines[0]!.trim())) {
      throw transcriptProblem(fileName, `cue ${number} (line ${block.firstLine}) should start with its number on a line of its own, found "${block.lines[0]!.trim()}"`);
    }
    const timingLine = block.lines[1];
    if (timingLine === undefined) throw transcriptProblem(fileName, `cue ${number} (line ${block.firstLine}) has a number but no timing line after it: expected something like "${srt.example}"`);
    const timing = readTiming(srt, fileName, timingLine, number, block.firstLine + 1);
    const textLines = block.lines.slice(2);
    checkNoTimingInText(fileName, textLines, number, block.firstLine + 2);
    cues.push({ number, line: block.firstLine + 1, ...timing, speaker: '', text: plainCueText(textLines).text });
  }
  return withSpeakerPrefixes(cues, fileName);
}

/** Takes "Speaker: text" prefixes off cues that have no voice tag, when the label is trusted. */
function withSpeakerPrefixes(cues: Cue[], fileName: string): Cue[] {
  if (!cues.length) throw transcriptProblem(fileName, 'the file has no cues');
  const candidates = cues.map((cue) => (cue.speaker ? undefined : labelCandidate(cue.text)));
  const trusted = trustedLabels(candidates.flatMap((c) => (c ? [c.label] : [])));
  return cues.map((cue, index) => {
    const candidate = candidates[index];
    if (!candidate || !trusted.has(candidate.label)) return cue;
    return { ...cue, speaker: candidate.label, text: cue.text.slice(candidate.textOffset).trim() };
  });
}

/**
 * Merges consecutive cues of one named speaker into one turn and writes the transcript as
 * "Speaker: words" paragraphs. Cues with no speaker stay turns of their own: joining them would
 * attribute words to nobody in particular over minutes of talk.
 */
export function cuesToTranscript(cues: Cue[]): ParsedTranscript {
  const merged: { speaker: string; words: string[]; startMs: number; endMs: number }[] = [];
  for (const cue of cues) {
    if (!cue.text) continue;
    const last = merged.at(-1);
    if (last && cue.speaker && last.speaker === cue.speaker) {
      last.words.push(cue.text);
      last.endMs = Math.max(last.endMs, cue.endMs);
    } else {
      merged.push({ speaker: cue.speaker, words: [cue.text], startMs: cue.startMs, endMs: cue.endMs });
    }
  }
  const paragraphs: string[] = [];
  const turns: DetectedTurn[] = [];
  let position = 0;
  for (const turn of merged) {
    const prefix = turn.speaker ? `${turn.speaker}: ` : '';
    const words = turn.words.join(' ');
    const start = position + codePointLength(prefix);
    const end = start + codePointLength(words);
    turns.push({ speaker: turn.speaker, start, end, startMs: turn.startMs, endMs: turn.endMs });
    paragraphs.push(prefix + words);
    position = end + 2;
  }
  return { content: paragraphs.join('\n\n'), turns };
}
